#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace evsim {

// What happened. Values are part of the digest: append new kinds at the end, never renumber.
// "message" is the record's message id; for records about no message it is 0, except where
// a kind says otherwise.
enum class RecordKind : std::uint8_t {
    Published = 1, // entity: publishing producer/consumer instance, aux: exchange;
                   // detail 1 = a retry of an unconfirmed publish, attempt: its number
    Enqueued,      // entity: queue, aux: exchange it came through
    Delivered,     // entity: queue, aux: consumer; detail 1 = redelivered
    Processed,     // entity: consumer, aux: queue (processing succeeded)
    Failed,        // entity: consumer, aux: queue (processing failed); detail: FailureCause
    Acked,         // entity: queue, aux: consumer
    Requeued,      // entity: queue, aux: consumer
    Dropped,       // entity: queue, exchange, consumer or link; detail: DropReason
    Expired,       // entity: queue (its TTL passed; dead-lettered or dropped next)
    DeadLettered,  // entity: queue it left, aux: dead-letter exchange; detail: DeadLetterReason
    Confirmed,     // entity: producer the confirm reached, aux: exchange; detail 1 = nack
    LostInTransit, // entity: link; the sender will retry or the broker still holds the copy
    Duplicated,    // entity: link; the network delivered this message twice
    Deduplicated,  // entity: consumer, aux: queue; a repeat of an event it had processed
    FaultStarted,  // entity: instance, link or broker; detail: FaultKind; message: the
                   // intervention's number (1-based index among the run's interventions)
    FaultEnded,    // as FaultStarted
    AlertRaised,   // entity: alert, aux: queue
    AlertResolved, // entity: alert, aux: queue
    ChannelClosed, // entity: consumer, aux: queue; detail: ChannelCloseCause (NotFound:
                   // entity the publishing producer or consumer, aux the exchange)
    Connected,     // entity: service instance (after a reconnect)
    QueueDrained,  // entity: queue; it holds nothing any more (recorded when watched)
    SingledOut,    // entity: link, aux: consumer (a delivery) or 0 (a publish); detail:
                   // MessageFaultKind; a message fault acts on this hop of the message
    Returned,      // entity: producer the basic.return reached, aux: exchange; a mandatory
                   // publish no queue took came back (312 NO_ROUTE, AMQP05)
    // A partitioned log's consumer groups (KAFKA03, KAFKA04). attempt: the partition.
    Rebalanced,        // entity: group; detail: members taking part (at most 255), attempt: the
                       // group's generation (low 16 bits)
    PartitionRevoked,  // entity: consumer, aux: group; it stops reading the partition
    PartitionAssigned, // entity: consumer, aux: group; message: the record it resumes at (the
                       // committed offset's), 0 when it is at the log's end
    MemberLost,        // entity: consumer, aux: group; its session timed out (KAFKA04)
    // A producer's transaction ended (KAFKA09). message: the transaction's number, not a
    // message's id; entity: the producer; aux: the topic it wrote to first.
    TransactionCommitted,
    TransactionAborted, // detail: TransactionAbort
    // A partition of a cluster has a new leader (KAFKA12). entity: the topic, aux: the broker
    // that leads it now, 0 for none (offline: no in-sync replica is up); attempt: the
    // partition; message: how many records it cut from the log (written to the old leader, never
    // copied); detail 1: the controller gave it back to its preferred leader (a rebalance of
    // leaders), 0: an election after its leader stopped.
    LeaderElected,
    // A record written to its partition's leader, for followers to copy (KAFKA12): groups take
    // it on (Enqueued) once every in-sync replica has it. entity: the topic, aux: the leader;
    // attempt: the partition. Only for a topic with replicas, or a slow leader.
    WrittenToLeader,
    // A group's offset in a partition moved by a seek (KAFKA07). entity: the group; attempt:
    // the partition; message: the record it reads next, 0 when it is at the log's end.
    Seeked,
};

// A consumer group's record: its `attempt` field holds a partition (or a generation), not a
// delivery attempt.
constexpr bool isGroupRecord(RecordKind kind) {
    return kind == RecordKind::Rebalanced || kind == RecordKind::PartitionRevoked ||
           kind == RecordKind::PartitionAssigned || kind == RecordKind::MemberLost ||
           kind == RecordKind::LeaderElected || kind == RecordKind::WrittenToLeader ||
           kind == RecordKind::Seeked;
}

