#pragma once

#include "simulator/engine/trace_context.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <vector>

namespace evsim {

// What a span stands for, after the OpenTelemetry messaging conventions: a producer's (or
// consumer's) send, the broker holding one copy of the message (queue or log), a consumer
// processing one delivery, and a consumer settling it (ack, nack, reject, commit).
enum class SpanOperation : std::uint8_t {
    Send,
    Broker,
    Process,
    Settle,
};

// How a Settle span settled its delivery.
enum class SpanSettlement : std::uint8_t {
    Ack,     // basic.ack, or a log's offset commit
    Requeue, // basic.nack requeue=true, or taken back (the consumer crashed, its channel closed)
    Reject,  // basic.reject requeue=false: dead-lettered or dropped
};

// Why a span ended in error (OpenTelemetry status ERROR with `error.type`).
enum class SpanError : std::uint8_t {
    None,
    ProcessingFailed, // the consumer's processing failed
    Interrupted,      // the processing never finished: the instance crashed or disconnected
    Nacked,           // the broker nacked the publish
    Unroutable,       // no queue took the publish
    Lost,             // lost on the network, or dropped before any queue had it
    Dropped,          // the broker dropped the copy (expired, overflow, rejected, ...)
    DeadLettered,     // the copy was dead-lettered
    SchemaMismatch,   // the consumer could not read the event (docs/schemas.md)
};

// A moment on a span: a dead-lettering, an expiry, a requeue, a network loss. Read from the
// record that says it.
struct SpanEvent {
    SimTime time;
    RecordKind kind = RecordKind::Acked;
    std::uint8_t detail = 0;
    EntityId entity = 0;
    EntityId aux = 0;
};

// One span, with what its names and attributes are made of (trace/span_names.h renders them).
// Ids are the ones messages carry (simulator/engine/trace_context.h), so a span found here
// and a traceparent in an events file agree.
struct Span {
    TraceId trace;
    std::uint64_t id = 0;
    std::uint64_t parent = 0; // 0 for a trace's root
    std::uint64_t link = 0;   // the message's creation context (its send span), same trace
    SpanOperation operation = SpanOperation::Send;
    SpanSettlement settlement = SpanSettlement::Ack;
    SpanError error = SpanError::None;
    bool unfinished = false;   // still going when the run ended
    bool redelivered = false;  // a Process span of a redelivery
    std::uint32_t message = 0; // the message it is about
    std::uint32_t root = 0;    // its trace's first message
    std::uint16_t attempt = 0; // delivery attempt (Process, Settle), publish attempt (Send)
    std::int32_t partition = -1;
    EntityId actor = 0;       // Send: producer or consumer; Broker: the queue; Process, Settle:
                              // the consumer
    EntityId destination = 0; // Send: exchange or topic; others: the queue (a log's group)
    EntityId via = 0;         // the exchange or topic the copy came through (Broker, Process)
    SimTime start;
    SimTime end;
    std::vector<SpanEvent> events;
};

} // namespace evsim
