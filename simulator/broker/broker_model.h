#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/kernel/index.h"
#include "simulator/kernel/scheduler.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/invariant_check.h"
#include "simulator/observe/loss_tally.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/observe/record_log.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/intervention.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evsim {

// The numbers the broker interface speaks in, each a type of its own (a queue's index cannot
// be passed for a consumer's). The broker and the engine index their own tables with value().
struct ConsumerKind;
struct DeliveryKind;
struct QueueKind;
struct TargetKind;
// A consumer instance, numbered by the Simulation; the broker's subscriber of the same number.
using ConsumerIndex = Index<ConsumerKind>;
// A broker's own reference to one delivery (for AMQP: the queue copy), passed back on ack.
using DeliveryHandle = Index<DeliveryKind>;
// A source consumers read (a queue), as numbered in queueStats().
using QueueIndex = Index<QueueKind>;
// What publishes are addressed to (an exchange, a topic).
using TargetIndex = Index<TargetKind>;

// One delivery as the consumer sees it. `tag` identifies this delivery of the copy: a settle
// that carries an older tag (a duplicate, or one sent before the channel closed) is ignored,
// as RabbitMQ ignores a delivery tag from a closed channel.
struct Delivery {
    ConsumerIndex consumer;
    DeliveryHandle handle;
    std::uint32_t tag = 0;
    MessageSlot message = 0;
    std::uint16_t attempt = 0; // 1 for the first delivery of this copy
    std::uint16_t deaths = 0;  // times this copy was dead-lettered out of this queue before
};

// Where a broker hands a delivery to a consumer. The Simulation implements it and moves the
// message across the broker->consumer network hop. Every kind delivers through here: a kind
// whose consumers pull (a partitioned log, a visibility-timeout queue) models their polls
// itself, with timers (BrokerEnvironment::timer), so the engine never knows whether a delivery
// was pushed or pulled.
class DeliverySink {
public:
    virtual void deliver(const Delivery& delivery) = 0;
    // The broker ended a consumer's session on its own (AMQP: a consumer timeout closes the
    // channel, AMQP18); the client notices and opens a new one.
    virtual void sessionClosedByBroker(ConsumerIndex consumer) = 0;
    // The broker is about to take back deliveries whose settles may be on their way, with no
    // fault to say so (a log's rebalance that stopped waiting for a slow member): what a
    // consumer processed may be delivered again.
    virtual void redeliveringProcessed() = 0;
    // The broker decides a publish it answered with PublishOutcome::deferred: acknowledged
    // (`written`) or refused (the publisher retries). A log's acks=all write waits so for its
    // followers (KAFKA12).
    virtual void publishDecided(std::uint32_t ticket, bool written) = 0;

protected:
    ~DeliverySink() = default;
};

// How a consumer settles a delivery, in words every kind maps to its own.
enum class Settlement : std::uint8_t {
    Done,   // processed: AMQP ack; a log's commit; SQS DeleteMessage; Pub/Sub ack
    Retry,  // deliver it again: AMQP nack with requeue; SQS visibility 0; Pub/Sub nack
    Reject, // give up on it: AMQP nack without requeue (dead-lettered or dropped)
};

// What a consumer asks for when it attaches to a source.
struct Subscription {
    // What it reads: a queue (AMQP, SQS), a topic (a partitioned log), a subscription (Pub/Sub).
    std::string source;
    // Deliveries it may hold unsettled: AMQP prefetch, a log's max.poll.records, SQS's
    // MaxNumberOfMessages. 0 = no limit.
    std::uint32_t maxUnsettled = 0;
    // Settled when delivered (AMQP auto-ack; a log's commit at poll).
    bool settledOnDelivery = false;
    // Takes deliveries from the start; false: attached, but consuming only from a later
    // setConsuming(true) (a consumer that starts later). A log's group that has never had a
    // consuming member has no offsets yet.
    bool consuming = true;
    // A log's auto.commit.interval.ms (enable.auto.commit): what the member processed is
    // committed every interval, not record by record. Zero: each record as it is settled.
    SimTime commitInterval = SimTime::zero();
};

// What a broker model may touch of the simulation around it. Plain references: records go
// straight into the log, timers straight into the scheduler (as EventKind::BrokerTimer, whose
// target and payload the broker chooses and gets back in BrokerModel::onTimer).
struct BrokerEnvironment {
    const SimTime& now;
    RecordLog& log;
    MessageStore& messages;
    DeliverySink& sink;
    LossTally& losses;
    Scheduler& scheduler;

    // A record about the message in `slot`, assembled only when a sink wants to see it.
    void record(RecordKind kind, MessageSlot slot, EntityId entity, EntityId aux,
                std::uint8_t detail = 0, std::uint16_t attempt = 0) const {
        const Record r{now, messages.id(slot), entity, aux, kind, detail, attempt};
        if (log.hasSinks()) [[unlikely]] {
            appendWithMessage(r, slot);
        } else {
            log.append(r, nullptr);
        }
    }
    void appendWithMessage(const Record& r, MessageSlot slot) const;

