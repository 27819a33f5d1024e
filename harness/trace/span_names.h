#pragma once

#include "harness/trace/span_builder.h"
#include "simulator/observe/entity_table.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// What span names and attributes are read from: the run's tables.
struct TraceNames {
    std::uint64_t seed = 0;
    const EntityTable& entities;
    const StringTable& eventTypes;
    const StringTable& strings;
    bool log = false; // a partitioned log (Kafka), else RabbitMQ
};

// OpenTelemetry's SpanKind, with the numbers OTLP gives them.
enum class OtelSpanKind : int {
    Internal = 1,
    Client = 3,
    Producer = 4,
    Consumer = 5,
};

// A span attribute: a string, an integer or a boolean.
struct SpanAttribute {
    enum class Type : std::uint8_t { String, Int, Bool };
    std::string key;
    Type type = Type::String;
    std::string text;
    std::int64_t number = 0;
    bool flag = false;
};

std::string_view messagingSystem(const TraceNames& names); // "rabbitmq", "kafka"
// `messaging.operation.type`: "send", "process", "settle"; "" for the broker's own span.
std::string_view operationType(const Span& span);
// `messaging.operation.name`, the system's word: RabbitMQ's publish, ack, nack, reject; Kafka's
// send, commit; process for both; the broker's span is "queue" (RabbitMQ) or "log" (Kafka).
std::string_view operationName(const Span& span, const TraceNames& names);
OtelSpanKind spanKind(const Span& span);
// `{messaging.operation.name} {destination}`: "publish orders", "process billing.orders".
std::string spanName(const Span& span, const TraceNames& names);
// The service the span belongs to (OpenTelemetry's service.name): the publishing or consuming
// service, or the broker ("rabbitmq", "kafka") for a Broker span.
std::string serviceOf(const Span& span, const TraceNames& names);
// The service instance ("billing#2"); "" for the broker.
std::string instanceOf(const Span& span, const TraceNames& names);
// The destination's name; "" for the default exchange.
std::string destinationOf(const Span& span, const TraceNames& names);
// `error.type` of a failed span: "processing_failed", "interrupted", …; "" when it did not fail.
std::string_view errorType(SpanError error);

std::vector<SpanAttribute> spanAttributes(const Span& span, const TraceSet& set,
                                          const TraceNames& names);
// "dead_lettered", "expired", "requeued", "returned", "nacked", "lost", "duplicated", …
std::string eventName(const SpanEvent& event);
std::vector<SpanAttribute> eventAttributes(const SpanEvent& event, const TraceNames& names);

// The event type and CloudEvents id of the span's message: "OrderPlaced evt-12".
std::string messageLabel(const Span& span, const TraceSet& set, const TraceNames& names);

} // namespace evsim
