#pragma once

#include "kernel/sim_time.h"

#include <cstdint>

namespace evsim {

// What the broker and consumers need of a message while it is in flight: 32 bytes, no strings.
// Its CloudEvents envelope is derived from these fields on demand (see engine/envelope.h).
struct Message {
    SimTime publishedAt;
    std::uint32_t id = 0;         // run-wide publish sequence, from 1
    std::uint32_t routingKey = 0; // StringTable index
    std::uint16_t eventType = 0;  // index into the event type table
    std::uint8_t schemaVersion = 1;
    std::uint8_t flags = 0;
    std::uint32_t references = 0; // holders: the publish hop, queue copies, consumers
    std::uint32_t parent = 0;     // id of the message whose processing emitted this; 0 = root
    std::uint32_t traceRoot = 0;  // id of the first message of its trace (its own for a root)
};
static_assert(sizeof(Message) == 32);

} // namespace evsim
