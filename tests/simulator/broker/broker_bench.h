#pragma once

// The broker alone, driven call by call: deliveries are collected instead of crossing a
// network, and the broker's timers fire only when a test advances the clock, so a test decides
// exactly when each publish, ack, nack, channel close and expiry happens.
#include "simulator/broker/amqp/amqp_broker.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace evsim::testkit {

class BrokerBench : private DeliverySink {
public:
    explicit BrokerBench(const AmqpSpec& spec)
        : m_broker(spec, BrokerEnvironment{m_now, m_log, m_messages, *this, m_losses, m_scheduler},
                   m_strings, m_entities) {}

    // A consumer of `queue`; consumers are numbered from 0 in the order they are added.
    ConsumerIndex addConsumer(const std::string& queue, std::uint32_t prefetch,
                              bool autoAck = false) {
        const ConsumerIndex index(static_cast<std::uint32_t>(m_consumers++));
        const EntityId entity = m_entities.add(EntityKind::Consumer,
                                               "c" + std::to_string(index.value()) + "<-" + queue);
        m_broker.attach(index, entity, Subscription{queue, prefetch, autoAck});
        return index;
    }

    struct Publish {
        std::string exchange; // "" is the default exchange
        std::string key;
        bool persistent = false;
        std::uint32_t expirationMs = Message::kNoExpiration;
        std::uint32_t bodyBytes = 2;
        bool confirms = false;
    };

    // Publishes one message; returns what the broker did with it. Its id is lastId().
    PublishOutcome publish(const Publish& p) {
        Message m;
        m.id = ++m_lastId;
        m.eventId = m.id;
        m.routingKey = m_strings.intern(p.key);
        m.references = 1;
        m.traceRoot = m.id;
        m.flags = p.persistent ? Message::kPersistent : 0;
        m.expirationMs = p.expirationMs;
        m.bodyBytes = p.bodyBytes;
        const std::optional<TargetIndex> target = m_broker.targetIndex(p.exchange);
        if (!target) {
            throw std::logic_error("no exchange " + p.exchange);
        }
        return m_broker.accept(m_messages.add(m, kNoEntity), *target, p.confirms);
    }
    // Publishes to the default exchange, addressed to `queue`; returns the message id.
    std::uint32_t publish(const std::string& queue) {
        publish(Publish{"", queue});
        return m_lastId;
    }
    std::uint32_t lastId() const { return m_lastId; }

    bool ack(const Delivery& d) {
        return m_broker.settle(d.consumer, d.handle, d.tag, Settlement::Done);
    }
    bool nack(const Delivery& d, bool requeue) {
        return m_broker.settle(d.consumer, d.handle, d.tag,
                               requeue ? Settlement::Retry : Settlement::Reject);
    }

    // Moves the clock to `t`, firing the broker's timers due by then, in order.
    void advanceTo(SimTime t) {
        while (!m_scheduler.empty() && m_scheduler.nextTime() <= t) {
            const Event e = m_scheduler.pop();
            m_now = e.time;
            m_broker.onTimer(e.target, e.payload);
        }
        m_now = t;
    }
    SimTime now() const { return m_now; }

    AmqpBroker& broker() { return m_broker; }
    const LossTally& losses() const { return m_losses; }
    const EntityTable& entities() const { return m_entities; }
    std::vector<Record> records(RecordKind kind) const {
        std::vector<Record> out;
        for (const Record& r : m_log.records()) {
            if (r.kind == kind) {
                out.push_back(r);
            }
        }
        return out;
    }
    const QueueStats stats(const std::string& queue) const {
        return m_broker.queueStats()[m_broker.queueIndex(queue).value().value()];
    }
    std::uint32_t messageIdOf(const Delivery& d) const { return m_messages[d.message].id; }
    const std::string& entityName(EntityId id) const { return m_entities[id].name; }

    std::vector<Delivery> deliveries;
    std::vector<ConsumerIndex> closedByBroker;

    // The delivery of `message` still held, most recent first.
    const Delivery& deliveryOf(std::uint32_t message) const {
        for (auto it = deliveries.rbegin(); it != deliveries.rend(); ++it) {
            if (m_messages[it->message].id == message) {
                return *it;
            }
        }
        throw std::logic_error("never delivered");
    }
    // Message ids of the deliveries from `from` on.
    std::vector<std::uint32_t> delivered(std::size_t from = 0) const {
        std::vector<std::uint32_t> ids;
        for (std::size_t i = from; i < deliveries.size(); ++i) {
            ids.push_back(m_messages[deliveries[i].message].id);
        }
        return ids;
    }

private:
    void deliver(const Delivery& d) override { deliveries.push_back(d); }
    void redeliveringProcessed() override {}
    void publishDecided(std::uint32_t, bool) override {}
    void sessionClosedByBroker(ConsumerIndex consumer) override {
        closedByBroker.push_back(consumer);
    }

    SimTime m_now;
    RecordLog m_log{true};
    MessageStore m_messages{true};
    LossTally m_losses;
    Scheduler m_scheduler;
    EntityTable m_entities;
    StringTable m_strings;
    AmqpBroker m_broker;
    std::size_t m_consumers = 0;
    std::uint32_t m_lastId = 0;
};

} // namespace evsim::testkit
