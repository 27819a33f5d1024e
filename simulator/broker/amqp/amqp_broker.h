#pragma once

#include "simulator/broker/amqp/amqp_queue.h"
#include "simulator/broker/amqp/death_table.h"
#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/broker/amqp/outstanding_deliveries.h"
#include "simulator/broker/amqp/queue_copy.h"
#include "simulator/broker/broker_model.h"
#include "simulator/scenario/amqp_spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

class StringTable;

// A RabbitMQ 3.10 broker: exchanges and bindings, classic and quorum queues with TTL, length
// limits, dead-lettering and delivery limits, consumers with prefetch and channels that can
// close, publisher confirms, consumer timeouts and restarts. docs/semantics.md lists the rows
// (AMQP01 to AMQP18) and the tests that prove each. amqp_broker.cpp holds the message's path
// (publish, queue, deliver, settle); amqp_broker_dead_letters.cpp how a copy leaves its queue
// otherwise; amqp_broker_channels.cpp channel closes, purges, restarts and timers.
class AmqpBroker final : public BrokerModel {
public:
    AmqpBroker(const AmqpSpec& spec, BrokerEnvironment env, StringTable& strings,
               EntityTable& entities);

    QueueIndex attach(ConsumerIndex consumer, EntityId consumerEntity,
                      const Subscription& subscription) override;
    PublishOutcome accept(MessageSlot slot, TargetIndex target, bool confirms) override;
    // Done is basic.ack, Retry basic.nack with requeue, Reject basic.nack without.
    bool settle(ConsumerIndex consumer, DeliveryHandle handle, std::uint32_t tag,
                Settlement how) override {
        return how == Settlement::Done
                   ? ack(consumer.value(), handle.value(), tag)
                   : nack(consumer.value(), handle.value(), tag, how == Settlement::Retry);
    }
    void closeSession(ConsumerIndex consumer, ChannelCloseCause cause) override {
        closeChannel(consumer.value(), cause);
    }
    void openSession(ConsumerIndex consumer) override;
    void setConsuming(ConsumerIndex consumer, bool consuming) override;
    bool sessionOpen(ConsumerIndex consumer) const override {
        return m_subscribers[consumer.value()].open;
    }
    void purge(QueueIndex queue) override;
    void restart() override;
    void onTimer(std::uint32_t target, std::uint32_t payload) override;

    void setTargetExists(TargetIndex target, bool exists) override {
        m_router.setDeleted(target.value(), !exists);
    }
    std::optional<TargetIndex> targetIndex(const std::string& name) const override;
    EntityId targetEntity(TargetIndex target) const override {
        return m_router.entity(target.value());
    }
    std::optional<QueueIndex> queueIndex(const std::string& name) const override;
    void watchDrain(QueueIndex queue) override;
    const std::vector<SimTime>& drainTimes(QueueIndex queue) const override {
        return m_queues[queue.value()].drainedAt;
    }

    std::vector<QueueStats> queueStats() const override;
    QueueGauge gauge(QueueIndex queue) const override;
    std::size_t queueCount() const override { return m_queues.size(); }
    std::uint64_t droppedUnroutable() const override { return m_unroutable; }
    std::uint64_t heldCopies() const override;
    bool mayRedeliverProcessed() const override;
    std::size_t memoryBytes() const override;
    std::size_t largestTableBytes() const override;
    std::size_t liveStateBytes() const override;
    void checkInvariants(const InvariantCheck& check,
                         std::vector<std::uint32_t>& references) const override;

    // The x-death history of a delivered copy (newest first), for envelopes and inspectors.
    const std::vector<DeathEntry>& deathsOf(DeliveryHandle handle) const {
        return m_deaths.entries(m_copies.deaths(handle.value()));
    }
    // x-delivery-count: times the copy returned to its queue (quorum queues count them).
    std::uint16_t returnsOf(DeliveryHandle handle) const {
        return m_copies[handle.value()].returned;
    }

private:
    // Inside the kind, a subscriber is the number of its consumer and a delivery the index of
    // its copy: plain positions in m_subscribers and m_copies.
    bool ack(std::uint32_t subscriber, std::uint32_t copy, std::uint32_t tag);
    bool nack(std::uint32_t subscriber, std::uint32_t copy, std::uint32_t tag, bool requeue);
    void closeChannel(std::uint32_t subscriber, ChannelCloseCause cause);

