#include "harness/session/topology_edit.h"

#include "harness/session/json_fields.h"
#include "simulator/scenario/json_source_map.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;
using Change = ScenarioEdit::Change;

Json parsed(const Session& session) {
    return Json::parse(session.text(), nullptr, false, true);
}

// The array `doc[object][key]` (or `doc[key]` when `object` is empty); null when absent.
const Json& arrayAt(const Json& doc, const char* object, const char* key) {
    static const Json none;
    const Json* parent = &doc;
    if (*object != '\0') {
        if (!doc.is_object() || !doc.contains(object)) {
            return none;
        }
        parent = &doc[object];
    }
    if (!parent->is_object() || !parent->contains(key) || !(*parent)[key].is_array()) {
        return none;
    }
    return (*parent)[key];
}

// `value` on one line as people write a scenario by hand: { "name": "audit" }, [{ … }].
std::string inlineJson(const Json& value) {
    std::string out;
    if (value.is_object() && !value.empty()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            out += (out.empty() ? "{ " : ", ") + Json(it.key()).dump() + ": " + inlineJson(*it);
        }
        return out + " }";
    }
    if (value.is_array() && !value.empty()) {
        for (const Json& element : value) {
            out += (out.empty() ? "[" : ", ") + inlineJson(element);
        }
        return out + "]";
    }
    return value.dump();
}

ScenarioEdit append(std::string objectPath, std::vector<std::string> keys, const Json& element) {
    return ScenarioEdit{std::move(objectPath), std::move(keys), inlineJson(element),
                        Change::Append};
}

ScenarioEdit removal(std::string elementPath) {
    return ScenarioEdit{std::move(elementPath), {}, {}, Change::RemoveElement};
}

std::string servicePath(int index) {
    return JsonSourceMap::elementPath("$.services", static_cast<std::size_t>(index));
}

TopologyChange refused(std::string why) {
    TopologyChange c;
    c.error = std::move(why);
    return c;
}

// Removals gathered over the whole scenario, made so that no path still to be used moves:
// each array's elements from the last one back, and a service's own lists before the list
// of services.
class Removals {
public:
    explicit Removals(const Json& doc) : m_doc(doc) {}

    void element(std::string arrayPath, std::size_t index, std::string what) {
        m_edits.push_back({std::move(arrayPath), index});
        if (!what.empty()) {
            m_also.push_back(std::move(what));
        }
    }

    // The `index`th "consumes" (or "produces") entry of service `s`; the service itself when
    // that leaves it nothing to do, and the expectations about it when it consumes nothing.
    void serviceEntry(int s, const char* list, std::size_t index, std::string what) {
        const Json& service = arrayAt(m_doc, "", "services")[static_cast<std::size_t>(s)];
        const Json& entries = service[list];
        const char* other = std::string_view(list) == "consumes" ? "produces" : "consumes";
        const std::size_t left = removedFrom(s, list) + 1;
        const bool othersLeft = service.contains(other) && service[other].is_array() &&
                                service[other].size() > removedFrom(s, other);
        const std::string name = textOf(service, "name");
        if (left == entries.size() && !othersLeft) {
            m_services.push_back(s);
            element("$.services", static_cast<std::size_t>(s),
                    std::move(what) + ", and with it service " + name);
        } else {
            element(JsonSourceMap::memberPath(servicePath(s), list), index, std::move(what));
            ++m_removed[{s, list}];
        }
        const bool consumesLeft = std::string_view(list) == "consumes"
                                      ? left < entries.size()
                                      : service.contains("consumes");
        if (!consumesLeft) {
            expectations("consumer", name);
        }
    }

    void expectations(const char* subject, std::string_view name) {
        const Json& expect = arrayAt(m_doc, "", "expect");
        for (std::size_t i = 0; i < expect.size(); ++i) {
            if (textOf(expect[i], subject) == name) {
                element("$.expect", i,
                        "expectation " + std::to_string(i + 1) + " (" + subject + " " +
                            std::string(name) + ")");
            }
        }
    }

