#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"

#include <cstdint>
#include <optional>

namespace evsim {

// One running instance of a service: what faults change, and what its producers and
// consumers ask before they act.
struct ServiceInstance {
    static constexpr std::uint32_t kNoFault = UINT32_MAX;

    // What every event of its producers and consumers checks comes first.
    // A crash starts a new process: what the old one was doing is void.
    std::uint32_t processEpoch = 0;
    // A crash or a dropped connection: what was on the wire for the old connection is void.
    std::uint32_t connectionEpoch = 0;
    // Active link faults (intervention index) per direction: to the broker, from it.
    std::uint32_t linkFault[2] = {kNoFault, kNoFault};
    bool crashed = false;
    bool hung = false;
    bool connected = true;
    SimTime pausedUntil;                    // stop-the-world pause: nothing runs before this
    double slowFactor = 1;                  // processing takes this many times as long
    std::optional<double> errorProbability; // an error burst's, replacing the configured one
    // The schema version a rolling deploy moved it to; 0 while it runs what its spec says.
    std::uint8_t deployedVersion = 0;

    EntityId entity = 0; // "billing#1"
    std::uint32_t service = 0;
    std::uint32_t number = 0; // its index among the service's instances
    std::uint32_t firstProducer = 0;
    std::uint32_t producerCount = 0;
    std::uint32_t firstConsumer = 0;
    std::uint32_t consumerCount = 0;
    std::uint32_t reconnectAttempt = 0;

    // Whether its code runs now (not crashed, hung or paused).
    bool running(SimTime now) const { return !crashed && !hung && now >= pausedUntil; }
    // Whether it can talk to the broker now.
    bool online(SimTime now) const { return running(now) && connected; }
};

} // namespace evsim
