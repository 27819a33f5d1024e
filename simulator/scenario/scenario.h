#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/alert_rule.h"
#include "simulator/scenario/broker_spec.h"
#include "simulator/scenario/expectation.h"
#include "simulator/scenario/intervention.h"
#include "simulator/scenario/network_spec.h"
#include "simulator/scenario/schema/json_schema.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

// The plain data a scenario file describes. Produced by loadScenario() (validated) or built
// in code by tests and benchmarks; the Simulation builds its runtime state from it.
// Names are unique within their kind; references (a binding's exchange, a consumer's queue,
// an alert's queue, an expectation's intervention) always name something that exists once the
// loader has accepted the file.
struct Scenario {
    std::string sourceFile; // empty when built in code
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    SimTime duration = SimTime::fromSeconds(10);
    BrokerSpec broker;
    std::vector<EventSchema> schemas; // by event type, in the order declared
    std::vector<ServiceSpec> services;
    NetworkSpec network;
    std::vector<Intervention> timeline; // hand-written interventions, same path as live ones
    MetricsSpec metrics;
    std::vector<AlertRule> alerts;
    std::vector<Expectation> expectations;
};

} // namespace evsim