// Whether a record's `attempt` field holds a partition, not a delivery attempt: a group's
// partition records, a cluster's records, and an Enqueued on a partitioned log (`log`).
constexpr bool attemptIsPartition(RecordKind kind, bool log) {
    return kind == RecordKind::PartitionRevoked || kind == RecordKind::PartitionAssigned ||
           kind == RecordKind::LeaderElected || kind == RecordKind::WrittenToLeader ||
           kind == RecordKind::Seeked || (log && kind == RecordKind::Enqueued);
}

// Why a message copy left the run unprocessed. Values are part of the digest: append only.
enum class DropReason : std::uint8_t {
    None = 0,
    Unroutable = 1,            // no binding matched (AMQP05); entity: the exchange
    Rejected = 2,              // rejected without requeue and no dead-letter exchange (AMQP10)
    FailedUnderAutoAck = 3,    // processing failed after the broker had already forgotten it
    Expired = 4,               // TTL passed, no dead-letter exchange (AMQP06)
    MaxLength = 5,             // x-overflow drop-head, no dead-letter exchange (AMQP09)
    RefusedPublish = 6,        // x-overflow reject-publish: not enqueued, the publisher nacked
    DeliveryLimit = 7,         // x-delivery-limit exceeded, no dead-letter exchange (AMQP12)
    BrokerRestart = 8,         // a transient message or a non-durable queue's (AMQP17)
    Network = 9,               // lost on a link, and nobody will send it again
    Purged = 10,               // removed by a queue purge
    InstanceCrash = 11,        // held by an instance that crashed, after the broker forgot it
    GaveUp = 12,               // a publisher gave up retrying; the last attempt never arrived
    DeadLetterUnroutable = 13, // dead-lettered, but its dead-letter exchange routes nowhere
    DeadLetterCycle = 14,      // dead-lettered back into a queue it died in, with no rejection
    NoExchange = 15,           // published to an exchange that does not exist (AMQP20); entity:
                               // the exchange (deleted), whose 404 closed the channel
    ClosedChannel = 16,        // reached the broker on a channel it had closed (AMQP20)
    // A producer's retry of a record the log already has (an idempotent producer, KAFKA08):
    // acknowledged, not written again. Not a loss: the record is in the log once.
    Deduplicated = 17,
    Retention = 18, // deleted by a topic's retention before the group read it (KAFKA10)
    // Removed by compaction before the group read it: a later record of its key supersedes
    // it (KAFKA11). Not a loss: the key's latest value is read.
    Compacted = 19,
    // Written in a transaction that aborted (KAFKA09): passed over by a read_committed group,
    // or refused when it reached the log after its transaction ended. A loss only when the
    // producer does not send its events again (a crash, a timeout).
    Aborted = 20,
    // A record without a key, which a compacted topic refuses (KAFKA11; Kafka's INVALID_RECORD:
    // the producer does not retry it).
    NoKey = 21,
    // Refused because the partition has no leader just now (Kafka's NOT_LEADER_OR_FOLLOWER,
    // KAFKA12): a producer that waits for acknowledgements tries again.
    NotLeader = 22,
    // An acks=all write refused because fewer replicas than min.insync.replicas are in sync
    // (NOT_ENOUGH_REPLICAS): retried likewise.
    NotEnoughReplicas = 23,
    // Written to a leader that failed before any follower copied it: the new leader's log does
    // not have it (KAFKA12). A loss when its producer was told it was written (acks=1) or
    // waits for nothing (acks=0).
    Truncated = 24,
    // Passed unread by a seek forward (KAFKA07): the group never reads it.
    Skipped = 25,
};
inline constexpr std::size_t kDropReasonCount = 26;

// Why a transaction aborted (KAFKA09), in TransactionAborted records.
enum class TransactionAbort : std::uint8_t {
    ByProducer = 1, // the producer aborted it, and sends its events again in the next
    TimedOut = 2,   // open past transaction.timeout.ms: the coordinator aborted it
    Fenced = 3,     // its producer restarted: initTransactions aborts what it left open
    GaveUp = 4,     // a record of it was never acknowledged: the producer gave up on it
    // A consumer's (KAFKA09's consume-transform-produce): the record whose outputs it held was
    // taken back before its commit came, and is read and transformed again.
    InputReadAgain = 5,
};

// Why a copy was dead-lettered (AMQP11), as RabbitMQ names it in x-death.
enum class DeadLetterReason : std::uint8_t {
    Rejected = 1,
    Expired = 2,
    MaxLength = 3,
    DeliveryLimit = 4,
};
inline constexpr std::size_t kDeadLetterReasonCount = 5;

