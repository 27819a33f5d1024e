#include "harness/asyncapi/asyncapi_import.h"

#include "harness/asyncapi/schema_json.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

// What one channel of a document is in the scenario.
struct Channel {
    enum class Kind { Exchange, Queue, Topic } kind = Kind::Exchange;
    std::string name;
};

std::string text(const Json& v, const std::string& fallback = "") {
    return v.is_string() ? v.get<std::string>() : fallback;
}

const Json& member(const Json& v, const char* key) {
    static const Json kNull;
    return v.is_object() && v.contains(key) ? v[key] : kNull;
}

class Importer {
public:
    explicit Importer(std::string name) : m_name(std::move(name)) {}

    std::string add(const AsyncApiSource& source) {
        const Json doc = Json::parse(source.json, nullptr, false);
        const std::string version = text(member(doc, "asyncapi"));
        if (!doc.is_object() || version.empty()) {
            return source.file + ": not an AsyncAPI document (no \"asyncapi\" version)";
        }
        if (version.rfind("3.", 0) != 0) {
            return source.file + ": AsyncAPI " + version +
                   "; EventSim reads AsyncAPI 3 (the AsyncAPI converter upgrades 2.x documents)";
        }
        m_file = source.file;
        m_doc = &doc;
        const std::string title = text(member(member(doc, "info"), "title"), source.file);
        std::string service = title;
        for (int n = 2; m_serviceNames.count(service) > 0; ++n) {
            service = title + "-" + std::to_string(n);
        }
        m_serviceNames.insert(service);
        if (member(doc, "servers").is_object()) {
            std::uint32_t kafkaServers = 0;
            for (const auto& [key, server] : member(doc, "servers").items()) {
                kafkaServers += text(member(server, "protocol")).find("kafka") == 0 ? 1 : 0;
            }
            m_kafka = m_kafka || kafkaServers > 0;
            m_brokers = std::max(m_brokers, kafkaServers); // a cluster: one server per broker
            m_notes.insert("servers: their hosts and security are not part of a scenario");
        }
        for (const auto& [id, m] : member(member(doc, "components"), "messages").items()) {
            message(id, m);
        }
        std::map<std::string, Channel> channels;
        for (const auto& [key, channel] : member(doc, "channels").items()) {
            channels[key] = channel_(key, channel);
        }
        Json svc{{"name", service}};
        Json produces = Json::array();
        Json consumes = Json::array();
        for (const auto& [key, op] : member(doc, "operations").items()) {
            operation(key, op, channels, service, produces, consumes);
        }
        if (!produces.empty()) {
            svc["produces"] = produces;
        }
        if (!consumes.empty()) {
            svc["consumes"] = consumes;
        }
        m_services.push_back(svc);
        m_doc = nullptr;
        return "";
    }

    AsyncApiImport result() const {
        Json scenario{
            {"name", m_name},
            {"description", "Imported from AsyncAPI: " + std::to_string(m_services.size()) +
                                " services. Rates and processing times are placeholders."},
            {"duration", "1m"}};
        Json broker = Json::object();
        if (m_kafka) {
            broker["kind"] = "kafka";
            if (m_brokers > 1) {
                broker["brokers"] = m_brokers;
            }
            broker["topics"] = values(m_topics);
            broker["groups"] = values(m_groups);
        } else {
            broker["exchanges"] = values(m_exchanges);
            broker["queues"] = values(m_queues);
            broker["bindings"] = m_bindings;
        }
        scenario["broker"] = broker;
        Json schemas = Json::array();
        std::size_t messages = 0;
        for (const auto& [type, versions] : m_schemas) {
            if (versions.second.empty()) {
                continue; // messages without schemas
            }
            Json list = Json::array();
            for (const auto& [version, schema] : versions.second) {
                list.push_back(Json{{"version", version}, {"schema", schema}});
                ++messages;
            }
            schemas.push_back(
                Json{{"event", type}, {"compatibility", versions.first}, {"versions", list}});
        }
        if (!schemas.empty()) {
            scenario["schemas"] = schemas;
        }
        scenario["services"] = m_services;
        AsyncApiImport out;
        out.scenario = scenario.dump(2) + "\n";
        out.services = m_services.size();
        out.channels = m_exchanges.size() + m_queues.size() + m_topics.size();
        out.messages = messages;
        out.notes.assign(m_notes.begin(), m_notes.end());
        return out;
    }

private:
    static Json values(const std::map<std::string, Json>& byName) {
        Json out = Json::array();
        for (const auto& [name, v] : byName) {
            out.push_back(v);
        }
        return out;
    }

    void note(const std::string& what) { m_notes.insert(m_file + ": " + what); }

    // A "$ref" inside the document ("#/components/messages/OrderPlaced"), followed; the value
    // itself when it is none.
    const Json& resolve(const Json& v, int depth = 0) const {
        const std::string ref = text(member(v, "$ref"));
        if (ref.empty() || depth > 16) {
            return v;
        }
        if (ref.rfind("#/", 0) != 0) {
            return v; // another file's: noted by the caller as a missing message or channel
        }
        try {
            return resolve(m_doc->at(Json::json_pointer(ref.substr(1))), depth + 1);
        } catch (const std::exception&) {
            return v;
        }
    }