    enum TimerKind : std::uint32_t {
        kQueueExpiry = 0,     // target: queue
        kConsumerTimeout = 1, // target: subscriber
    };

    struct Subscriber {
        ConsumerIndex consumer;
        std::uint32_t queue = 0;
        EntityId entity = 0;
        std::uint32_t prefetch = 0;        // 0 = unlimited
        OutstandingDeliveries outstanding; // delivered, not settled yet
        bool autoAck = false;
        bool open = true;      // a closed channel gets no deliveries
        bool consuming = true; // false after basic.cancel: it only settles what it holds
        bool timeoutPending = false;
    };

    // Puts a copy of the message in `slot` into queue `q`, as routed through exchange `via`,
    // carrying x-death history `deaths` (retained here). False when the queue refused it
    // (x-overflow reject-publish).
    bool enqueue(std::uint32_t q, MessageSlot slot, std::uint32_t via, std::uint32_t deaths,
                 bool confirms);
    // Hands the queue's head to consumers with room while both last. `arriving` is the copy
    // being published, if any.
    void dispatch(std::uint32_t q, std::uint32_t arriving = kNoCopy);
    void deliverTo(std::uint32_t subscriber, std::uint32_t copy);
    // The copy is done with: its message and history are released and its index recycled
    // (or, when `listed`, recycled once it leaves the ready ring).
    void finish(std::uint32_t copy, bool listed = false);
    // A delivered copy comes back from its subscriber: frees its prefetch slot.
    bool takeBack(std::uint32_t subscriber, std::uint32_t copy, std::uint32_t tag);
    // A copy delivered to `subscriber` goes back to its queue, nacked with requeue or its
    // channel `closed`: requeued, or dead-lettered past a quorum queue's delivery limit
    // (AMQP12).
    void returnToQueue(std::uint32_t subscriber, std::uint32_t copy, bool closed);
    // Copy `copy` leaves queue `q` for its dead-letter exchange, or is dropped when there is
    // none (AMQP10, AMQP11). It must already be out of the ready list (or marked removed).
    void deadLetter(std::uint32_t q, std::uint32_t copy, DeadLetterReason reason,
                    bool listed = false);
    void expireDue(std::uint32_t q);
    void scheduleExpiry(std::uint32_t q);
    void enforceLength(std::uint32_t q);
    // Something left queue `q`: a watched queue that holds nothing now is recorded drained.
    void afterRemoval(std::uint32_t q) {
        if (m_queues[q].watchingDrain) {
            noteDrained(q);
        }
    }
    void noteDrained(std::uint32_t q);
    void recordAbout(RecordKind kind, EntityId entity, EntityId aux, std::uint8_t detail) const;
    SimTime expiryFor(const AmqpQueue& q, const MessageContent& m, bool deadLettered) const;
    std::vector<std::uint32_t>& routeScratch();

    // The broker's entities, numbered as they always were: the default exchange, the queues,
    // then the declared exchanges (records carry entity numbers, so this is in every digest).
    struct Entities {
        std::vector<EntityId> queues;
        std::vector<EntityId> exchanges; // [0]: the default exchange
    };
    static Entities addEntities(const AmqpSpec& spec, EntityTable& entities);

    BrokerEnvironment m_env;
    SimTime m_consumerTimeout;
    Entities m_entityIds;
    const EntityTable& m_entities; // finds queues by name
    std::vector<AmqpQueue> m_queues;
    ExchangeRouter m_router;
    std::vector<Subscriber> m_subscribers;
    CopyPool m_copies;
    DeathTable m_deaths;
    std::vector<std::vector<std::uint32_t>> m_routes; // one per nested routing (dead letters)
    std::size_t m_routeDepth = 0;
    std::uint64_t m_unroutable = 0;
};

} // namespace evsim
