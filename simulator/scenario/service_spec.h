#pragma once

#include "simulator/kernel/distribution.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/backoff.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// Publisher confirms (AMQP16): the publisher waits for the broker's confirm; without one in
// `timeout` (or on a nack) it publishes the same event again, with the same event id, after a
// back-off, at most `retries` times. A confirm lost on the way back so causes a duplicate.
struct ConfirmSpec {
    SimTime timeout = SimTime::fromSeconds(5);
    std::uint32_t retries = 3;
    Backoff backoff;
};

// A log producer's transactions (KAFKA09; transactional.id): its records go in runs of
// `records`, each committed once every record of it is acknowledged, so that read_committed
// groups see the run whole or not at all. Every `abortEvery`-th is aborted instead and its
// events sent again in the next. The coordinator aborts one left open past `timeout`
// (transaction.timeout.ms): a producer that crashed mid-transaction holds read_committed
// readers of its partitions back until then.
struct TransactionSpec {
    std::uint32_t records = 1;
    std::uint32_t abortEvery = 0; // 0: none
    SimTime timeout = SimTime::fromSeconds(60);
};

// A stream of events one producer instance publishes. Each instance of the owning service
// runs its own copy. `exchange` "" is the AMQP default exchange (routes to the queue named
// by the routing key).
struct ProducerSpec {
    std::string eventType;
    int schemaVersion = 1;
    std::string exchange;
    std::string routingKey; // a partitioned log's record key
    // A partitioned log's producer with N > 0 writes keys "<routingKey>-0" to "-<N-1>" in turn.
    std::uint32_t keyCount = 0;
    Distribution gap;                   // time between publishes; a rate is a constant gap
    std::optional<std::uint64_t> count; // per instance; unlimited when absent
    SimTime start = SimTime::zero();    // first publish happens at start + one gap
    std::string body = "{}";            // JSON text of the event data
    // The body was made from the version's schema (none given): a rolling deploy to another
    // version sends that version's sample body instead.
    bool bodyFromSchema = false;
    std::string headers = "{}"; // JSON object text of application headers
    bool persistent = false;    // delivery_mode 2: kept by a durable queue's restart
    // enable.idempotence of a log's producer (KAFKA08; Kafka's default since 3.0): the log
    // writes a retried record once. Off, a retry whose first attempt arrived is written twice.
    bool idempotent = false;
    // acks=1 of a log's producer (KAFKA12): the partition's leader acknowledges a record as it
    // writes it, before any follower has it. Otherwise a producer with confirms is acks=all
    // (acknowledged once every in-sync replica has it) and one without is acks=0.
    bool leaderAck = false;
    std::optional<TransactionSpec> transaction; // a log producer's (KAFKA09)
    std::optional<SimTime> expiration;          // per-message TTL (AMQP06)
    std::optional<ConfirmSpec> confirms;        // absent: publish and forget
    // basic.publish's mandatory flag (AMQP05): a message no queue takes comes back to the
    // publisher as basic.return, before its confirm.
    bool mandatory = false;
};

// An event a consumer publishes after it processed a message successfully; it is a child of
// the processing span (semantics.md TRACE02).
struct EmitSpec {
    std::string eventType;
    int schemaVersion = 1;
    std::string exchange;
    std::string routingKey;
};

enum class AckMode {
    Manual, // ack after processing (at-least-once)
    Auto,   // the broker forgets the message when it is delivered (at-most-once)
};

enum class FailureAction {
    Requeue, // basic.nack requeue=true: back to the queue (classic: its original place)
    Reject,  // basic.reject requeue=false: dead-lettered, or dropped when no DLX
};

// An idempotent consumer (INV04): it remembers the ids of events it processed for `window`
// and acks a repeat without processing it again. `durable` keeps the memory across a crash.
struct IdempotencySpec {
    SimTime window = SimTime::fromSeconds(10 * 60);
    bool durable = false;
};

// Retries an application makes on top of the broker's requeue and reject, as teams build them
// on RabbitMQ. A message has failed `attempts` times in all when the consumer gives up.
struct RetrySpec {
    std::uint32_t attempts = 3;
    // Delayed retry: a failed message is published again to `viaExchange` (usually a delay
    // queue whose TTL dead-letters back to the work queue), with a per-message expiration of
    // backoff.delay(failures), and the original acked. Absent: the failure action
    // (requeue or reject) retries.
    std::optional<std::string> viaExchange;
    std::string viaRoutingKey;
    // A log's retry topics after the first, one per further attempt (Spring Kafka's topic per
    // back-off delay); the last takes every attempt after it.
    std::vector<std::string> laterVia;
    Backoff backoff;
    // After the last attempt the message is published there and acked; absent: rejected
    // (dead-lettered by the queue, or dropped).
    std::optional<std::string> giveUpExchange;
    std::string giveUpRoutingKey;
    // On a partitioned log `via` and `give_up` are topics (retry topics, a dead-letter topic)
    // and the record keeps its key there, so it stays in its key's partition.
    bool keepsKey = false;
};

// What makes processing of a message always fail: a poison message, for this consumer. Every
// part given must match; at least one is given.
struct PoisonRule {
    std::string eventType;             // "" = any type
    std::string headerName;            // "" = no header condition
    std::string fieldPath;             // "customer.id" in the body; "" = no field condition
    std::optional<std::string> equals; // JSON text the header or field must equal; absent: present
};

// What a consumer's code reads of one event type (docs/schemas.md): the schema version it was
// built with, the versions it takes at all, and the fields it uses. An event it cannot read
// fails processing with reason schema_mismatch, and takes the retry and dead-letter path.
struct ReadSpec {
    std::string eventType;
    int version = 1;
    std::vector<int> accepts;        // empty: every version
    std::vector<std::string> fields; // dotted paths; the loader fills in the required ones
};

struct ConsumerSpec {
    std::string queue;
    std::uint32_t prefetch = 0; // unacked deliveries per instance; 0 = unlimited
    Distribution processing;    // time to handle one message
    AckMode ack = AckMode::Manual;
    // basic.ack with multiple=true (AMQP21): one ack for this many processed messages, sent
    // sooner when nothing else waits to be processed. 1: each message acked on its own.
    std::uint32_t ackEvery = 1;
    // A log consumer's auto.commit.interval.ms (enable.auto.commit, KAFKA05): what it processed
    // is committed every interval rather than record by record. Zero: record by record.
    SimTime autoCommitInterval;
    double failureProbability = 0; // chance a processing attempt fails
    FailureAction onFailure = FailureAction::Requeue;
    std::vector<EmitSpec> emits;
    std::optional<IdempotencySpec> idempotent;
    std::optional<RetrySpec> retry;
    std::vector<PoisonRule> poison;
    std::vector<ReadSpec> reads;
    // When it subscribes (basic.consume); until then the queue sends it nothing.
    SimTime startAt;
    // A log consumer that reads, transforms and writes (KAFKA09's consume-transform-produce):
    // what it emits for a record and that record's offset commit go in one transaction, which
    // the coordinator aborts if it is open this long (transaction.timeout.ms). None: it emits
    // and commits apart.
    std::optional<SimTime> transactionTimeout;
};

struct ServiceSpec {
    std::string name;
    std::uint32_t instances = 1;
    std::vector<ProducerSpec> produces;
    std::vector<ConsumerSpec> consumes;
    // Waits between attempts to reconnect after the broker or the network dropped the
    // connection.
    Backoff reconnect{SimTime::fromMillis(500), 2, SimTime::fromSeconds(30)};
};

} // namespace evsim
