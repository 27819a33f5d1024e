#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// An inclusive range; a missing bound is open. Durations are in nanoseconds.
struct Range {
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    bool contains(std::int64_t v) const { return (!min || v >= *min) && (!max || v <= *max); }
};

// Something that must hold at the end of a run.
struct Expectation {
    enum class Kind {
        // metric: published, delivered, acked, requeued, dropped, redelivered, expired,
        // dead_lettered (with `reason`: "" for all, or rejected, expired, maxlen,
        // delivery_limit)
        QueueCount,
        // metric: processed, failed, duplicates_processed (an event processed again after it
        // had been processed: its side effects applied twice), deduplicated (a repeat an
        // idempotent consumer acked without processing)
        ConsumerCount,
        // metric: returned (mandatory publishes that came back, AMQP05), not_found (publishes
        // refused with 404 NOT_FOUND, each closing a channel, AMQP20), gave_up (events given up
        // after their confirm retries, AMQP16)
        ProducerCount,
        MaxDepth, // the most ready + unacked messages a queue held at once
        Latency,  // end-to-end latency percentile of a queue, in ns
        // No message copy ended without being processed: none unroutable, rejected, dropped,
        // failed under auto-ack, expired, overflowed or lost to a fault. Stricter than
        // Accounted.
        NoLoss,
        // Every published message copy is accounted for at the end: acked, dropped by a named
        // cause, or still held (semantics.md INV01).
        Accounted,
        // Alert `subject` was raised (range: how many times), or never (range = 0).
        AlertFired,
        // Alert `subject` was raised within `within` after intervention `intervention`.
        AlertFiredWithin,
        // Alert `subject` was raised and resolved by time `within` (ns from the start).
        AlertResolvedBy,
        // Copies lost because of intervention `intervention` (range).
        LostByIntervention,
        // Queue `subject` was empty again within `within` after intervention `intervention`
        // ended.
        DrainedWithin,
        // Order (INV03), as `orderBroken` says it must end: metric "partition_order" of group
        // `subject` (within a partition, the group processes records for the first time in
        // the order they were written) or "key_order" of service `subject` (it processes a
        // key's events for the first time in the order they were first written, whichever
        // queues, groups or retry topics carried them).
        Order,
        // No consumer failed to read an event (reason schema_mismatch, docs/schemas.md).
        NoSchemaMismatch,
        // `evsim contracts` passes: every reader reads each version it meets, and the
        // registry's compatibility mode takes every version.
        ContractsCompatible,
        // Every trace rooted at a message of event type `subject` reaches (publishes) a message
        // of one of `events` (TRACE02: a trace is a root and what its processing caused).
        TracesComplete,
        // End-to-end latency of the traces rooted at `subject`: from the root's publish to the
        // trace's last record, a percentile, in ns.
        TraceLatency,
    };
    Kind kind = Kind::NoLoss;
    std::string subject;   // queue, service or alert name
    std::string metric;    // see Kind
    std::string reason;    // QueueCount dead_lettered only
    double percentile = 0; // Latency only, e.g. 99
    Range range;
    std::int64_t within = 0;         // ns, the Within and By kinds
    std::string intervention;        // a named timeline entry
    bool orderBroken = false;        // Order: the run must break the order (to show what breaks it)
    std::vector<std::string> events; // TracesComplete: the event types a trace must reach
    std::string jsonPath;            // where it came from, e.g. "$.expect[2].acked"
};

} // namespace evsim
