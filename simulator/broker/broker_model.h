#pragma once

#include "broker/message_store.h"
#include "kernel/sim_time.h"
#include "observe/entity_table.h"
#include "observe/loss_tally.h"
#include "observe/record_log.h"
#include "observe/run_summary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

// A broker's own reference to one delivery (for AMQP: the queue copy), passed back on ack.
using DeliveryHandle = std::uint32_t;
using ConsumerIndex = std::uint32_t;

// Where a broker hands a delivery to a consumer. The Simulation implements it and moves the
// message across the broker->consumer network hop.
class DeliverySink {
public:
    virtual void deliver(ConsumerIndex consumer, DeliveryHandle handle, MessageSlot message,
                         std::uint16_t attempt) = 0;

protected:
    ~DeliverySink() = default;
};

// What a broker model may touch of the simulation around it. Plain references, no callbacks
// per record: records go straight into the log.
struct BrokerEnvironment {
    const SimTime& now;
    RecordLog& log;
    MessageStore& messages;
    DeliverySink& sink;
    LossTally& losses;

    void record(RecordKind kind, const Message& m, EntityId entity, EntityId aux,
                std::uint8_t detail = 0, std::uint16_t attempt = 0) const {
        log.append(Record{now, m.id, entity, aux, kind, detail, attempt}, &m);
    }

    // A copy leaves the run unprocessed: recorded and counted as a loss of `reason`.
    void drop(DropReason reason, const Message& m, EntityId entity, EntityId aux,
              std::uint16_t attempt = 0) const {
        record(RecordKind::Dropped, m, entity, aux, static_cast<std::uint8_t>(reason), attempt);
        losses.add(reason, m.id);
    }
};

// One broker model (AMQP today; Kafka-style logs, SQS and Pub/Sub later) behind the calls the
// Simulation makes. Consumer indices are the Simulation's; attach() tells the broker about
// each before the run starts.
class BrokerModel {
public:
    virtual ~BrokerModel() = default;

    // A consumer instance subscribes to `source` (a queue name) with a prefetch limit
    // (0 = unlimited). Autoack consumers settle each message when it is delivered. Returns the
    // source's index in queueStats().
    virtual std::uint32_t attach(ConsumerIndex consumer, EntityId consumerEntity,
                                 const std::string& source, std::uint32_t prefetch,
                                 bool autoAck) = 0;

    // The message in `slot` reached the broker addressed to `target` (an exchange index from
    // targetIndex()). The broker takes over the reference the publish hop held.
    virtual void accept(MessageSlot slot, std::uint32_t target) = 0;

    virtual void ack(ConsumerIndex consumer, DeliveryHandle handle) = 0;
    virtual void nack(ConsumerIndex consumer, DeliveryHandle handle, bool requeue) = 0;
    // The consumer's channel closes (its connection dropped, it crashed): every delivery it
    // has not settled goes back to its queue marked redelivered (AMQP14), and it gets nothing
    // more until openChannel(). Settling a delivery of a closed channel is not allowed.
    virtual void closeChannel(ConsumerIndex consumer) = 0;
    virtual void openChannel(ConsumerIndex consumer) = 0;

    // The index accept() takes for a publish target name; UINT32_MAX when there is none.
    virtual std::uint32_t targetIndex(const std::string& name) const = 0;
    virtual EntityId targetEntity(std::uint32_t target) const = 0;

    virtual std::vector<QueueStats> queueStats() const = 0;
    virtual std::uint64_t droppedUnroutable() const = 0;
    // Message copies the broker holds (ready or delivered and unsettled).
    virtual std::uint64_t heldCopies() const = 0;
    virtual std::size_t memoryBytes() const = 0;
    // Bytes of per-copy state in use now (no slack): for bytes-per-message figures.
    virtual std::size_t liveStateBytes() const = 0;
};

} // namespace evsim
