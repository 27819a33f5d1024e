#pragma once

#include "broker/broker_model.h"
#include "kernel/ring_buffer.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace evsim {

class StringTable;

// RabbitMQ-style exchanges, bindings and classic queues (semantics.md AMQP01, AMQP05, AMQP13,
// AMQP15 so far). Exchange index 0 is the default exchange "", which routes to the queue named
// by the routing key.
class AmqpBroker final : public BrokerModel {
public:
    AmqpBroker(const BrokerSpec& spec, BrokerEnvironment env, StringTable& strings,
               EntityTable& entities);

    std::uint32_t attach(ConsumerIndex consumer, EntityId consumerEntity, const std::string& source,
                         std::uint32_t prefetch, bool autoAck) override;
    void accept(MessageSlot slot, std::uint32_t target) override;
    void ack(ConsumerIndex consumer, DeliveryHandle handle) override;
    void nack(ConsumerIndex consumer, DeliveryHandle handle, bool requeue) override;
    void closeChannel(ConsumerIndex consumer) override;
    void openChannel(ConsumerIndex consumer) override;

    std::uint32_t targetIndex(const std::string& name) const override;
    EntityId targetEntity(std::uint32_t target) const override {
        return m_exchanges[target].entity;
    }
    std::vector<QueueStats> queueStats() const override;
    std::uint64_t droppedUnroutable() const override { return m_unroutable; }
    std::uint64_t heldCopies() const override;
    std::size_t memoryBytes() const override;
    std::size_t liveStateBytes() const override;

private:
    // One message in one queue. `sequence` is its place in the queue, kept across requeues so
    // that a requeued message goes back where it was (AMQP13).
    // While delivered and unsettled, a copy is in its subscriber's list of outstanding
    // deliveries, in delivery order, so that a closing channel requeues exactly those.
    struct Copy {
        MessageSlot message;
        std::uint32_t sequence;
        std::uint32_t subscriber; // who holds it while delivered (its queue is the copy's)
        std::uint32_t previous;   // outstanding deliveries of the same subscriber
        std::uint32_t next;
        std::uint16_t deliveries;
        std::uint16_t unused;
    };
    static_assert(sizeof(Copy) == 24);

    struct Binding {
        std::uint32_t queue;
        std::uint32_t key; // StringTable index
    };

    struct Exchange {
        EntityId entity = 0;
        std::string name;
        bool isDefault = false;
        ExchangeType type = ExchangeType::Direct;
        std::vector<Binding> bindings;
    };

    struct Subscriber {
        ConsumerIndex consumer;
        std::uint32_t queue;
        EntityId entity;
        std::uint32_t prefetch; // 0 = unlimited
        std::uint32_t unacked;
        std::uint32_t oldest; // outstanding deliveries, oldest first (copy indices)
        std::uint32_t newest;
        bool autoAck;
        bool open; // a closed channel gets no deliveries
    };

    struct Queue {
        QueueStats stats;
        RingBuffer<std::uint32_t> ready;        // copy indices, sorted by sequence
        std::vector<std::uint32_t> subscribers; // indices into m_subscribers
        std::size_t nextSubscriber = 0;         // round-robin position (AMQP15)
        std::uint32_t nextSequence = 0;
        std::uint32_t lastMessageId = 0; // dedupes a message routed twice to one queue
        std::uint64_t unacked = 0;
    };

    void enqueue(std::uint32_t queue, MessageSlot slot, EntityId viaExchange);
    void dispatch(std::uint32_t queue);
    void settle(std::uint32_t copy);
    // A delivered copy comes back from its consumer (ack or nack): frees its prefetch slot.
    Subscriber& returnFromConsumer(ConsumerIndex consumer, DeliveryHandle handle);
    // Back to its original place among the ready copies, to be redelivered (AMQP13).
    void requeue(Queue& q, std::uint32_t copy);
    std::uint32_t newCopy(const Copy& c);

    BrokerEnvironment m_env;
    std::vector<Exchange> m_exchanges;
    std::vector<Queue> m_queues;
    std::map<std::uint32_t, std::uint32_t> m_queueByKey; // StringTable index -> queue
    std::map<std::string, std::uint32_t, std::less<>> m_queueByName;
    std::map<std::string, std::uint32_t, std::less<>> m_exchangeByName; // not the default
    std::vector<Subscriber> m_subscribers;
    std::vector<Copy> m_copies;
    std::vector<std::uint32_t> m_freeCopies;
    std::uint64_t m_unroutable = 0;
};

} // namespace evsim
