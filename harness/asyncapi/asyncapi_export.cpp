#include "harness/asyncapi/asyncapi_export.h"

#include "harness/asyncapi/schema_json.h"
#include "harness/definitions/definitions_export.h"
#include "harness/io/output_file.h"
#include "harness/query/topology_reach.h"
#include "simulator/kernel/sim_time.h"

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace evsim {
namespace {

using Out = nlohmann::ordered_json;

// The bindings objects of AsyncAPI's AMQP (0.3.0) and Kafka (0.5.0) binding specifications.
constexpr const char* kAmqpBindingVersion = "0.3.0";
constexpr const char* kKafkaBindingVersion = "0.5.0";

// A message kind: an event type at one schema version.
struct MessageKind {
    std::string eventType;
    int version = 1;
    bool operator<(const MessageKind& o) const {
        return std::tie(eventType, version) < std::tie(o.eventType, o.version);
    }
};

class Exporter {
public:
    explicit Exporter(const Scenario& s)
        : m_s(s), m_reach(s), m_kafka(s.broker.kind == BrokerKind::Kafka) {
        collectMessages();
    }

    AsyncApiDocument document(const ServiceSpec& service) const {
        Out doc;
        doc["asyncapi"] = "3.0.0";
        doc["info"] = Out{{"title", service.name},
                          {"version", "1.0.0"},
                          {"description", "Service " + service.name + " of the EventSim scenario " +
                                              m_s.name + ". " + m_s.description}};
        doc["servers"] = servers();
        doc["defaultContentType"] = "application/json";
        doc["channels"] = channels();
        doc["operations"] = operations(service);
        Out messages = Out::object();
        for (const auto& [kind, body] : m_kinds) {
            messages[messageKey(kind)] = message(kind, body);
        }
        doc["components"] = Out{{"messages", messages}};
        return {service.name, "", doc.dump(2) + "\n"};
    }

private:
    static std::string messageKey(const MessageKind& k) {
        return asyncApiKey(k.eventType) + ".v" + std::to_string(k.version);
    }
    std::string channelKey(const std::string& kind, const std::string& name) const {
        return kind + "." + (name.empty() ? std::string("default") : asyncApiKey(name));
    }
    // Where a publisher's messages go: an exchange's channel, or a topic's.
    std::string sendChannel(const std::string& exchange) const {
        return channelKey(m_kafka ? "topic" : "exchange", exchange);
    }
    std::string receiveChannel(const std::string& source) const {
        if (!m_kafka) {
            return channelKey("queue", source);
        }
        for (const GroupSpec& g : m_s.broker.kafka.groups) {
            if (g.name == source) {
                return channelKey("topic", g.topic);
            }
        }
        return channelKey("topic", source);
    }

    void collectMessages() {
        const auto add = [&](const std::string& type, int version, const std::string& exchange,
                             const std::string& key, const std::string& body) {
            const MessageKind k{type, version};
            m_kinds.emplace(k, body);
            m_sentTo[sendChannel(exchange)].insert(k);
            for (const std::string& source : m_reach.of(exchange, key)) {
                m_arrivesAt[source].insert(k);
            }
        };
        for (const ServiceSpec& service : m_s.services) {
            for (const ProducerSpec& p : service.produces) {
                add(p.eventType, p.schemaVersion, p.exchange, p.routingKey, p.body);
            }
            for (const ConsumerSpec& c : service.consumes) {
                for (const EmitSpec& e : c.emits) {
                    add(e.eventType, e.schemaVersion, e.exchange, e.routingKey, "");
                }
                for (const ReadSpec& r : c.reads) {
                    m_kinds.emplace(MessageKind{r.eventType, r.version}, "");
                }
            }
        }
        // Versions a rolling deploy brings in are messages too.
        for (const EventSchema& schema : m_s.schemas) {
            for (const SchemaVersion& v : schema.versions) {
                m_kinds.emplace(MessageKind{schema.eventType, v.version}, "");
            }
        }
    }

    Out message(const MessageKind& k, const std::string& body) const {
        Out m{{"name", k.eventType},
              {"title", k.eventType + " v" + std::to_string(k.version)},
              {"contentType", "application/json"}};
        const EventSchema* schema = findSchema(m_s.schemas, k.eventType);
        const JsonSchema* version = schema ? schema->version(k.version) : nullptr;
        m["payload"] = version ? Out::parse(schemaToJson(*version)) : Out{{"type", "object"}};
        if (!body.empty() && !version) {
            m["examples"] = Out::array({Out{{"payload", Out::parse(body)}}});
        }
        m["x-eventsim-version"] = k.version;
        if (schema) {
            m["x-eventsim-compatibility"] = std::string(compatibilityName(schema->compatibility));
        } else {
            m["x-eventsim-schemaless"] = true; // its payload says only "an object"
        }
        return m;
    }

    Out messagesOf(const std::set<MessageKind>& kinds) const {
        Out out = Out::object();
        for (const MessageKind& k : kinds) {
            out[messageKey(k)] = Out{{"$ref", "#/components/messages/" + messageKey(k)}};
        }
        return out;
    }

    // The broker as servers: RabbitMQ, or each broker of the Kafka cluster.
    Out servers() const {
        Out out = Out::object();
        if (!m_kafka) {
            out["rabbitmq"] =
                Out{{"host", "rabbitmq:5672"}, {"protocol", "amqp"}, {"protocolVersion", "0.9.1"}};
            return out;
        }
        for (std::uint32_t b = 1; b <= m_s.broker.kafka.brokers; ++b) {
            out["broker-" + std::to_string(b)] =
                Out{{"host", "broker-" + std::to_string(b) + ":9092"}, {"protocol", "kafka"}};
        }
        return out;
    }

    Out channels() const { return m_kafka ? topicChannels() : amqpChannels(); }

    Out amqpChannels() const {
        Out out = Out::object();
        const AmqpSpec& amqp = m_s.broker.amqp;
        const auto bindingsInto = [&](const std::string& queue, const std::string& exchange) {
            Out list = Out::array();
            for (const BindingSpec& b : amqp.bindings) {
                if ((!queue.empty() && b.queue == queue) ||
                    (!exchange.empty() && b.toExchange == exchange)) {
                    Out binding{{"exchange", b.exchange}, {"key", b.key}};
                    if (!b.arguments.empty()) {
                        binding["arguments"] = Out::parse(b.arguments);
                    }
                    list.push_back(binding);
                }
            }
            return list;
        };
        std::vector<ExchangeSpec> exchanges = amqp.exchanges;
        if (!sentTo(channelKey("exchange", "")).empty()) {
            exchanges.insert(exchanges.begin(), ExchangeSpec{"", ExchangeType::Direct});
        }
        for (const ExchangeSpec& x : exchanges) {
            const std::string key = channelKey("exchange", x.name);
            Out c{{"address", x.name},
                  {"title",
                   x.name.empty() ? std::string("the default exchange") : "exchange " + x.name}};
            c["messages"] = messagesOf(sentTo(key));
            c["bindings"] = Out{{"amqp", Out{{"is", "routingKey"},
                                             {"exchange", Out{{"name", x.name},
                                                              {"type", exchangeTypeName(x.type)},
                                                              {"durable", true},
                                                              {"autoDelete", false},
                                                              {"vhost", "/"}}},
                                             {"bindingVersion", kAmqpBindingVersion}}}};
            if (x.alternateExchange) {
                c["x-eventsim-alternate-exchange"] = *x.alternateExchange;
            }
            if (const Out from = bindingsInto("", x.name); !from.empty()) {
                c["x-eventsim-bindings"] = from;
            }
            out[key] = c;
        }
        for (const QueueSpec& q : amqp.queues) {
            Out c{{"address", q.name}, {"title", "queue " + q.name}};
            c["messages"] = messagesOf(arrivesAt(q.name));
            c["bindings"] = Out{{"amqp", Out{{"is", "queue"},
                                             {"queue", Out{{"name", q.name},
                                                           {"durable", q.durable},
                                                           {"exclusive", false},
                                                           {"autoDelete", false},
                                                           {"vhost", "/"}}},
                                             {"bindingVersion", kAmqpBindingVersion}}}};
            c["x-eventsim-arguments"] = Out::parse(rabbitMqQueueArguments(q));
            c["x-eventsim-bindings"] = bindingsInto(q.name, "");
            out[channelKey("queue", q.name)] = c;
        }
        return out;
    }

    Out topicChannels() const {
        Out out = Out::object();
        for (const TopicSpec& t : m_s.broker.kafka.topics) {
            const std::string key = channelKey("topic", t.name);
            Out c{{"address", t.name}, {"title", "topic " + t.name}};
            std::set<MessageKind> kinds = sentTo(key);
            c["messages"] = messagesOf(kinds);
            c["bindings"] = Out{{"kafka", Out{{"topic", t.name},
                                              {"partitions", t.partitions},
                                              {"replicas", t.replicationFactor},
                                              {"bindingVersion", kKafkaBindingVersion}}}};
            Out groups = Out::array();
            for (const GroupSpec& g : m_s.broker.kafka.groups) {
                if (g.topic == t.name) {
                    groups.push_back(g.name);
                }
            }
            c["x-eventsim-groups"] = groups;
            out[key] = c;
        }
        return out;
    }

    Out operations(const ServiceSpec& service) const {
        Out out = Out::object();
        const auto add = [&](const std::string& action, const std::string& channel,
                             const std::set<MessageKind>& kinds, Out bindings,
                             const std::string& key = "") {
            std::string opKey = action + "." + channel.substr(channel.find('.') + 1);
            for (int n = 2; out.contains(opKey); ++n) {
                opKey =
                    action + "." + channel.substr(channel.find('.') + 1) + "." + std::to_string(n);
            }
            Out refs = Out::array();
            for (const MessageKind& k : kinds) {
                refs.push_back(
                    Out{{"$ref", "#/channels/" + channel + "/messages/" + messageKey(k)}});
            }
            Out op{{"action", action}, {"channel", Out{{"$ref", "#/channels/" + channel}}}};
            if (!refs.empty()) {
                op["messages"] = refs;
            }
            if (!bindings.is_null()) {
                op["bindings"] = bindings;
            }
            if (m_kafka && !key.empty()) {
                op["x-eventsim-key"] = key; // the record key: Kafka's bindings carry none
            }
            out[opKey] = op;
        };
        // A send's routing key, as the AMQP operation binding's cc (its routing keys).
        const auto amqpSend = [&](const std::string& routingKey, bool persistent) -> Out {
            if (m_kafka || (routingKey.empty() && !persistent)) {
                return nullptr;
            }
            Out amqp{{"bindingVersion", kAmqpBindingVersion}};
            if (!routingKey.empty()) {
                amqp["cc"] = Out::array({routingKey});
            }
            if (persistent) {
                amqp["deliveryMode"] = 2;
            }
            return Out{{"amqp", amqp}};
        };
        for (const ProducerSpec& p : service.produces) {
            add("send", sendChannel(p.exchange), {MessageKind{p.eventType, p.schemaVersion}},
                amqpSend(p.routingKey, p.persistent), p.routingKey);
        }
        for (const ConsumerSpec& c : service.consumes) {
            for (const EmitSpec& e : c.emits) {
                add("send", sendChannel(e.exchange), {MessageKind{e.eventType, e.schemaVersion}},
                    amqpSend(e.routingKey, false), e.routingKey);
            }
            const std::string channel = receiveChannel(c.queue);
            std::set<MessageKind> kinds;
            for (const MessageKind& k : arrivesAt(c.queue)) {
                kinds.insert(k);
            }
            Out bindings = nullptr;
            if (m_kafka) {
                bindings =
                    Out{{"kafka",
                         Out{{"groupId", Out{{"type", "string"}, {"enum", Out::array({c.queue})}}},
                             {"bindingVersion", kKafkaBindingVersion}}}};
            }
            // Only messages the channel lists can be named; a consumer's channel lists what
            // reaches its queue (on a log, what its topic carries).
            if (m_kafka) {
                kinds = sentTo(channel);
            }
            add("receive", channel, kinds, bindings);
        }
        return out;
    }

    std::set<MessageKind> sentTo(const std::string& channel) const {
        const auto it = m_sentTo.find(channel);
        return it == m_sentTo.end() ? std::set<MessageKind>{} : it->second;
    }
    std::set<MessageKind> arrivesAt(const std::string& source) const {
        const auto it = m_arrivesAt.find(source);
        return it == m_arrivesAt.end() ? std::set<MessageKind>{} : it->second;
    }

    const Scenario& m_s;
    TopologyReach m_reach;
    bool m_kafka;
    std::map<MessageKind, std::string> m_kinds; // -> a body a producer sends ("" for none)
    std::map<std::string, std::set<MessageKind>> m_sentTo;    // by channel key
    std::map<std::string, std::set<MessageKind>> m_arrivesAt; // by queue or group name
};

} // namespace

std::string asyncApiKey(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        out += ok ? c : '_';
    }
    return out.empty() ? "_" : out;
}