    // A copy leaves the run unprocessed: recorded, and counted as a loss of `reason` unless
    // `counted` is false (a refused publish whose publisher was told, and will retry).
    void drop(DropReason reason, MessageSlot slot, EntityId entity, EntityId aux,
              std::uint16_t attempt = 0, bool counted = true) const {
        record(RecordKind::Dropped, slot, entity, aux, static_cast<std::uint8_t>(reason), attempt);
        if (counted) {
            losses.add(reason, messages.id(slot));
        }
    }

    void timer(SimTime at, std::uint32_t target, std::uint32_t payload) const {
        scheduler.schedule(at, EventKind::BrokerTimer, target, payload);
    }
};

// What the broker did with one publish: the publisher's confirm (AMQP16) follows from it.
struct PublishOutcome {
    std::uint32_t queues = 0; // copies enqueued
    bool refused = false;     // a queue refused it (x-overflow reject-publish): nack
    // Refused for good (a log's INVALID_RECORD): the publisher hears an error it does not
    // retry, and the broker counted the loss.
    bool invalid = false;
    bool unroutable = false; // no queue: dropped, and confirmed (ack) all the same
    // The target does not exist (it was deleted): dropped, and the publisher's session ends
    // with an error instead of a confirm (AMQP: channel.close 404 NOT_FOUND, AMQP20).
    bool noTarget = false;
    // The confirm waits: the broker calls DeliverySink::publishDecided with this ticket (from
    // 1) once it knows; 0: the confirm goes now.
    std::uint32_t deferred = 0;
    // The confirm leaves this much later (a slow leader's acks=1 answer).
    SimTime confirmDelay = SimTime::zero();
    bool confirmAck() const { return !refused; }
};

// One broker model (AMQP today; Kafka-style logs, SQS and Pub/Sub later) behind the calls the
// Simulation makes, in words that fit every kind: targets take publishes, sources hold copies
// for consumers, consumers attach, settle and hold sessions. Consumer indices are the
// Simulation's; attach() tells the broker about each before the run starts. What every kind
// must do with these calls is tests/simulator/broker/broker_contract_test.cpp.
class BrokerModel {
public:
    virtual ~BrokerModel() = default;

    // A consumer instance subscribes. Returns the source's index in queueStats().
    virtual QueueIndex attach(ConsumerIndex consumer, EntityId consumerEntity,
                              const Subscription& subscription) = 0;

    // The message in `slot` reached the broker addressed to `target` (an index from
    // targetIndex(): an exchange, a topic). The broker takes over the reference the publish hop
    // held. `confirms`: the publisher waits for a confirm, so a refusal is its to handle, not a
    // loss.
    virtual PublishOutcome accept(MessageSlot slot, TargetIndex target, bool confirms) = 0;

    // Settles a delivery; a stale one (an older tag, a closed session) is ignored: false.
    virtual bool settle(ConsumerIndex consumer, DeliveryHandle handle, std::uint32_t tag,
                        Settlement how) = 0;

    // The consumer's session closes (its connection dropped, it crashed, it timed out): every
    // delivery it has not settled goes back to be delivered again as the kind does it (AMQP:
    // requeued at once, marked redelivered, AMQP14), and it gets nothing more until
    // openSession(). AMQP's session is a channel.
    virtual void closeSession(ConsumerIndex consumer, ChannelCloseCause cause) = 0;
    virtual void openSession(ConsumerIndex consumer) = 0;
    virtual bool sessionOpen(ConsumerIndex consumer) const = 0;
    // The consumer stops taking new deliveries (AMQP basic.cancel) or takes them again
    // (basic.consume). What it holds stays its own to settle; what it returns goes to others.
    // Independent of its session: a cancelled consumer stays cancelled across reconnects.
    virtual void setConsuming(ConsumerIndex consumer, bool consuming) = 0;

    // Removes every ready message of the queue (`queue` from queueIndex()).
    virtual void purge(QueueIndex queue) = 0;
    // A partitioned log's group moves its offsets (KAFKA07); the loader lets a seek name no
    // other kind's source. How many partitions a log's group reads: 0 for other sources.
    virtual void seek(QueueIndex /*group*/, const Seek& /*to*/) {}
    virtual std::uint32_t partitionCount(QueueIndex /*source*/) const { return 0; }
    // The broker stops (every channel closes) and comes back up: durable queues keep their
    // persistent messages, everything else is lost (AMQP17).
    virtual void restart() = 0;

