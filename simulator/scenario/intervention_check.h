#pragma once

#include "scenario/intervention.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace evsim {

struct Scenario;

// The names an intervention may refer to in one scenario.
struct InterventionTargets {
    std::map<std::string, std::uint32_t, std::less<>> services; // name -> instances
    std::set<std::string, std::less<>> consumingServices;
    std::set<std::string, std::less<>> queues;
    std::set<std::string, std::less<>> exchanges; // declared ones; "" is always there
    SimTime duration;

    static InterventionTargets of(const Scenario& scenario);
};

// Why `intervention` cannot be applied to a run of the scenario ("no service named …",
// "billing has 2 instances; there is no #3", "after the end of the run"), or "" when it can.
// The loader checks a file's timeline the same way, with locations; this is for interventions
// made elsewhere (a live session, a test).
std::string checkIntervention(const InterventionTargets& targets, const Intervention& intervention);

} // namespace evsim
