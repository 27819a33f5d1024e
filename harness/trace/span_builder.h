#pragma once

#include "harness/trace/span.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/record_sink.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace evsim {

// What a message was, for span names and attributes.
struct MessageFacts {
    std::uint32_t eventId = 0;
    std::uint32_t routingKey = 0; // StringTable index
    std::uint32_t bodyBytes = 0;
    std::uint16_t eventType = 0;
    std::uint8_t schemaVersion = 1;
    std::uint16_t retries = 0;
    EntityId publisher = 0;
};

// The spans of a run (or of the traces asked for), and what was left out.
struct TraceSet {
    std::vector<Span> spans;                     // in the order they began, traces interleaved
    std::map<std::uint32_t, MessageFacts> facts; // by message id
    std::size_t traces = 0;                      // traces kept
    std::size_t tracesLeftOut = 0;               // traces past the limits
    bool cut = false;                            // a kept trace lost spans past the hard limit
};

// Which traces to keep. Past `maxSpans`, no trace begins; a trace under way goes on up to
// twice that, so that a long run's output stays bounded.
struct TraceLimits {
    std::size_t maxSpans = 200'000;
    std::size_t maxTraces = SIZE_MAX;
    std::optional<TraceId> only; // this trace alone
};

// The id of the span in which the broker held the `copy`-th copy (from 1) of `message` that
// entered `queue`.
std::uint64_t brokerSpanIdOf(std::uint64_t seed, std::uint32_t message, EntityId queue,
                             std::uint32_t copy);
// The id of the span that settled the delivery processed in span `process`.
std::uint64_t settleSpanIdOf(std::uint64_t process);

// Builds spans from a run's records as they come, whether from a running simulation (as a
// RecordSink) or from records kept elsewhere (the desktop app's), following the OpenTelemetry
// messaging conventions: a Send span per message sent, its creation context; a Broker span per
// copy a queue or a log held, from its arrival until it left; a Process span per delivery,
// child of the creation context and linked to it; a Settle span per ack or nack. An event a
// consumer emitted is sent in a span under the Process span that emitted it (TRACE02), so that
// a chain of services is one trace.
class SpanBuilder final : public RecordSink {
public:
    SpanBuilder(std::uint64_t seed, const EntityTable& entities, bool log, TraceLimits limits = {});
    void onRecord(const Record& record, const Message* message) override;
    // The spans, those still open ended at `end` and marked unfinished.
    TraceSet finish(SimTime end);

private:
    struct MessageState {
        int send = -1;
        std::uint32_t root = 0;
    };
    struct CopyState {
        int broker = -1;
        int lastProcess = -1;
        std::uint32_t copies = 0;
    };

    void published(const Record& r, const Message& m);
    void enqueued(const Record& r, const MessageState& state);
    void delivered(const Record& r, const MessageState& state);
    void processed(const Record& r);
    void settled(const Record& r, SpanSettlement how);
    // The span that settled the delivery processed in `process`, ending at `at`.
    void addSettle(const Span& process, SpanSettlement how, EntityId queue, SimTime at);
    void brokerEvent(const Record& r, EntityId queue, bool ends, SpanError error);
    void sendEvent(const Record& r, SpanError error);
    void dropped(const Record& r);
    int add(Span span);
    Span* spanAt(int index);
    bool admit(std::uint32_t root);

    std::uint64_t m_seed;
    const EntityTable& m_entities;
    bool m_log;
    TraceLimits m_limits;
    TraceSet m_out;
    std::unordered_map<std::uint32_t, MessageState> m_messages; // kept messages, by id
    std::unordered_map<std::uint64_t, CopyState> m_copies;      // by message << 32 | queue
    std::unordered_map<std::uint64_t, int> m_processing;        // by message << 32 | consumer
    std::unordered_map<std::uint32_t, std::pair<int, EntityId>> m_deadLettered; // by message
    std::unordered_set<std::uint32_t> m_roots;                                  // kept traces
    std::unordered_set<std::uint32_t> m_leftOut; // traces past the limits
};

} // namespace evsim
