#pragma once

#include "harness/session/scenario_edit.h"
#include "harness/session/session.h"
#include "simulator/observe/entity_table.h"

#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// One value of a part of the scenario that the app's properties panel shows and edits: how
// many instances a service runs, a producer's rate, a consumer's prefetch and processing
// time, a queue's TTL and length limit, a link's latency.
struct EntityProperty {
    std::string label; // "instances", "x-message-ttl"
    ScenarioEdit at;   // where it is written (its json unset)
    std::string value; // as the file writes it: 3, 20/s, {"exponential": "20ms"}; "" if absent
    std::string hint;  // what it may be, and its default
};

struct EntityProperties {
    std::string title; // "service billing", "consumer billing <- billing.orders"
    std::vector<EntityProperty> properties;
};

// What the properties panel shows for the part of `session`'s scenario that a run's entity
// of `kind` named `name` stands for: a service (or one of its instances), a producer, a
// consumer, a queue or a link (its latency, or the network's for every link without one).
// Nothing for other kinds. By name, since an edit that adds an instance
// numbers the entities of the next run differently.
EntityProperties entityProperties(const Session& session, EntityKind kind, std::string_view name);

// The JSON text of what a person typed for a property: valid JSON as it is (3, 0.5,
// {"dist": "uniform", "min": "1ms", "max": "5ms"}, "text"), anything else as a string (20/s, 5s).
std::string propertyJson(std::string_view typed);

} // namespace evsim
