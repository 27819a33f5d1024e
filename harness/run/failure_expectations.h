#pragma once

#include "harness/run/expectations.h"
#include "simulator/scenario/expectation.h"

namespace evsim {

class Simulation;

// The expectations about failures: alerts (fired, fired within a time of an intervention,
// resolved by a time), copies lost because of an intervention, and queues that drained within
// a time after an intervention's effect ended. `result` arrives with the expectation and its
// expected range filled in.
ExpectationResult checkFailure(const Expectation& e, const Simulation& simulation,
                               ExpectationResult result);

} // namespace evsim