    // A producer's transaction (KAFKA09), numbered run-wide from 1. begin: as the producer sends
    // its first record (the coordinator hears of it first: AddPartitionsToTxn precedes the
    // write); the coordinator aborts it if it is still open `timeout` later. commit, abort: its
    // producer's EndTxn reached the broker. Only a log takes transactions (the loader lets no
    // other kind's producer have one); the rest ignore them.
    virtual void beginTransaction(std::uint32_t /*transaction*/, EntityId /*producer*/,
                                  SimTime /*timeout*/) {}
    virtual void commitTransaction(std::uint32_t /*transaction*/) {}
    // A consumer's commit of a delivery goes in `transaction` (KAFKA09: sendOffsetsToTransaction):
    // the transaction commits when that commit reaches the broker, and aborts if the delivery
    // is taken back instead.
    virtual void commitInTransaction(ConsumerIndex /*consumer*/, DeliveryHandle /*handle*/,
                                     std::uint32_t /*tag*/, std::uint32_t /*transaction*/) {}
    // How many transactions, producers' and consumers', committed (or aborted) so far.
    virtual std::uint64_t transactionsEnded(bool /*committed*/) const { return 0; }
    virtual void abortTransaction(std::uint32_t /*transaction*/, TransactionAbort /*why*/) {}

    // One node of a cluster (KAFKA12), numbered from 1 up to nodeCount(), stops or comes back
    // (`up`), or answers every request `latency` late (zero: on time again). A kind that is a
    // single node has none (nodeCount() 0; the checks refuse such faults before they come).
    virtual std::uint32_t nodeCount() const { return 0; }
    // The entity of the broker as a whole, made after the model: a cluster of one node is it.
    virtual void setBrokerEntity(EntityId /*entity*/) {}
    virtual EntityId nodeEntity(std::uint32_t /*node*/) const { return 0; }
    virtual void setNodeUp(std::uint32_t /*node*/, bool /*up*/) {}
    virtual void setNodeLatency(std::uint32_t /*node*/, SimTime /*latency*/) {}
    // What the cluster refused and cut so far.
    virtual RunSummary::Cluster clusterCounts() const { return {}; }

    // A timer the broker set through BrokerEnvironment::timer fired.
    virtual void onTimer(std::uint32_t target, std::uint32_t payload) = 0;

    // The target is deleted (`exists` false) or declared again. A deleted target takes no
    // publish (PublishOutcome::noTarget) and receives nothing routed to it.
    virtual void setTargetExists(TargetIndex target, bool exists) = 0;

    // The index accept() takes for a publish target name; nullopt when there is none.
    virtual std::optional<TargetIndex> targetIndex(const std::string& name) const = 0;
    virtual EntityId targetEntity(TargetIndex target) const = 0;
    // A queue's index (as in queueStats()); nullopt when there is none.
    virtual std::optional<QueueIndex> queueIndex(const std::string& name) const = 0;
    // Records QueueDrained the next time the queue holds nothing (now, if it is empty).
    virtual void watchDrain(QueueIndex queue) = 0;
    // When the queue drained while watched, in order.
    virtual const std::vector<SimTime>& drainTimes(QueueIndex queue) const = 0;

    virtual std::vector<QueueStats> queueStats() const = 0;
    // What the kind calls the sources of queueStats(), singular: "queue", "group".
    virtual std::string_view sourceNoun() const { return "queue"; }
    // What a metrics sample reads of one queue, cheaply.
    virtual QueueGauge gauge(QueueIndex queue) const = 0;
    // A partitioned log's offsets, for a metrics sample (MetricsSample's order), into vectors
    // sized once: none for other kinds. Each topic's name and partition count, in that order.
    virtual void samplePartitions(std::vector<PartitionSample>& /*partitions*/,
                                  std::vector<GroupPartitionSample>& /*groups*/) const {}
    virtual std::vector<std::pair<std::string, std::uint32_t>> logTopics() const { return {}; }
    virtual std::size_t queueCount() const = 0;
    virtual std::uint64_t droppedUnroutable() const = 0;
    // Message copies the broker holds (ready or delivered and unsettled).
    virtual std::uint64_t heldCopies() const = 0;
    // Whether a copy can move on from its source to another (AMQP: a queue with a dead-letter
    // exchange; SQS: a redrive policy), where a consumer may already have processed its event.
    // A kind that delivers processed events again otherwise, and only at times, says so then
    // (DeliverySink::redeliveringProcessed).
    virtual bool mayRedeliverProcessed() const = 0;
    virtual std::size_t memoryBytes() const = 0;
    // The largest one table of memoryBytes(): what its next growth may need at once.
    virtual std::size_t largestTableBytes() const = 0;
    // Bytes of per-copy state in use now (no slack): for bytes-per-message figures.
    virtual std::size_t liveStateBytes() const = 0;

    // Checks the kind's own books (counts against what they count: ready against the ready
    // list, each consumer's unsettled count against what it holds) and adds the references
    // its copies hold to `references`, by message slot, for the message store's check.
    // Throws InvariantViolation, through `check`, at the first disagreement.
    virtual void checkInvariants(const InvariantCheck& check,
                                 std::vector<std::uint32_t>& references) const = 0;
};

} // namespace evsim