// Why a consumer's channel closed (AMQP14, AMQP18).
enum class ChannelCloseCause : std::uint8_t {
    Crash = 1,           // the instance crashed
    ConsumerTimeout = 2, // a delivery stayed unacknowledged past consumer_timeout
    Heartbeat = 3,       // the connection was unreachable past the heartbeat timeout
    BrokerRestart = 4,   // the broker went down
    NotFound = 5,        // 404 NOT_FOUND: a publish named an exchange that does not exist
                         // (AMQP20); entity: the publisher, aux: the exchange
};

// What an intervention did, in FaultStarted/FaultEnded records.
enum class FaultKind : std::uint8_t {
    Crash = 1,
    SlowDown = 2,
    Pause = 3,
    Hang = 4,
    ErrorBurst = 5,
    Poison = 6,
    BrokerDown = 7,
    Purge = 8,
    LinkFault = 9,
    NotConsuming = 10,    // entity: consumer; cancelled (basic.cancel), or not started yet
    ExchangeDeleted = 11, // entity: exchange; deleted, until declared again (AMQP20)
    SlowBroker = 12,      // entity: one broker of a cluster (KAFKA12); BrokerDown stops one
    Seek = 13,            // entity: a log's consumer group; its offsets moved (KAFKA07)
    // entity: an instance a rolling deploy moved, attempt: the schema version it runs now. It
    // has no end: the instance stays on that version.
    RollingDeploy = 14,
};

// Why processing failed, in Failed records' detail. Values are part of the digest: append
// only.
enum class FailureCause : std::uint8_t {
    Error = 0,          // the consumer's code failed (its failure probability, an error burst,
                        // a poison rule, its handler)
    SchemaMismatch = 1, // it could not read the event (docs/schemas.md): the version is not
                        // one it accepts, or a field it reads is missing or of another type
};
std::string_view failureCauseName(FailureCause cause); // "error", "schema_mismatch"

std::string_view deadLetterReasonName(DeadLetterReason reason); // "rejected", "maxlen", …
std::string_view channelCloseCauseName(ChannelCloseCause cause);
std::string_view faultKindName(FaultKind kind);
std::string_view recordKindName(RecordKind kind);
std::string_view dropReasonName(DropReason reason);
std::string_view transactionAbortName(TransactionAbort why);

// One thing that happened at one instant. 24 bytes, trivially copyable: a run of millions of
// records stays cheap to keep for the GUI and to hash for the digest.
struct Record {
    SimTime time;
    std::uint32_t message = 0; // message id (1-based publish sequence of the run)
    std::uint32_t entity = 0;  // EntityTable id, see RecordKind
    std::uint32_t aux = 0;     // second EntityTable id, see RecordKind
    RecordKind kind = RecordKind::Published;
    std::uint8_t detail = 0;
    std::uint16_t attempt = 0; // delivery attempt, 1 for the first delivery
};
static_assert(sizeof(Record) == 24);

// The message a record is about; 0 for one about none (a fault's records carry their
// intervention's number in the message field instead, a transaction's its own).
inline std::uint32_t messageOf(const Record& r) {
    switch (r.kind) {
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded:
    case RecordKind::TransactionCommitted:
    case RecordKind::TransactionAborted:
    case RecordKind::LeaderElected:
        return 0;
    default:
        return r.message;
    }
}

// A 64-bit fingerprint of a record stream. Order-sensitive and built from integer operations
// only, so the same records give the same digest on every build type and machine.
class Digest {
public:
    void add(const Record& r) {
        const std::uint64_t a = static_cast<std::uint64_t>(r.time.nanos());
        const std::uint64_t b = (std::uint64_t{r.message} << 32) | r.entity;
        const std::uint64_t c = (std::uint64_t{r.aux} << 32) |
                                (std::uint64_t{static_cast<std::uint8_t>(r.kind)} << 24) |
                                (std::uint64_t{r.detail} << 16) | r.attempt;
        m_state = rotl((m_state ^ a) * kMul1, 29);
        m_state = rotl((m_state ^ b) * kMul2, 31);
        m_state = (m_state ^ c) * kMul3;
    }

    std::uint64_t value() const {
        std::uint64_t z = m_state;
        z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
        z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
        return z ^ (z >> 33);
    }

private:
    static constexpr std::uint64_t kMul1 = 0x9e3779b97f4a7c15ULL;
    static constexpr std::uint64_t kMul2 = 0xc2b2ae3d27d4eb4fULL;
    static constexpr std::uint64_t kMul3 = 0x165667b19e3779f9ULL;
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t m_state = 0x243f6a8885a308d3ULL;
};

// "0123456789abcdef"
std::string formatDigest(std::uint64_t digest);

} // namespace evsim