    TopologyChange take() {
        // A removed service takes its entries with it: their own removals are dropped.
        std::vector<std::pair<std::string, std::size_t>> kept;
        for (const auto& e : m_edits) {
            bool inRemovedService = false;
            for (const int s : m_services) {
                inRemovedService = inRemovedService || e.first.rfind(servicePath(s) + ".", 0) == 0;
            }
            if (!inRemovedService) {
                kept.push_back(e);
            }
        }
        // Descending: "$.services[1].consumes" sorts before "$.services", its prefix.
        std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second > b.second;
        });
        kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
        TopologyChange c;
        for (const auto& [array, index] : kept) {
            c.edits.push_back(removal(JsonSourceMap::elementPath(array, index)));
        }
        c.alsoRemoved = std::move(m_also);
        return c;
    }

private:
    std::size_t removedFrom(int s, const char* list) const {
        const auto found = m_removed.find({s, list});
        return found == m_removed.end() ? 0 : found->second;
    }

    const Json& m_doc;
    std::vector<std::pair<std::string, std::size_t>> m_edits; // (array path, index)
    std::vector<std::string> m_also;
    std::vector<int> m_services;
    std::map<std::pair<int, std::string>, std::size_t> m_removed;
};

} // namespace

TopologyChange addQueue(const Session& session, std::string_view name) {
    const Json doc = parsed(session);
    if (name.empty()) {
        return refused("a queue needs a name");
    }
    if (indexWhere(arrayAt(doc, "broker", "queues"), "name", name) >= 0) {
        return refused("there is a queue named " + std::string(name) + " already");
    }
    TopologyChange c;
    c.edits.push_back(append("$.broker", {"queues"}, Json{{"name", name}}));
    return c;
}

TopologyChange addBinding(const Session& session, std::string_view exchange, std::string_view queue,
                          std::string_view key, std::string_view arguments) {
    const Json doc = parsed(session);
    if (queue.empty()) {
        return refused("a binding needs a queue");
    }
    Json args;
    if (!arguments.empty()) {
        args = Json::parse(arguments, nullptr, false);
        if (args.is_discarded() || !args.is_object()) {
            return refused("a binding's arguments are a JSON object, such as "
                           "{\"x-match\": \"any\", \"region\": \"eu\"}");
        }
    }
    TopologyChange c;
    if (indexWhere(arrayAt(doc, "broker", "queues"), "name", queue) < 0) {
        c = addQueue(session, queue);
    }
    Json binding{{"exchange", exchange}, {"queue", queue}};
    if (!key.empty()) {
        binding["key"] = key;
    }
    if (!arguments.empty()) {
        binding["arguments"] = std::move(args);
    }
    c.edits.push_back(append("$.broker", {"bindings"}, binding));
    return c;
}

TopologyChange addProducer(const Session& session, std::string_view service,
                           std::string_view exchange, std::string_view event,
                           std::string_view routingKey) {
    const Json doc = parsed(session);
    if (service.empty() || event.empty()) {
        return refused("a producer needs a service and an event type");
    }
    Json producer{{"event", event}, {"exchange", exchange}};
    if (!routingKey.empty()) {
        producer["routing_key"] = routingKey;
    }
    producer["rate"] = "10/s";
    TopologyChange c;
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    c.edits.push_back(s >= 0
                          ? append(servicePath(s), {"produces"}, producer)
                          : append("$", {"services"},
                                   Json{{"name", service}, {"produces", Json::array({producer})}}));
    return c;
}

TopologyChange addConsumer(const Session& session, std::string_view service,
                           std::string_view queue) {
    const Json doc = parsed(session);
    if (service.empty()) {
        return refused("a consumer needs a service");
    }
    const Json consumer{{"queue", queue}};
    TopologyChange c;
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    c.edits.push_back(s >= 0
                          ? append(servicePath(s), {"consumes"}, consumer)
                          : append("$", {"services"},
                                   Json{{"name", service}, {"consumes", Json::array({consumer})}}));
    return c;
}