    Channel channel_(const std::string& key, const Json& raw) {
        const Json& ch = resolve(raw);
        const std::string address = text(member(ch, "address"), key);
        const Json& amqp = member(member(ch, "bindings"), "amqp");
        const Json& kafka = member(member(ch, "bindings"), "kafka");
        for (const auto& [id, m] : member(ch, "messages").items()) {
            message(id, m);
        }
        if (!kafka.is_null() || m_kafka) {
            m_kafka = true;
            const std::string topic = text(member(kafka, "topic"), address);
            Json t{{"name", topic}};
            if (member(kafka, "partitions").is_number_integer()) {
                t["partitions"] = member(kafka, "partitions");
            }
            if (member(kafka, "replicas").is_number_integer() && member(kafka, "replicas") != 1) {
                t["replication_factor"] = member(kafka, "replicas");
            }
            m_topics.emplace(topic, t);
            for (const Json& g : member(ch, "x-eventsim-groups")) {
                m_groups.emplace(text(g), Json{{"name", text(g)}, {"topic", topic}});
            }
            return {Channel::Kind::Topic, topic};
        }
        if (text(member(amqp, "is")) == "queue") {
            const std::string name = text(member(member(amqp, "queue"), "name"), address);
            Json q{{"name", name}};
            Json arguments = member(ch, "x-eventsim-arguments");
            if (arguments.is_object() && arguments.contains("x-queue-type")) {
                if (arguments["x-queue-type"] == "quorum") {
                    q["type"] = "quorum";
                }
                arguments.erase("x-queue-type");
            }
            if (member(member(amqp, "queue"), "durable") == false) {
                q["durable"] = false;
            }
            if (arguments.is_object() && !arguments.empty()) {
                q["arguments"] = arguments;
            }
            if (m_queues.emplace(name, q).second) {
                bindingsInto(ch, "queue", name);
            }
            return {Channel::Kind::Queue, name};
        }
        if (amqp.is_null()) {
            note("channel " + key + " has no AMQP or Kafka binding: taken as a topic exchange");
        }
        const Json& x = member(amqp, "exchange");
        const std::string name = text(member(x, "name"), address);
        static const std::set<std::string> kTypes{"direct", "fanout", "topic", "headers"};
        std::string type = text(member(x, "type"), "topic");
        if (kTypes.count(type) == 0) {
            note("exchange " + name + " of type " + type + " is taken as a topic exchange");
            type = "topic";
        }
        Json e{{"name", name}, {"type", type}};
        if (member(ch, "x-eventsim-alternate-exchange").is_string()) {
            e["arguments"] =
                Json{{"alternate-exchange", member(ch, "x-eventsim-alternate-exchange")}};
        }
        if (!name.empty() && m_exchanges.emplace(name, e).second) {
            bindingsInto(ch, "to_exchange", name);
        }
        return {Channel::Kind::Exchange, name};
    }

    void bindingsInto(const Json& ch, const char* destination, const std::string& name) {
        for (const Json& b : member(ch, "x-eventsim-bindings")) {
            Json binding{{"exchange", text(member(b, "exchange"))}, {destination, name}};
            if (!text(member(b, "key")).empty()) {
                binding["key"] = member(b, "key");
            }
            if (member(b, "arguments").is_object()) {
                binding["arguments"] = member(b, "arguments");
            }
            m_bindings.push_back(binding);
        }
    }

    // An event type and version, with its schema when its payload has one; returns them.
    std::pair<std::string, int> message(const std::string& id, const Json& raw) {
        const Json& m = resolve(raw);
        const std::string type = text(member(m, "name"), id);
        const int version = member(m, "x-eventsim-version").is_number_integer()
                                ? member(m, "x-eventsim-version").get<int>()
                                : 1;
        const Json& payload = resolve(member(m, "payload"));
        auto& entry = m_schemas[type];
        if (entry.first.empty()) {
            entry.first = text(member(m, "x-eventsim-compatibility"), "BACKWARD");
        }
        const bool schemaless = member(m, "x-eventsim-schemaless") == true;
        if (payload.is_object() && !schemaless && entry.second.count(version) == 0) {
            std::vector<std::string> dropped;
            const Json schema =
                member(payload, "schema").is_object() && payload.contains("schemaFormat")
                    ? payload["schema"]
                    : payload;
            entry.second.emplace(version, Json::parse(schemaSubset(schema.dump(), dropped)));
            for (const std::string& d : dropped) {
                note("message " + type + ": schema keyword " + d +
                     " is not in the subset EventSim reads");
            }
        }
        if (member(m, "examples").is_array() && !m["examples"].empty() &&
            m["examples"][0].contains("payload")) {
            m_examples.emplace(std::make_pair(type, version), m["examples"][0]["payload"]);
        }
        return {type, version};
    }

