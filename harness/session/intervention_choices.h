#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/scenario/intervention.h"
#include "simulator/scenario/scenario.h"

#include <functional>
#include <string>
#include <vector>

namespace evsim {

// One thing a person can do to one part of a running scenario - "crash billing#0", "purge
// billing.orders", "partition order-service from the broker for…" - as the desktop app's
// context menus and Inject menu offer it. Choosing it adds interventions at a time; those that
// last ask for how long (`duration` holds a sensible default).
struct InterventionChoice {
    std::string label;   // "Crash", "Partition from the broker for…"
    std::string group;   // "Instance", "Network", "Publish", … (a menu section)
    std::string tooltip; // what it does, in a sentence
    bool asksDuration = false;
    SimTime duration; // the default when it asks
    // The interventions to add when chosen at `at` (with `duration` when it asks one).
    std::function<std::vector<Intervention>(SimTime at, SimTime duration)> make;
};

// What can be done to `target`, an entity of a run of `scenario` (a service, an instance, a
// producer or consumer, a queue, an exchange, a link or the broker); empty for anything else.
std::vector<InterventionChoice> interventionChoices(const Scenario& scenario,
                                                    const EntityTable& entities, EntityId target);

// What can be done to one message (msg-`message`) on its next hop: drop, duplicate or delay
// it, or crash the consumer instance it reaches (a MessageFault each).
std::vector<InterventionChoice> messageChoices(std::uint32_t message);

// Choices that apply to the whole run, whatever is selected: a broker restart, and for a
// partitioned log's cluster, stopping or slowing each of its brokers.
std::vector<InterventionChoice> runWideChoices(const Scenario& scenario);

} // namespace evsim
