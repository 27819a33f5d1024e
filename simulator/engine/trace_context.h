#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

// A W3C trace id: 16 bytes, never all zero (semantics.md TRACE01).
struct TraceId {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    bool valid() const { return high != 0 || low != 0; }
    bool operator==(const TraceId&) const = default;
    auto operator<=>(const TraceId&) const = default;
};

// W3C Trace Context for one message (semantics.md CE02, TRACE01, TRACE02); no tracestate:
// EventSim adds no vendor entries. Ids are derived
// from the run seed and the message's lineage, so they are the same on every run and every
// machine, and a span's id can be worked out from the records alone (harness/trace).
struct TraceContext {
    std::string traceId;      // 32 lowercase hex digits
    std::string spanId;       // 16 lowercase hex digits: the span that sent the message
    std::string parentSpanId; // "" for a root message
    std::string traceparent() const { return "00-" + traceId + "-" + spanId + "-01"; }
};

// The ids spans are built from. Every function gives a non-zero id.
TraceId traceIdOf(std::uint64_t seed, std::uint32_t rootMessage);
// The span that sent `message`: its creation context, which the envelope carries.
std::uint64_t sendSpanIdOf(std::uint64_t seed, std::uint32_t message);
// The span in which `consumer` processed delivery `attempt` of `message`.
std::uint64_t processSpanIdOf(std::uint64_t seed, std::uint32_t message, EntityId consumer,
                              std::uint16_t attempt);
// The span whose work sent `message`, 0 for none (a root): the span that processed its parent
// for an event a consumer emitted or republished (TRACE02), the first attempt's send span for
// a producer's retry of an unconfirmed publish. `publisher` is the entity that sent it.
std::uint64_t parentSpanIdOf(std::uint64_t seed, const Message& message, EntityId publisher);

// The context a message carries.
TraceContext traceContextOf(std::uint64_t seed, const Message& message, EntityId publisher);

std::string hexId(std::uint64_t id);  // 16 lowercase hex digits
std::string hexId(const TraceId& id); // 32 lowercase hex digits

// A traceparent header read strictly, as a receiver that follows the W3C recommendation
// would: version 00 exactly, lowercase hex, ids not all zero, nothing after the flags.
struct ParsedTraceparent {
    TraceId traceId;
    std::uint64_t parentId = 0;
    std::uint8_t flags = 0;
};
// The parsed header, or why it is malformed in `error`.
std::optional<ParsedTraceparent> parseTraceparent(std::string_view text, std::string& error);
// A trace id on its own: 32 lowercase or uppercase hex digits, not all zero.
std::optional<TraceId> parseTraceId(std::string_view text, std::string& error);
// A trace id, or the trace id of a whole traceparent (what a user copies from a log line or an
// envelope).
std::optional<TraceId> parseTraceIdOrTraceparent(std::string_view text, std::string& error);

} // namespace evsim
