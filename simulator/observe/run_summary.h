#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/latency_histogram.h"
#include "simulator/observe/record.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Per-queue (or per-partition) figures for summaries, expectations and views.
// A queue's running totals: what the broker keeps per queue while a run goes.
struct QueueCounters {
    // The counters every delivery moves first, beside the entity its records name.
    EntityId entity = 0;
    std::uint64_t published = 0;   // copies that entered the queue (dead-lettered in included)
    std::uint64_t delivered = 0;   // deliveries, redeliveries included
    std::uint64_t redelivered = 0; // deliveries of a copy delivered before
    std::uint64_t acked = 0;
    std::uint64_t maxDepth = 0; // most ready + unacked at once
    std::uint64_t requeued = 0;
    std::uint64_t dropped = 0; // copies that left unprocessed, any DropReason
    std::uint64_t expired = 0; // TTL passed (then dead-lettered or dropped)
    std::uint64_t refused = 0; // publishes refused by x-overflow reject-publish
    std::array<std::uint64_t, kDeadLetterReasonCount> deadLettered{}; // by DeadLetterReason

    std::uint64_t deadLetteredTotal() const {
        std::uint64_t n = 0;
        for (const std::uint64_t v : deadLettered) {
            n += v;
        }
        return n;
    }
};

// A queue in a run's summary: its totals, and what only a summary needs.
struct QueueStats : QueueCounters {
    std::string name;
    std::uint64_t ready = 0;   // waiting at the end
    std::uint64_t unacked = 0; // delivered, not yet settled, at the end
    LatencyHistogram latency;  // publish -> successful processing, first success per copy
};

// What a metrics sample reads of one queue at one instant: gauges, and running totals from
// which a sampler derives rates.
struct QueueGauge {
    std::uint64_t ready = 0;
    std::uint64_t unacked = 0;
    std::uint32_t consumers = 0; // subscribers whose channel is open
    SimTime oldestReadySince;    // when the oldest ready copy was enqueued (if any ready)
    std::uint64_t published = 0; // totals, as in QueueStats
    std::uint64_t delivered = 0;
    std::uint64_t redelivered = 0;
    std::uint64_t acked = 0;
    std::uint64_t deadLettered = 0;
    std::uint64_t expired = 0;
    std::uint64_t dropped = 0;
};

struct ConsumerStats {
    std::string service;
    std::string queue;
    std::uint32_t instances = 0;
    std::uint64_t processed = 0;
    std::uint64_t failed = 0;
    std::uint64_t schemaMismatches = 0;    // of the failures: events it could not read
    std::uint64_t deduplicated = 0;        // repeats an idempotent consumer acked unprocessed
    std::uint64_t duplicatesProcessed = 0; // events processed again: side effects twice
};

// What a service's producers heard back from the broker, all instances together.
struct ProducerStats {
    std::string service;
    std::uint64_t returned = 0; // mandatory publishes returned (basic.return, AMQP05)
    std::uint64_t notFound = 0; // publishes refused with 404 NOT_FOUND, closing a channel (AMQP20)
    std::uint64_t gaveUp = 0;   // events given up after their retries (AMQP16)
    // A transactional producer's transactions (KAFKA09), as it ended them: committed, or
    // aborted (by itself, after a record it gave up on, or at its restart). One the broker
    // aborted for its timeout counts as aborted when the producer restarts.
    std::uint64_t transactionsCommitted = 0;
    std::uint64_t transactionsAborted = 0;
};

// Where every published message is at the end of a run (semantics.md INV01). Counted from
// live state (queues, consumers, pending network events), not from the same counters that
// produced the totals, so a leak in either shows as an imbalance.
struct Conservation {
    std::uint64_t published = 0;    // messages sent by clients (retries and duplicates included)
    std::uint64_t inPublishHop = 0; // messages still travelling to the broker
    std::uint64_t lostOnTheWay = 0; // lost on a link or at a broker that was down
    std::uint64_t unroutable = 0;   // messages dropped by the exchange
    // Messages the broker discarded with a channel error (AMQP20): sent to an exchange that
    // did not exist (404), or on a channel it had closed for that.
    std::uint64_t channelErrors = 0;
    std::uint64_t routedMessages = 0; // reached the broker and routed (or refused by a queue)
    std::uint64_t copies = 0;         // queue copies created, by routing and by dead-lettering
    std::uint64_t acked = 0;
    std::uint64_t dropped = 0;      // copies dropped by a named cause (rejected, ...)
    std::uint64_t deadLettered = 0; // copies that left their queue for a dead-letter exchange
    std::uint64_t held = 0;         // copies still in a queue or delivered and unsettled

    bool balanced() const {
        return published ==
                   inPublishHop + lostOnTheWay + unroutable + channelErrors + routedMessages &&
               copies == acked + dropped + deadLettered + held;
    }
    std::uint64_t unaccounted() const;
};

struct RunSummary {
    std::string scenario;
    std::uint64_t seed = 0;
    SimTime endTime;       // where the run stopped (its duration, or --until)
    SimTime lastEventTime; // when the last thing happened
    std::uint64_t events = 0;
    std::uint64_t records = 0;
    std::uint64_t digest = 0;
    std::vector<QueueStats> queues;
    // What the broker calls a source: "queue", or a partitioned log's "group", whose held
    // records are its lag.
    std::string_view sourceNoun = "queue";
    std::vector<ConsumerStats> consumers;
    std::vector<ProducerStats> producers; // one per service that produces, by service
    Conservation conservation;
    std::uint64_t returned = 0; // mandatory publishes returned to their publishers (AMQP05)
    // Ended at the broker (KAFKA09): producers' and consumers', aborted by them or by the broker.
    std::uint64_t transactionsCommitted = 0;
    std::uint64_t transactionsAborted = 0;
    // A partitioned log's cluster (KAFKA12): writes refused for want of a leader or of in-sync
    // replicas, and records cut from a log, of which those their producers took for written.
    struct Cluster {
        std::uint64_t notLeader = 0;
        std::uint64_t notEnoughReplicas = 0;
        std::uint64_t cut = 0;
        std::uint64_t cutAcknowledged = 0;
    } cluster;

    const QueueStats* queue(const std::string& name) const;
    // Sums over every consumer entry of `service`; all zeros when there is none.
    ConsumerStats consumer(const std::string& service) const;
    // The entry of `service`; all zeros when it produces nothing.
    ProducerStats producer(const std::string& service) const;
};

} // namespace evsim
