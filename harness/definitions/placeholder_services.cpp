#include "harness/definitions/placeholder_services.h"

#include <algorithm>

namespace evsim {

using Out = nlohmann::ordered_json;

Out placeholderServices(const std::vector<Out>& exchanges, const std::vector<Out>& queues,
                        const std::map<std::string, std::vector<Out>>& routesFrom) {
    Out services = Out::array();
    Out produces = Out::array();
    for (const Out& x : exchanges) {
        const std::string name = x["name"].get<std::string>();
        const auto routes = routesFrom.find(name);
        if (routes == routesFrom.end()) {
            continue;
        }
        const Out& first = routes->second.front();
        Out p{{"event", "Event"}, {"exchange", name}, {"rate", "1/s"}};
        if (first.contains("key")) {
            std::string key = first["key"].get<std::string>();
            std::replace(key.begin(), key.end(), '*', 'x');
            std::replace(key.begin(), key.end(), '#', 'x');
            p["routing_key"] = key;
        }
        if (first.contains("arguments")) {
            Out headers = Out::object();
            for (const auto& [k, v] : first["arguments"].items()) {
                if (!k.starts_with("x-") && !v.is_null()) {
                    headers[k] = v;
                }
            }
            p["headers"] = headers;
        }
        produces.push_back(std::move(p));
    }
    if (!produces.empty()) {
        services.push_back(Out{{"name", "publisher"}, {"produces", produces}});
    }
    for (const Out& q : queues) {
        const std::string name = q["name"].get<std::string>();
        services.push_back(
            Out{{"name", name + "-consumer"},
                {"consumes",
                 Out::array({Out{{"queue", name}, {"prefetch", 10}, {"processing", "5ms"}}})}});
    }
    return services;
}

} // namespace evsim