std::vector<AsyncApiDocument> exportAsyncApi(const Scenario& scenario) {
    const Exporter exporter(scenario);
    std::vector<AsyncApiDocument> out;
    std::set<std::string> names;
    for (const ServiceSpec& service : scenario.services) {
        AsyncApiDocument doc = exporter.document(service);
        std::string stem = asyncApiKey(service.name);
        if (stem.front() == '.') {
            stem.front() = '_'; // never a hidden file, never ".."
        }
        for (int n = 2; !names.insert(stem).second; ++n) {
            stem = asyncApiKey(service.name) + "-" + std::to_string(n);
        }
        doc.fileName = stem + ".asyncapi.json";
        out.push_back(std::move(doc));
    }
    return out;
}

std::string asyncApiPath(const std::string& directory, const AsyncApiDocument& document) {
    return (std::filesystem::path(directory) / document.fileName).string();
}

std::optional<std::string> writeAsyncApiDocuments(const std::vector<AsyncApiDocument>& documents,
                                                  const std::string& directory,
                                                  const std::vector<std::string>& inputs,
                                                  std::vector<std::string>& written) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        return "cannot create " + directory + ": " + error.message();
    }
    for (const AsyncApiDocument& d : documents) {
        const std::string path = asyncApiPath(directory, d);
        std::string openError;
        std::unique_ptr<OutputFile> out = OutputFile::open(path, inputs, openError);
        if (!out) {
            return openError;
        }
        out->write(d.text);
        if (std::optional<std::string> failed = out->commit()) {
            return failed;
        }
        written.push_back(path);
    }
    return std::nullopt;
}

} // namespace evsim
