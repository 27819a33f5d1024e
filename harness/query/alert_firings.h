#pragma once

#include "simulator/kernel/sim_time.h"

#include <optional>
#include <string>
#include <vector>

namespace evsim {

class Simulation;

// One time an alert rule was raised, and when it was resolved again (if it was).
struct AlertFiring {
    std::string name;  // the alert rule's name
    std::string queue; // the queue it watches
    SimTime raisedAt;
    std::optional<SimTime> resolvedAt; // nullopt: still raised at the end of the run
    double value = 0;                  // the value that crossed (depth, messages/s or ns)
};

// Every firing of every alert rule, in the order the run raised them.
std::vector<AlertFiring> alertFirings(const Simulation& simulation);

// Only the firings of the rule named `name`.
std::vector<AlertFiring> alertFirings(const Simulation& simulation, const std::string& name);

} // namespace evsim