TopologyChange removeQueue(const Session& session, std::string_view queue) {
    const Json doc = parsed(session);
    const int q = indexWhere(arrayAt(doc, "broker", "queues"), "name", queue);
    if (q < 0) {
        return refused("there is no queue named " + std::string(queue) + " in the file");
    }
    Removals r(doc);
    const Json& bindings = arrayAt(doc, "broker", "bindings");
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        if (textOf(bindings[i], "queue") == queue) {
            r.element("$.broker.bindings", i,
                      "binding " + textOf(bindings[i], "exchange") + " -> " + std::string(queue));
        }
    }
    const Json& services = arrayAt(doc, "", "services");
    for (std::size_t s = 0; s < services.size(); ++s) {
        const Json consumes = services[s].value("consumes", Json::array());
        for (std::size_t i = 0; consumes.is_array() && i < consumes.size(); ++i) {
            if (textOf(consumes[i], "queue") == queue) {
                r.serviceEntry(static_cast<int>(s), "consumes", i,
                               "consumer " + textOf(services[s], "name") + " <- " +
                                   std::string(queue));
            }
        }
    }
    r.expectations("queue", queue);
    r.element("$.broker.queues", static_cast<std::size_t>(q), "");
    return r.take();
}

TopologyChange removeBinding(const Session& session, std::string_view exchange,
                             std::string_view queue, std::string_view key,
                             std::string_view arguments) {
    const Json doc = parsed(session);
    const Json& bindings = arrayAt(doc, "broker", "bindings");
    // Arguments compare as the loader keeps them: compact, names sorted.
    const auto argumentsOf = [](const Json& b) {
        return b.contains("arguments") ? nlohmann::json::parse(b["arguments"].dump()).dump()
                                       : std::string();
    };
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        if (textOf(bindings[i], "exchange") == exchange && textOf(bindings[i], "queue") == queue &&
            textOf(bindings[i], "key") == key && argumentsOf(bindings[i]) == arguments) {
            TopologyChange c;
            c.edits.push_back(removal(JsonSourceMap::elementPath("$.broker.bindings", i)));
            return c;
        }
    }
    return refused("the file binds " + std::string(queue) + " to " + std::string(exchange) +
                   " with no such key");
}

TopologyChange removeProducer(const Session& session, std::string_view service, std::size_t index) {
    const Json doc = parsed(session);
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    if (s < 0 || index >= producersOf(session, service).size()) {
        return refused("service " + std::string(service) + " has no such producer");
    }
    Removals r(doc);
    r.serviceEntry(s, "produces", index, "");
    return r.take();
}

TopologyChange removeConsumer(const Session& session, std::string_view service,
                              std::string_view queue) {
    const Json doc = parsed(session);
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    const Json consumes = s >= 0 ? arrayAt(doc, "", "services")[static_cast<std::size_t>(s)].value(
                                       "consumes", Json::array())
                                 : Json::array();
    const int i = indexWhere(consumes, "queue", queue);
    if (i < 0) {
        return refused("service " + std::string(service) + " does not consume " +
                       std::string(queue));
    }
    Removals r(doc);
    r.serviceEntry(s, "consumes", static_cast<std::size_t>(i), "");
    return r.take();
}

std::vector<std::string> producersOf(const Session& session, std::string_view service) {
    const Json doc = parsed(session);
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    std::vector<std::string> out;
    if (s < 0) {
        return out;
    }
    const Json produces =
        arrayAt(doc, "", "services")[static_cast<std::size_t>(s)].value("produces", Json::array());
    for (std::size_t i = 0; produces.is_array() && i < produces.size(); ++i) {
        out.push_back(textOf(produces[i], "event") + " -> " + textOf(produces[i], "exchange"));
    }
    return out;
}

std::vector<std::string> consumedQueuesOf(const Session& session, std::string_view service) {
    const Json doc = parsed(session);
    const int s = indexWhere(arrayAt(doc, "", "services"), "name", service);
    std::vector<std::string> out;
    if (s < 0) {
        return out;
    }
    const Json consumes =
        arrayAt(doc, "", "services")[static_cast<std::size_t>(s)].value("consumes", Json::array());
    for (std::size_t i = 0; consumes.is_array() && i < consumes.size(); ++i) {
        out.push_back(textOf(consumes[i], "queue"));
    }
    return out;
}

} // namespace evsim
