#pragma once

#include "simulator/kernel/sim_time.h"

#include <QString>
#include <string>

namespace evsim {
struct Scenario;
}

namespace evsim::gui {

// What a service's link to or from the broker is going through at `t`, as a label for its
// edges: "" when healthy, "partitioned", or its figures ("loss 20% · dup 5% · ~250 ms").
struct LinkCondition {
    QString label;
    bool partitioned = false;
};

// Looks through the scenario's timeline (with the session's added interventions) for the link
// fault on `service` in that direction in effect at `t`, the latest one winning; a Heal ends it.
LinkCondition linkConditionAt(const Scenario& effective, const std::string& service, bool toBroker,
                              SimTime t);

} // namespace evsim::gui
