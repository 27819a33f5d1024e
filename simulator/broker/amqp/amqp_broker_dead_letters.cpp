#include "simulator/broker/amqp/amqp_broker.h"

#include <algorithm>

// AmqpBroker, continued: how a copy leaves its queue other than by an ack. It returns to the
// queue (requeue, or past a quorum queue's delivery limit, dead-lettering), expires, or is
// pushed out by a length limit, and is dead-lettered or dropped.

namespace evsim {
namespace {

DropReason dropFor(DeadLetterReason reason) {
    switch (reason) {
    case DeadLetterReason::Rejected:
        return DropReason::Rejected;
    case DeadLetterReason::Expired:
        return DropReason::Expired;
    case DeadLetterReason::MaxLength:
        return DropReason::MaxLength;
    case DeadLetterReason::DeliveryLimit:
        return DropReason::DeliveryLimit;
    }
    return DropReason::Rejected;
}

} // namespace

void AmqpBroker::returnToQueue(std::uint32_t subscriber, std::uint32_t copy, bool closed) {
    QueueCopy& c = m_copies[copy];
    const Subscriber& s = m_subscribers[subscriber];
    AmqpQueue& q = m_queues[s.queue];
    if (c.returned < UINT16_MAX) {
        ++c.returned;
    }
    // Quorum queues count returns (x-delivery-count) and give up past the limit (AMQP12).
    if (q.type == QueueType::Quorum && q.deliveryLimit && c.returned > *q.deliveryLimit) {
        deadLetter(s.queue, copy, DeadLetterReason::DeliveryLimit);
        return;
    }
    ++q.stats.requeued;
    m_env.record(RecordKind::Requeued, c.message, q.stats.entity, s.entity, 0, c.deliveries);
    // RabbitMQ 3.10's quorum queue returns what a closed channel held, and what is requeued
    // where a delivery limit is set, ahead of the waiting messages (rabbit_fifo's returns
    // queue); a plain requeue without a limit goes to the back (AMQP13).
    const bool ahead = q.type == QueueType::Quorum && (closed || q.deliveryLimit.has_value());
    q.returnReady(copy, m_copies, m_env.messages.content(c.message).bodyBytes, ahead);
    // A requeued copy keeps its original expiry (AMQP06).
    if (q.type == QueueType::Quorum && m_copies.expires(copy)) {
        q.addExpiry({m_copies.expiresAt(copy), copy, c.sequence});
    }
}

void AmqpBroker::deadLetter(std::uint32_t qi, std::uint32_t copy, DeadLetterReason reason,
                            bool listed) {
    QueueCopy& c = m_copies[copy];
    AmqpQueue& q = m_queues[qi];
    const MessageSlot slot = c.message;
    if (q.deadLetterExchange == AmqpQueue::kNoExchange) {
        ++q.stats.dropped;
        m_env.drop(dropFor(reason), slot, q.stats.entity, 0, c.deliveries);
        finish(copy, listed);
        return;
    }
    ++q.stats.deadLettered[static_cast<std::size_t>(reason)];
    const EntityId dlx = m_router.entity(q.deadLetterExchange);
    m_env.record(RecordKind::DeadLettered, slot, q.stats.entity, dlx,
                 static_cast<std::uint8_t>(reason), c.deliveries);
    const MessageContent& content = m_env.messages.content(slot);
    const std::uint32_t routingKey = content.routingKey;
    const std::uint32_t history = m_deaths.died(
        m_copies.deaths(copy), DeathEntry{q.stats.entity, reason, 1, m_env.now,
                                          m_router.entity(m_copies.exchange(copy)), routingKey});
    const std::uint32_t key =
        q.deadLetterRoutingKey == AmqpQueue::kKeepRoutingKey ? routingKey : q.deadLetterRoutingKey;
    std::vector<std::uint32_t>& targets = routeScratch();
    m_router.route(q.deadLetterExchange, key, content.headers, targets);
    ++m_routeDepth;
    if (targets.empty()) {
        m_env.drop(DropReason::DeadLetterUnroutable, slot, dlx, q.stats.entity, c.deliveries);
    }
    for (const std::uint32_t t : targets) {
        // RabbitMQ drops a message that would die into a queue it died in before, unless a
        // consumer rejected it on the way (a cycle of expiries would never end).
        if (m_deaths.mentions(history, m_queues[t].stats.entity) &&
            !m_deaths.anyRejected(history)) {
            m_env.drop(DropReason::DeadLetterCycle, slot, m_queues[t].stats.entity, dlx);
            continue;
        }
        enqueue(t, slot, q.deadLetterExchange, history, false);
    }
    --m_routeDepth;
    m_deaths.release(history);
    finish(copy, listed);
}

void AmqpBroker::expireDue(std::uint32_t qi) {
    AmqpQueue& q = m_queues[qi];
    if (q.expiring == 0) {
        return;
    }
    // Classic queues see expiry at the head; quorum queues wherever a copy is (AMQP07).
    for (std::uint32_t copy = q.head(m_copies);
         copy != kNoCopy && m_copies.expiresAt(copy) <= m_env.now; copy = q.head(m_copies)) {
        ++q.stats.expired;
        m_env.record(RecordKind::Expired, m_copies[copy].message, q.stats.entity, 0);
        q.popHead(copy, m_copies, m_env.messages.content(m_copies[copy].message).bodyBytes);
        deadLetter(qi, copy, DeadLetterReason::Expired);
    }
    if (q.type != QueueType::Quorum) {
        return;
    }
    for (auto e = q.nextExpiry(m_copies); e && e->at <= m_env.now; e = q.nextExpiry(m_copies)) {
        q.popExpiry();
        const std::uint32_t copy = e->copy;
        ++q.stats.expired;
        m_env.record(RecordKind::Expired, m_copies[copy].message, q.stats.entity, 0);
        q.removeReady(copy, m_copies, m_env.messages.content(m_copies[copy].message).bodyBytes);
        deadLetter(qi, copy, DeadLetterReason::Expired, true);
    }
    afterRemoval(qi);
}

void AmqpBroker::scheduleExpiry(std::uint32_t qi) {
    AmqpQueue& q = m_queues[qi];
    if (q.expiring == 0) {
        return;
    }
    SimTime next = SimTime::max();
    if (q.type == QueueType::Quorum) {
        if (const auto e = q.nextExpiry(m_copies)) {
            next = e->at;
        }
    } else if (const std::uint32_t head = q.head(m_copies); head != kNoCopy) {
        next = m_copies.expiresAt(head);
    }
    // One timer per queue at a time: another only when this expiry comes sooner.
    if (next < q.expiryCheckAt) {
        q.expiryCheckAt = next;
        m_env.timer(next, qi, kQueueExpiry);
    }
}

void AmqpBroker::enforceLength(std::uint32_t qi) {
    AmqpQueue& q = m_queues[qi];
    if (q.overflow != Overflow::DropHead) {
        return;
    }
    // drop-head: the oldest ready copies make room (AMQP09).
    while ((q.maxLength && q.ready() > *q.maxLength) ||
           (q.maxLengthBytes && q.readyBytes() > *q.maxLengthBytes)) {
        const std::uint32_t copy = q.head(m_copies);
        if (copy == kNoCopy) {
            break;
        }
        q.popHead(copy, m_copies, m_env.messages.content(m_copies[copy].message).bodyBytes);
        deadLetter(qi, copy, DeadLetterReason::MaxLength);
    }
    afterRemoval(qi);
}

} // namespace evsim
