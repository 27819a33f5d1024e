#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>

namespace evsim {

// What the broker and consumers need of a message while it is in flight: 56 bytes, strings by
// index. Its CloudEvents envelope is derived from these fields on demand (engine/envelope.h).
//
// `id` numbers every message sent (a retried or duplicated publish is a new message);
// `eventId` names the event it carries (the CloudEvents id): a retry keeps its event id, which
// is how an idempotent consumer recognises a repeat.
struct Message {
    static constexpr std::uint8_t kPersistent = 1; // delivery_mode 2 (AMQP17)
    static constexpr std::uint32_t kNoExpiration = UINT32_MAX;

    SimTime publishedAt;
    std::uint32_t id = 0;         // run-wide send sequence, from 1
    std::uint32_t routingKey = 0; // StringTable index
    std::uint16_t eventType = 0;  // index into the event type table
    std::uint8_t schemaVersion = 1;
    std::uint8_t flags = 0;
    std::uint32_t references = 0; // holders: the publish hop, queue copies, consumers
    std::uint32_t parent = 0;     // id of the message whose processing emitted this; 0 = root
    std::uint32_t traceRoot = 0;  // id of the first message of its trace (its own for a root)
    std::uint32_t eventId = 0;    // the event it carries: its first message's id
    std::uint32_t body = 0;       // StringTable index of the JSON body
    std::uint32_t headers = 0;    // StringTable index of the JSON object of headers
    std::uint32_t bodyBytes = 0;  // for x-max-length-bytes
    std::uint32_t expirationMs = kNoExpiration; // per-message TTL in ms (AMQP06)
    std::uint16_t retries = 0; // times an application published it again after failing

    bool persistent() const { return (flags & kPersistent) != 0; }
};
static_assert(sizeof(Message) == 56);

} // namespace evsim
