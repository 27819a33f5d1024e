#include "simulator/broker/amqp/amqp_broker.h"

// AmqpBroker, continued: channels that close and open again (a client going away, a consumer
// timeout), purges, and a broker restart; and the broker's timers.

namespace evsim {

void AmqpBroker::closeChannel(std::uint32_t consumer, ChannelCloseCause cause) {
    Subscriber& s = m_subscribers[consumer];
    if (!s.open) {
        return;
    }
    s.open = false;
    const std::uint32_t queue = s.queue;
    recordAbout(RecordKind::ChannelClosed, s.entity, m_queues[queue].stats.entity,
                static_cast<std::uint8_t>(cause));
    // Oldest first, as RabbitMQ requeues a closed channel's deliveries by delivery tag.
    m_queues[queue].unacked -= s.outstanding.count();
    s.outstanding.takeAll([&](std::uint32_t copy) { returnToQueue(consumer, copy, true); });
    afterRemoval(queue);
    dispatch(queue);
    scheduleExpiry(queue);
}

void AmqpBroker::openSession(ConsumerIndex consumer) {
    Subscriber& s = m_subscribers[consumer.value()];
    s.open = true;
    dispatch(s.queue);
}

void AmqpBroker::setConsuming(ConsumerIndex consumer, bool consuming) {
    Subscriber& s = m_subscribers[consumer.value()];
    s.consuming = consuming;
    if (consuming) {
        dispatch(s.queue);
    }
}

void AmqpBroker::purge(QueueIndex queue) {
    const std::uint32_t qi = queue.value();
    AmqpQueue& q = m_queues[qi];
    for (const std::uint32_t copy : q.takeAllReady(m_copies)) {
        ++q.stats.dropped;
        m_env.drop(DropReason::Purged, m_copies[copy].message, q.stats.entity, 0);
        finish(copy);
    }
    afterRemoval(qi);
}

void AmqpBroker::restart() {
    // Every channel closes at once: nobody is there to take what goes back.
    for (std::size_t i = 0; i < m_subscribers.size(); ++i) {
        Subscriber& s = m_subscribers[i];
        if (s.open) {
            s.open = false;
            recordAbout(RecordKind::ChannelClosed, s.entity, m_queues[s.queue].stats.entity,
                        static_cast<std::uint8_t>(ChannelCloseCause::BrokerRestart));
        }
        m_queues[s.queue].unacked -= s.outstanding.count();
        const auto subscriber = static_cast<std::uint32_t>(i);
        s.outstanding.takeAll([&](std::uint32_t copy) { returnToQueue(subscriber, copy, true); });
    }
    // Durable queues keep their persistent messages; the rest is lost (AMQP17).
    for (AmqpQueue& q : m_queues) {
        for (const std::uint32_t copy : q.takeAllReady(m_copies)) {
            const MessageSlot slot = m_copies[copy].message;
            const MessageContent& m = m_env.messages.content(slot);
            if (q.durable && m.persistent()) {
                q.pushReady(copy, m_copies, m.bodyBytes);
                if (q.type == QueueType::Quorum && m_copies.expires(copy)) {
                    q.addExpiry({m_copies.expiresAt(copy), copy, m_copies[copy].sequence});
                }
            } else {
                ++q.stats.dropped;
                m_env.drop(DropReason::BrokerRestart, slot, q.stats.entity, 0);
                finish(copy);
            }
        }
        q.expiryCheckAt = SimTime::max();
        afterRemoval(q.index);
        scheduleExpiry(q.index);
    }
}

void AmqpBroker::onTimer(std::uint32_t target, std::uint32_t kind) {
    if (kind == kQueueExpiry) {
        AmqpQueue& q = m_queues[target];
        if (q.expiryCheckAt != m_env.now) {
            return; // a later or earlier timer took over
        }
        q.expiryCheckAt = SimTime::max();
        expireDue(target);
        dispatch(target);
        scheduleExpiry(target);
        return;
    }
    // The consumer timeout (AMQP18): one timer per subscriber, for its oldest delivery.
    Subscriber& s = m_subscribers[target];
    s.timeoutPending = false;
    if (!s.open || s.outstanding.empty()) {
        return;
    }
    const SimTime due = s.outstanding.oldestSentAt() + m_consumerTimeout;
    if (due > m_env.now) {
        s.timeoutPending = true;
        m_env.timer(due, target, kConsumerTimeout);
        return;
    }
    closeChannel(target, ChannelCloseCause::ConsumerTimeout);
    m_env.sink.sessionClosedByBroker(s.consumer);
}

} // namespace evsim
