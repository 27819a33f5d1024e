#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>

namespace evsim {

// What a message says, as opposed to when it was sent and what it descends from: the same for
// every message a producer's template makes, so the message store keeps each content once
// (broker/message_store.h).
struct MessageContent {
    static constexpr std::uint8_t kPersistent = 1; // delivery_mode 2 (AMQP17)
    // From an idempotent producer (KAFKA08): the log writes a retry of a record it has once.
    static constexpr std::uint8_t kIdempotent = 2;
    // From a producer with acks=1 (KAFKA12): the leader acknowledges it as it writes it.
    static constexpr std::uint8_t kLeaderAck = 4;

    std::uint32_t routingKey = 0;            // StringTable index
    std::uint32_t body = 0;                  // StringTable index of the JSON body
    std::uint32_t headers = 0;               // StringTable index of the JSON object of headers
    std::uint32_t bodyBytes = 0;             // for x-max-length-bytes
    std::uint32_t expirationMs = UINT32_MAX; // per-message TTL in ms (AMQP06); none
    std::uint16_t eventType = 0;             // index into the event type table
    std::uint8_t schemaVersion = 1;
    std::uint8_t flags = 0;
    bool persistent() const { return (flags & kPersistent) != 0; }
    bool operator==(const MessageContent&) const = default;
};
static_assert(sizeof(MessageContent) == 24);

// A message whole, as the broker and consumers see it while it is in flight, strings by index.
// The store keeps it smaller (broker/message_store.h) and assembles this on demand; its
// CloudEvents envelope is derived from these fields in turn (engine/envelope.h).
//
// `id` numbers every message sent (a retried or duplicated publish is a new message);
// `eventId` names the event it carries (the CloudEvents id): a retry keeps its event id, which
// is how an idempotent consumer recognises a repeat.
struct Message {
    static constexpr std::uint8_t kPersistent = MessageContent::kPersistent;
    static constexpr std::uint8_t kIdempotent = MessageContent::kIdempotent;
    static constexpr std::uint8_t kLeaderAck = MessageContent::kLeaderAck;
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
    // The delivery attempt of `parent` whose processing sent this one: with the publishing
    // consumer it names the processing span this message's span is a child of (TRACE02).
    std::uint16_t parentAttempt = 0;

    bool persistent() const { return (flags & kPersistent) != 0; }
    MessageContent content() const {
        return MessageContent{routingKey,   body,      headers,       bodyBytes,
                              expirationMs, eventType, schemaVersion, flags};
    }
    void setContent(const MessageContent& c) {
        routingKey = c.routingKey;
        body = c.body;
        headers = c.headers;
        bodyBytes = c.bodyBytes;
        expirationMs = c.expirationMs;
        eventType = c.eventType;
        schemaVersion = c.schemaVersion;
        flags = c.flags;
    }
};
static_assert(sizeof(Message) == 56);

} // namespace evsim
