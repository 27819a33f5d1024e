#pragma once

#include "kernel/sim_time.h"

#include <string>
#include <variant>

namespace evsim {

// Publish one message by hand, as if `service` had sent it (a poison message, a replay).
struct PublishMessage {
    std::string service; // shown as the CloudEvents source; need not exist in the scenario
    std::string exchange;
    std::string routingKey;
    std::string eventType;
    int schemaVersion = 1;
    std::string body = "{}";
};

// Every change to a running simulation, from a scenario's timeline or a live session, is one
// of these. Later kinds (crash, restart, latency change, partition) join this variant.
using InterventionAction = std::variant<PublishMessage>;

struct Intervention {
    SimTime at;
    InterventionAction action;
};

} // namespace evsim