    void operation(const std::string& key, const Json& raw,
                   const std::map<std::string, Channel>& channels, const std::string& service,
                   Json& produces, Json& consumes) {
        const Json& op = resolve(raw);
        const std::string ref = text(member(member(op, "channel"), "$ref"));
        const std::string channelKey = ref.rfind("#/channels/", 0) == 0 ? ref.substr(11) : "";
        const auto ch = channels.find(channelKey);
        if (ch == channels.end()) {
            note("operation " + key + " names no channel of the document; left out");
            return;
        }
        if (member(op, "reply").is_object()) {
            note("operation " + key + ": its reply (request/reply) is not modelled");
        }
        std::vector<std::pair<std::string, int>> kinds;
        const Json& list = member(op, "messages");
        if (list.is_array() && !list.empty()) {
            for (const Json& m : list) {
                kinds.push_back(message(key, m));
            }
        } else {
            for (const auto& [id, m] :
                 member(resolve((*m_doc)["channels"][channelKey]), "messages").items()) {
                kinds.push_back(message(id, m));
            }
        }
        const Channel& c = ch->second;
        const std::string action = text(member(op, "action"));
        if (action == "send") {
            const Json& amqp = member(member(op, "bindings"), "amqp");
            const Json& cc = member(amqp, "cc");
            const std::string routingKey = cc.is_array() && !cc.empty() ? text(cc[0]) : "";
            for (const auto& [type, version] : kinds) {
                Json p{{"event", type}};
                if (version != 1) {
                    p["version"] = version;
                }
                if (c.kind == Channel::Kind::Topic) {
                    p["topic"] = c.name;
                    if (!text(member(op, "x-eventsim-key")).empty()) {
                        p["key"] = member(op, "x-eventsim-key");
                    }
                } else if (c.kind == Channel::Kind::Queue) {
                    p["exchange"] = "";
                    p["routing_key"] = c.name; // the default exchange routes by queue name
                } else {
                    p["exchange"] = c.name;
                    if (!routingKey.empty()) {
                        p["routing_key"] = routingKey;
                    }
                }
                if (member(amqp, "deliveryMode") == 2) {
                    p["persistent"] = true;
                }
                p["rate"] = "1/s";
                const auto example = m_examples.find({type, version});
                if (example != m_examples.end() && m_schemas[type].second.count(version) == 0) {
                    p["body"] = example->second;
                }
                produces.push_back(p);
            }
            return;
        }
        if (action != "receive") {
            note("operation " + key + ": action " + action + " is neither send nor receive");
            return;
        }
        Json consumer = Json::object();
        if (c.kind == Channel::Kind::Topic) {
            const Json& group =
                member(member(member(member(op, "bindings"), "kafka"), "groupId"), "enum");
            const std::string name =
                group.is_array() && !group.empty() ? text(group[0], service) : service;
            m_groups.emplace(name, Json{{"name", name}, {"topic", c.name}});
            consumer["group"] = name;
        } else if (c.kind == Channel::Kind::Queue) {
            consumer["queue"] = c.name;
        } else if (c.name.empty()) {
            note("operation " + key + " receives from the default exchange; left out");
            return;
        } else {
            // A consumer of an exchange has a queue of its own, bound to take everything.
            const std::string queue = service + "." + c.name;
            m_queues.emplace(queue, Json{{"name", queue}});
            Json binding{{"exchange", c.name}, {"queue", queue}};
            if (text(m_exchanges[c.name]["type"]) == "topic") {
                binding["key"] = "#";
            }
            m_bindings.push_back(binding);
            note("operation " + key + " receives from exchange " + c.name + ": given queue " +
                 queue);
            consumer["queue"] = queue;
        }
        Json reads = Json::array();
        for (const auto& [type, version] : kinds) {
            if (m_schemas[type].second.count(version) > 0) {
                reads.push_back(Json{{"event", type}, {"version", version}});
            }
        }
        if (!reads.empty()) {
            consumer["reads"] = reads;
        }
        consumes.push_back(consumer);
    }

    std::string m_name;
    std::string m_file;
    const Json* m_doc = nullptr;
    bool m_kafka = false;
    std::uint32_t m_brokers = 1;
    std::set<std::string> m_serviceNames;
    std::map<std::string, Json> m_exchanges, m_queues, m_topics, m_groups;
    Json m_bindings = Json::array();
    // event type -> (compatibility, version -> schema)
    std::map<std::string, std::pair<std::string, std::map<int, Json>>> m_schemas;
    std::map<std::pair<std::string, int>, Json> m_examples;
    Json m_services = Json::array();
    std::set<std::string> m_notes;
};

} // namespace

std::variant<AsyncApiImport, std::string> importAsyncApi(const std::vector<AsyncApiSource>& sources,
                                                         const std::string& name) {
    Importer importer(name);
    for (const AsyncApiSource& source : sources) {
        if (std::string error = importer.add(source); !error.empty()) {
            return error;
        }
    }
    return importer.result();
}

} // namespace evsim
