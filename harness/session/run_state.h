#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <map>
#include <vector>

namespace evsim {

// What a run looked like at one instant, rebuilt from its records alone: queue depths, what
// each consumer holds, which instances and links have a fault, which alerts are raised. The
// desktop app's canvas draws this; tests check it against the simulation's own figures.
//
// Records are applied in order. Entity ids index the vectors (sized to the entity table), so
// the state of any entity is a lookup.
struct RunState {
    struct Queue {
        std::int64_t ready = 0;
        std::int64_t unacked = 0;
    };
    // What an instance is going through, as its fault records say.
    struct Instance {
        bool crashed = false;
        bool paused = false;
        bool hung = false;
        bool slow = false;
        bool erroring = false;
        bool linkFault = false;
        bool connected = true;
        std::uint8_t schemaVersion = 0; // a rolling deploy's; 0: the one its spec gives
    };

    std::vector<Queue> queues;       // by entity id (queues only are meaningful)
    std::vector<std::int32_t> held;  // by consumer entity: deliveries not yet processed
    std::vector<Instance> instances; // by instance entity
    std::vector<bool> alerts;        // by alert entity: raised
    std::vector<bool> notConsuming;  // by consumer entity: cancelled, or not started yet
    std::vector<bool> deleted;       // by exchange entity: deleted, not declared again yet
    // By a cluster's broker entity (KAFKA12): stopped, answering late.
    std::vector<bool> nodeDown;
    std::vector<bool> nodeSlow;
    bool brokerDown = false;   // the broker as a whole (a broker restart)
    std::uint64_t applied = 0; // records applied

    void resize(std::size_t entities);
    // `entities` gives what kind each id is (an instance's consumers are found by parent).
    void apply(const Record& r, const EntityTable& entities);
};

} // namespace evsim
