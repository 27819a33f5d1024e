#include "harness/definitions/definitions_import.h"

#include "harness/definitions/definition_policies.h"
#include "harness/definitions/placeholder_services.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

namespace evsim {
namespace {

using Json = nlohmann::json;
using Out = nlohmann::ordered_json;

// Which broker wrote the file and its virtual hosts (one is imported, --vhost): nothing to map.
constexpr std::array<std::string_view, 5> kMetadata{"rabbit_version", "rabbitmq_version",
                                                    "product_name", "product_version", "vhosts"};
constexpr std::array<std::string_view, 5> kNotModelled{"users", "permissions", "topic_permissions",
                                                       "parameters", "global_parameters"};
constexpr std::array<std::string_view, 4> kRouting{"direct", "fanout", "topic", "headers"};
// Queue arguments EventSim models, by RabbitMQ's names, with their policy keys. The numeric
// ones take the lower of argument and policy, as RabbitMQ does; the rest keep the argument.
struct QueueKey {
    std::string_view argument;
    std::string_view policy;
    bool numeric;
};
constexpr std::array<QueueKey, 7> kQueueKeys{{
    {"x-message-ttl", "message-ttl", true},
    {"x-max-length", "max-length", true},
    {"x-max-length-bytes", "max-length-bytes", true},
    {"x-delivery-limit", "delivery-limit", true},
    {"x-overflow", "overflow", false},
    {"x-dead-letter-exchange", "dead-letter-exchange", false},
    {"x-dead-letter-routing-key", "dead-letter-routing-key", false},
}};

std::string inQuotes(std::string_view text) {
    return "\"" + printable(text) + "\"";
}

bool isIn(std::string_view key, auto const& list) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

// RabbitMQ declares these on every virtual host; an export leaves them out.
std::optional<std::string> predeclaredType(std::string_view name) {
    if (name == "amq.direct") {
        return "direct";
    }
    if (name == "amq.fanout") {
        return "fanout";
    }
    if (name == "amq.topic" || name == "amq.rabbitmq.trace") {
        return "topic";
    }
    if (name == "amq.headers" || name == "amq.match") {
        return "headers";
    }
    return std::nullopt;
}

std::string text(const Json& v, const char* key) {
    const auto it = v.find(key);
    return it != v.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Importer {
public:
    Importer(const Json& doc, std::string_view vhost) : m_doc(doc), m_vhost(vhost) {}

    DefinitionsImport run(std::string_view scenarioName) {
        checkTopLevel();
        for (const auto& [i, p] : entries("policies")) {
            m_policies.add(i, *p, m_result.notes);
        }
        for (const auto& [i, x] : entries("exchanges")) {
            readExchange(i, x);
        }
        for (const auto& [i, q] : entries("queues")) {
            readQueue(i, q);
        }
        for (const auto& [i, b] : entries("bindings")) {
            readBinding(i, b);
        }
        for (const DefinitionPolicies::Policy& p : m_policies.all()) {
            if (!p.used) {
                note("policies[" + std::to_string(p.index) + "] " + inQuotes(p.name) +
                     ": matches no queue or exchange here; left out");
            }
        }
        return finish(scenarioName);
    }

private:
    void note(std::string text) { m_result.notes.push_back(std::move(text)); }

    // The entries of one top-level array that belong to the virtual host, with their index.
    std::vector<std::pair<std::size_t, const Json*>> entries(const char* key) {
        std::vector<std::pair<std::size_t, const Json*>> out;
        const auto it = m_doc.find(key);
        if (it == m_doc.end()) {
            return out;
        }
        if (!it->is_array()) {
            note(std::string(key) + ": not an array; left out");
            return out;
        }
        std::size_t skipped = 0;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const Json& e = (*it)[i];
            if (!e.is_object()) {
                note(std::string(key) + "[" + std::to_string(i) + "]: not an object; left out");
            } else if (e.contains("vhost") && text(e, "vhost") != m_vhost) {
                ++skipped;
            } else {
                out.emplace_back(i, &e);
            }
        }
        if (skipped > 0) {
            note(std::string(key) + ": " + std::to_string(skipped) +
                 " of another virtual host left out (--vhost picks one)");
        }
        return out;
    }

    void checkTopLevel() {
        for (const auto& [key, value] : m_doc.items()) {
            if (isIn(key, kMetadata) || key == "exchanges" || key == "queues" ||
                key == "bindings" || key == "policies") {
                continue;
            }
            if (isIn(key, kNotModelled)) {
                if (!value.empty()) {
                    note(key + ": not modelled (access control and runtime parameters); left out");
                }
                continue;
            }
            note(inQuotes(key) + ": unknown field; left out");
        }
    }

    void readExchange(std::size_t i, const Json* x) {
        const std::string name = text(*x, "name");
        const std::string where = "exchanges[" + std::to_string(i) + "] " + inQuotes(name);
        if (name.empty() || predeclaredType(name)) {
            return; // the default and amq.* exchanges exist on every broker
        }
        const std::string type = text(*x, "type");
        if (!isIn(type, kRouting)) {
            note(where + ": exchange type " + inQuotes(type) + " is not modelled; left out");
            m_skippedExchanges.insert(name);
            return;
        }
        if (x->value("auto_delete", false) || x->value("internal", false)) {
            note(where + ": auto_delete and internal are not modelled; imported as a plain "
                         "exchange");
        }
        Out exchange{{"name", name}, {"type", type}};
        std::string alternate;
        const Json arguments = x->value("arguments", Json::object());
        for (const auto& [key, value] : arguments.items()) {
            if (key == "alternate-exchange" && value.is_string()) {
                alternate = value.get<std::string>();
            } else {
                note(where + ": argument " + inQuotes(key) + " is not modelled; left out");
            }
        }
        if (const auto* p = m_policies.applying(name, "exchanges")) {
            for (const auto& [key, value] : p->definition.items()) {
                if (key == "alternate-exchange" && value.is_string()) {
                    if (alternate.empty()) {
                        alternate = value.get<std::string>();
                    }
                } else {
                    note(where + ": policy " + inQuotes(p->name) + " key " + inQuotes(key) +
                         " is not modelled; left out");
                }
            }
        }
        if (!alternate.empty()) {
            m_alternates.emplace_back(m_exchanges.size(), alternate, where);
        }
        m_exchangeType[name] = type;
        m_exchanges.push_back(std::move(exchange));
    }

    // An exchange a binding, a dead-letter or an alternate names: declared, or predeclared
    // (declared now); nullopt when there is none to route through.
    bool exchangeExists(const std::string& name) {
        if (name.empty() || m_exchangeType.contains(name)) {
            return true;
        }
        if (const auto type = predeclaredType(name)) {
            m_exchangeType[name] = *type;
            m_exchanges.push_back(Out{{"name", name}, {"type", *type}});
            return true;
        }
        return false;
    }

    void readQueue(std::size_t i, const Json* q) {
        const std::string name = text(*q, "name");
        const std::string where = "queues[" + std::to_string(i) + "] " + inQuotes(name);
        if (name.empty()) {
            note(where + ": a queue without a name; left out");
            return;
        }
        const Json arguments = q->value("arguments", Json::object());
        // The import takes the type from x-queue-type only, as RabbitMQ's does.
        const std::string type =
            arguments.contains("x-queue-type") ? text(arguments, "x-queue-type") : "classic";
        if (type != "classic" && type != "quorum") {
            note(where + ": a " + inQuotes(type) + " queue is not modelled; left out");
            return;
        }
        if (q->value("auto_delete", false) || q->value("exclusive", false)) {
            note(where + ": auto_delete and exclusive are not modelled; imported as a plain queue");
        }
        Out queue{{"name", name}};
        if (type == "quorum") {
            queue["type"] = "quorum";
        } else if (!q->value("durable", true)) {
            queue["durable"] = false;
        }
        for (const auto& [key, value] : arguments.items()) {
            const bool known = key == "x-queue-type" ||
                               std::any_of(kQueueKeys.begin(), kQueueKeys.end(),
                                           [&](const QueueKey& k) { return k.argument == key; });
            if (!known) {
                note(where + ": argument " + inQuotes(key) + " is not modelled; left out");
            }
        }
        const auto* policy = m_policies.applying(name, "queues");
        if (policy != nullptr) {
            for (const auto& [key, value] : policy->definition.items()) {
                if (std::none_of(kQueueKeys.begin(), kQueueKeys.end(),
                                 [&](const QueueKey& k) { return k.policy == key; })) {
                    note(where + ": policy " + inQuotes(policy->name) + " key " + inQuotes(key) +
                         " is not modelled; left out");
                }
            }
        }
        Out args = Out::object();
        for (const QueueKey& k : kQueueKeys) {
            std::optional<Json> value;
            if (const auto a = arguments.find(std::string(k.argument)); a != arguments.end()) {
                value = *a;
            }
            if (policy != nullptr) {
                const auto p = policy->definition.find(std::string(k.policy));
                if (p != policy->definition.end() &&
                    (!value || (k.numeric && p->is_number() && value->is_number() &&
                                p->get<double>() < value->get<double>()))) {
                    value = *p;
                }
            }
            if (!value) {
                continue;
            }
            if (k.numeric && !value->is_number_unsigned()) {
                note(where + ": " + inQuotes(k.argument) + " is not a whole number ≥ 0; left out");
                continue;
            }
            if (!k.numeric && !value->is_string()) {
                note(where + ": " + inQuotes(k.argument) + " is not a string; left out");
                continue;
            }
            if (k.argument == "x-delivery-limit" && type != "quorum") {
                note(where + ": a classic queue has no delivery limit; x-delivery-limit left out");
                continue;
            }
            args[std::string(k.argument)] = *value;
        }
        if (args.contains("x-dead-letter-exchange")) {
            const std::string dlx = args["x-dead-letter-exchange"].get<std::string>();
            if (!exchangeExists(dlx)) {
                note(where + ": dead-letter exchange " + inQuotes(dlx) +
                     " is not declared (RabbitMQ drops such dead letters); left out");
                args.erase("x-dead-letter-exchange");
            }
        }
        if (!args.contains("x-dead-letter-exchange") &&
            args.contains("x-dead-letter-routing-key")) {
            note(where + ": x-dead-letter-routing-key without a dead-letter exchange; left out");
            args.erase("x-dead-letter-routing-key");
        }
        if (!args.empty()) {
            queue["arguments"] = std::move(args);
        }
        m_queueNames.insert(name);
        m_queues.push_back(std::move(queue));
    }

    void readBinding(std::size_t i, const Json* b) {
        const std::string source = text(*b, "source");
        const std::string destination = text(*b, "destination");
        const std::string kind = text(*b, "destination_type");
        const std::string where = "bindings[" + std::to_string(i) + "] " + inQuotes(source) +
                                  " -> " + inQuotes(destination);
        if (source.empty()) {
            note(where + ": the default exchange's bindings are implicit; left out");
            return;
        }
        if (m_skippedExchanges.contains(source) || m_skippedExchanges.contains(destination) ||
            !exchangeExists(source)) {
            note(where + ": its exchange was not imported; left out");
            return;
        }
        Out binding{{"exchange", source}};
        if (kind == "exchange") {
            if (!exchangeExists(destination)) {
                note(where + ": its destination exchange was not imported; left out");
                return;
            }
            binding["to_exchange"] = destination;
        } else if (m_queueNames.contains(destination)) {
            binding["queue"] = destination;
        } else {
            note(where + ": its destination queue was not imported; left out");
            return;
        }
        const std::string key = text(*b, "routing_key");
        const Json arguments = b->value("arguments", Json::object());
        if (m_exchangeType[source] == "headers") {
            if (!arguments.empty()) {
                binding["arguments"] = arguments;
            }
        } else {
            if (!key.empty()) {
                binding["key"] = key;
            }
            if (!arguments.empty()) {
                note(where + ": binding arguments on a " + m_exchangeType[source] +
                     " exchange do not route; left out");
            }
        }
        m_routesFrom[source].push_back(binding);
        m_bindings.push_back(std::move(binding));
    }

    DefinitionsImport finish(std::string_view scenarioName) {
        for (const auto& [index, alternate, where] : m_alternates) {
            if (exchangeExists(alternate)) {
                m_exchanges[index]["arguments"] = Out{{"alternate-exchange", alternate}};
            } else {
                note(where + ": alternate exchange " + inQuotes(alternate) +
                     " is not declared; left out");
            }
        }
        std::string version = text(m_doc, "rabbitmq_version");
        if (version.empty()) {
            version = text(m_doc, "rabbit_version");
        }
        Out scenario{
            {"name", std::string(scenarioName)},
            {"description", "Imported from RabbitMQ" + (version.empty() ? "" : " " + version) +
                                " definitions (virtual host " + std::string(m_vhost) +
                                "). The publisher and the consumer services are placeholders: "
                                "give them your services' rates, processing times and faults."},
            {"seed", 1},
            {"duration", "60s"},
            {"broker",
             Out{{"exchanges", m_exchanges}, {"queues", m_queues}, {"bindings", m_bindings}}},
            {"services", placeholderServices(m_exchanges, m_queues, m_routesFrom)}};
        m_result.scenario = scenario.dump(2) + "\n";
        m_result.exchanges = m_exchanges.size();
        m_result.queues = m_queues.size();
        m_result.bindings = m_bindings.size();
        m_result.policiesApplied = static_cast<std::size_t>(
            std::count_if(m_policies.all().begin(), m_policies.all().end(),
                          [](const DefinitionPolicies::Policy& p) { return p.used; }));
        return std::move(m_result);
    }

    const Json& m_doc;
    std::string_view m_vhost;
    DefinitionsImport m_result;
    DefinitionPolicies m_policies;
    std::vector<Out> m_exchanges;
    std::vector<Out> m_queues;
    std::vector<Out> m_bindings;
    std::map<std::string, std::string> m_exchangeType;
    std::set<std::string> m_skippedExchanges;
    std::set<std::string> m_queueNames;
    std::map<std::string, std::vector<Out>> m_routesFrom;
    std::vector<std::tuple<std::size_t, std::string, std::string>> m_alternates;
};

} // namespace

std::variant<DefinitionsImport, std::string>
importRabbitMqDefinitions(std::string_view text, std::string_view vhost,
                          std::string_view scenarioName) {
    const Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        return std::string("not JSON");
    }
    if (!doc.is_object() || (!doc.contains("queues") && !doc.contains("exchanges"))) {
        return std::string("not a RabbitMQ definitions file: it has no \"queues\" or "
                           "\"exchanges\" (export one with `rabbitmqctl export_definitions "
                           "FILE` or the management API's GET /api/definitions)");
    }
    DefinitionsImport result;
    try {
        result = Importer(doc, vhost).run(scenarioName);
    } catch (const nlohmann::json::exception& e) {
        // A field of the wrong type (a priority in quotes, a durable that is not a boolean).
        return std::string("a field has a type RabbitMQ does not write: ") + e.what();
    }
    // What is written must load: a mapping this file does not foresee is a bug to report,
    // not a broken scenario to hand over.
    const LoadResult<Scenario> loaded = parseScenario(result.scenario, "imported scenario");
    if (!loaded.ok()) {
        return "the imported scenario does not load, which is a bug in the import:\n" +
               formatErrors(loaded.errors);
    }
    return result;
}

} // namespace evsim
