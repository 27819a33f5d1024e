#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>

namespace evsim {

// Exponential back-off between retries: `initial`, then × `multiplier` each time, never more
// than `max`. What clients use between reconnects and between publish retries.
struct Backoff {
    SimTime initial = SimTime::fromMillis(100);
    double multiplier = 2;
    SimTime max = SimTime::fromSeconds(30);

    // The wait before retry number `retry` (1 for the first): initial × multiplier^(retry-1),
    // capped at max. Integer nanoseconds, the same on every machine.
    SimTime delay(std::uint32_t retry) const;

    bool operator==(const Backoff&) const = default;
};

} // namespace evsim
