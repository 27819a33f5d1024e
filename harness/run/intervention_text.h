#pragma once

#include "simulator/scenario/intervention.h"

#include <string>

namespace evsim {

// One line for people: "crash billing#0, restarts after 30s", "partition orders (both ways)
// for 20s", "publish OrderPlaced to orders". Names are as written in the scenario (escape
// them for a terminal with printable()).
std::string describe(const InterventionAction& action);

} // namespace evsim
