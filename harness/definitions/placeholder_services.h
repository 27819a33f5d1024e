#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace evsim {

// The services of an imported topology, for the user to edit: one placeholder producer
// ("publisher") per exchange that routes somewhere, publishing a key (or headers) its first
// binding takes, once a second; one consumer service per queue. `routesFrom` holds each
// exchange's bindings as the scenario writes them.
nlohmann::ordered_json
placeholderServices(const std::vector<nlohmann::ordered_json>& exchanges,
                    const std::vector<nlohmann::ordered_json>& queues,
                    const std::map<std::string, std::vector<nlohmann::ordered_json>>& routesFrom);

} // namespace evsim
