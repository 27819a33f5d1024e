#include "harness/session/entity_properties.h"

#include "harness/session/json_fields.h"
#include "simulator/scenario/json_source_map.h"

#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

// "billing" of "billing#1", "billing#1/OrderPlaced" or "billing#1<-billing.orders".
std::string serviceOf(std::string_view name) {
    return std::string(name.substr(0, name.find('#')));
}

std::string written(const Json& object, const std::vector<std::string>& keys) {
    const Json* v = &object;
    for (const std::string& key : keys) {
        if (!v->is_object() || !v->contains(key)) {
            return "";
        }
        v = &(*v)[key];
    }
    return v->is_string() ? v->get<std::string>() : v->dump();
}

class Builder {
public:
    Builder(const Json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

    void add(std::string label, std::vector<std::string> keys, std::string hint) {
        EntityProperty p;
        p.label = std::move(label);
        p.value = written(m_object, keys);
        p.at = ScenarioEdit{m_path, std::move(keys), {}};
        p.hint = std::move(hint);
        m_out.push_back(std::move(p));
    }
    std::vector<EntityProperty> take() { return std::move(m_out); }

private:
    const Json& m_object;
    std::string m_path;
    std::vector<EntityProperty> m_out;
};

// A link's own latency when the network lists it, else the latency of every hop that has
// none of its own.
EntityProperties linkProperties(const Json& doc, const std::string& name) {
    EntityProperties out;
    const std::size_t arrow = name.find("->");
    if (arrow == std::string::npos) {
        return out;
    }
    const std::string from = name.substr(0, arrow);
    const std::string to = name.substr(arrow + 2);
    out.title = "link " + from + " -> " + to;
    const Json links = doc.contains("network") ? doc["network"].value("links", Json()) : Json();
    for (std::size_t i = 0; links.is_array() && i < links.size(); ++i) {
        const Json& link = links[i];
        if (link.is_object() && link.value("from", "") == from && link.value("to", "") == to) {
            Builder b(link, JsonSourceMap::elementPath("$.network.links", i));
            b.add("latency", {"latency"},
                  "this hop's one-way latency: a distribution, such as 5ms");
            out.properties = b.take();
            return out;
        }
    }
    Builder b(doc, "$");
    b.add("network latency", {"network", "latency"},
          "every hop without a latency of its own, this one included: a distribution, such as "
          "5ms; 0 by default");
    out.properties = b.take();
    return out;
}

} // namespace

EntityProperties entityProperties(const Session& session, EntityKind kind,
                                  std::string_view entityName) {
    EntityProperties out;
    const Json doc = Json::parse(session.text(), nullptr, false, true);
    if (!doc.is_object()) {
        return out;
    }
    const std::string name(entityName);
    if (kind == EntityKind::Queue) {
        const Json& queues =
            doc.contains("broker") ? doc["broker"].value("queues", Json()) : Json();
        const int q = indexWhere(queues, "name", name);
        if (q < 0) {
            return out;
        }
        const std::string path =
            JsonSourceMap::elementPath("$.broker.queues", static_cast<std::size_t>(q));
        Builder b(queues[static_cast<std::size_t>(q)], path);
        b.add("x-message-ttl", {"arguments", "x-message-ttl"},
              "milliseconds or a duration such as 30s; none by default");
        b.add("x-max-length", {"arguments", "x-max-length"},
              "ready messages at most; no limit by default");
        b.add("x-overflow", {"arguments", "x-overflow"},
              "drop-head (the default), reject-publish or reject-publish-dlx");
        out.title = "queue " + name;
        out.properties = b.take();
        return out;
    }
    if (kind == EntityKind::Link) {
        return linkProperties(doc, name);
    }
    const bool servicePart = kind == EntityKind::Service || kind == EntityKind::Instance ||
                             kind == EntityKind::Producer || kind == EntityKind::Consumer;
    if (!servicePart) {
        return out;
    }
    const std::string service = kind == EntityKind::Service ? name : serviceOf(name);
    const Json services = doc.value("services", Json());
    const int s = indexWhere(services, "name", service);
    if (s < 0) {
        return out;
    }
    const Json& spec = services[static_cast<std::size_t>(s)];
    const std::string path = JsonSourceMap::elementPath("$.services", static_cast<std::size_t>(s));
    if (kind == EntityKind::Producer) {
        const std::string event = name.substr(name.find('/') + 1);
        const int p = indexWhere(spec.value("produces", Json()), "event", event);
        if (p < 0) {
            return out;
        }
        const Json& producer = spec["produces"][static_cast<std::size_t>(p)];
        Builder b(producer, JsonSourceMap::elementPath(JsonSourceMap::memberPath(path, "produces"),
                                                       static_cast<std::size_t>(p)));
        if (producer.contains("gap")) {
            b.add("gap", {"gap"},
                  "a distribution: 50ms, {\"dist\": \"exponential\", \"mean\": \"50ms\"}, …");
        } else {
            b.add("rate", {"rate"}, "events per instance, such as 20/s");
        }
        b.add("count", {"count"}, "events per instance; unlimited by default");
        out.title = "producer " + event + " of " + service;
        out.properties = b.take();
        return out;
    }
    if (kind == EntityKind::Consumer) {
        const std::string queue = name.substr(name.find("<-") + 2);
        const int c = indexWhere(spec.value("consumes", Json()), "queue", queue);
        if (c < 0) {
            return out;
        }
        Builder b(spec["consumes"][static_cast<std::size_t>(c)],
                  JsonSourceMap::elementPath(JsonSourceMap::memberPath(path, "consumes"),
                                             static_cast<std::size_t>(c)));
        b.add("prefetch", {"prefetch"},
              "unacknowledged deliveries per instance; 0 (the default) is unlimited");
        b.add("processing", {"processing"},
              "a distribution: 20ms, {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": "
              "\"40ms\"}, …; 0 by default");
        b.add("failure_probability", {"failure_probability"}, "from 0 (the default) to 1");
        out.title = "consumer " + service + " <- " + queue;
        out.properties = b.take();
        return out;
    }
    Builder b(spec, path);
    b.add("instances", {"instances"}, "1 to 100,000; 1 by default");
    out.title = "service " + service;
    out.properties = b.take();
    return out;
}

std::string propertyJson(std::string_view typed) {
    const Json parsed = Json::parse(typed, nullptr, false);
    return parsed.is_discarded() ? Json(std::string(typed)).dump() : parsed.dump();
}

} // namespace evsim
