#include "broker/amqp_broker.h"

#include <algorithm>
#include <cassert>

namespace evsim {

namespace {
constexpr std::uint32_t kNone = UINT32_MAX;
}

AmqpBroker::AmqpBroker(const BrokerSpec& spec, BrokerEnvironment env, StringTable& strings,
                       EntityTable& entities)
    : m_env(env) {
    Exchange defaultExchange;
    defaultExchange.name = "";
    defaultExchange.isDefault = true;
    defaultExchange.entity = entities.add(EntityKind::Exchange, "(default)");
    m_exchanges.push_back(std::move(defaultExchange));

    for (const QueueSpec& q : spec.queues) {
        Queue queue;
        queue.stats.name = q.name;
        queue.stats.entity = entities.add(EntityKind::Queue, q.name);
        const auto index = static_cast<std::uint32_t>(m_queues.size());
        m_queueByKey.emplace(strings.intern(q.name), index);
        m_queueByName.emplace(q.name, index);
        m_queues.push_back(std::move(queue));
    }
    for (const ExchangeSpec& x : spec.exchanges) {
        Exchange exchange;
        exchange.name = x.name;
        exchange.type = x.type;
        exchange.entity = entities.add(EntityKind::Exchange, x.name);
        m_exchangeByName.emplace(x.name, static_cast<std::uint32_t>(m_exchanges.size()));
        m_exchanges.push_back(std::move(exchange));
    }
    for (const BindingSpec& b : spec.bindings) {
        const std::uint32_t x = targetIndex(b.exchange);
        const auto q = m_queueByName.find(b.queue);
        assert(x != kNone && q != m_queueByName.end() && "the loader rejects dangling bindings");
        m_exchanges[x].bindings.push_back(Binding{q->second, strings.intern(b.key)});
    }
    // A direct exchange finds its bindings by key: routing costs log(bindings), not bindings.
    // Equal keys keep their declaration order, which is the order their queues receive copies.
    for (Exchange& x : m_exchanges) {
        if (x.type == ExchangeType::Direct) {
            std::stable_sort(x.bindings.begin(), x.bindings.end(),
                             [](const Binding& a, const Binding& b) { return a.key < b.key; });
        }
    }
}

std::uint32_t AmqpBroker::targetIndex(const std::string& name) const {
    if (name.empty()) {
        return 0;
    }
    const auto it = m_exchangeByName.find(name);
    return it == m_exchangeByName.end() ? kNone : it->second;
}

std::uint32_t AmqpBroker::attach(ConsumerIndex consumer, EntityId consumerEntity,
                                 const std::string& source, std::uint32_t prefetch, bool autoAck) {
    const auto it = m_queueByName.find(source);
    assert(it != m_queueByName.end() && "the loader rejects consumers of unknown queues");
    const std::uint32_t queue = it->second;
    // Subscribers are numbered like consumers: the Simulation attaches each consumer once, in
    // order, so a consumer's index finds its subscriber.
    assert(consumer == m_subscribers.size() && "consumers attach once each, in order");
    m_queues[queue].subscribers.push_back(static_cast<std::uint32_t>(m_subscribers.size()));
    m_subscribers.push_back(
        Subscriber{consumer, queue, consumerEntity, prefetch, 0, kNone, kNone, autoAck, true});
    return queue;
}

void AmqpBroker::accept(MessageSlot slot, std::uint32_t target) {
    const Exchange& exchange = m_exchanges[target];
    const Message& m = m_env.messages[slot];
    bool routed = false;
    if (exchange.isDefault) {
        const auto q = m_queueByKey.find(m.routingKey);
        if (q != m_queueByKey.end()) {
            enqueue(q->second, slot, exchange.entity);
            routed = true;
        }
    } else {
        auto first = exchange.bindings.begin();
        auto last = exchange.bindings.end();
        if (exchange.type == ExchangeType::Direct) {
            const auto byKey = [](const Binding& b, std::uint32_t key) {
                return b.key < key;
            };
            first = std::lower_bound(first, last, m.routingKey, byKey);
            last =
                std::find_if(first, last, [&m](const Binding& b) { return b.key != m.routingKey; });
        }
        for (auto b = first; b != last; ++b) {
            // A queue bound twice (or through two keys) still gets one copy (AMQP01).
            if (m_queues[b->queue].lastMessageId != m.id) {
                enqueue(b->queue, slot, exchange.entity);
                routed = true;
            }
        }
    }
    if (!routed) {
        ++m_unroutable;
        m_env.drop(DropReason::Unroutable, m, exchange.entity, 0);
    }
    m_env.messages.release(slot); // the publish hop's reference
}

void AmqpBroker::enqueue(std::uint32_t queueIndex, MessageSlot slot, EntityId viaExchange) {
    Queue& q = m_queues[queueIndex];
    const Message& m = m_env.messages[slot];
    q.lastMessageId = m.id;
    m_env.messages.retain(slot);
    const std::uint32_t copy = newCopy(Copy{slot, q.nextSequence++, 0, kNone, kNone, 0, 0});
    q.ready.pushBack(copy);
    ++q.stats.published;
    const std::uint64_t depth = q.ready.size() + q.unacked;
    if (depth > q.stats.maxDepth) {
        q.stats.maxDepth = depth;
    }
    m_env.record(RecordKind::Enqueued, m, q.stats.entity, viaExchange);
    dispatch(queueIndex);
}

void AmqpBroker::dispatch(std::uint32_t queueIndex) {
    Queue& q = m_queues[queueIndex];
    const std::size_t n = q.subscribers.size();
    while (!q.ready.empty() && n > 0) {
        // Round-robin over subscribers with room under their prefetch limit (AMQP15).
        std::size_t tried = 0;
        Subscriber* s = nullptr;
        std::uint32_t chosen = 0;
        while (tried < n) {
            chosen = q.subscribers[q.nextSubscriber];
            Subscriber& candidate = m_subscribers[chosen];
            q.nextSubscriber = q.nextSubscriber + 1 == n ? 0 : q.nextSubscriber + 1;
            ++tried;
            if (candidate.open &&
                (candidate.prefetch == 0 || candidate.unacked < candidate.prefetch)) {
                s = &candidate;
                break;
            }
        }
        if (s == nullptr) {
            return;
        }
        const std::uint32_t copyIndex = q.ready.popFront();
        Copy& c = m_copies[copyIndex];
        if (c.deliveries < UINT16_MAX) {
            ++c.deliveries; // saturates: past 65535 attempts the count stays, "redelivered" holds
        }
        c.subscriber = chosen;
        ++q.stats.delivered;
        const Message& m = m_env.messages[c.message];
        m_env.record(RecordKind::Delivered, m, q.stats.entity, s->entity, c.deliveries > 1 ? 1 : 0,
                     c.deliveries);
        const MessageSlot slot = c.message;
        const std::uint16_t attempt = c.deliveries;
        if (s->autoAck) {
            // The broker forgets an autoack delivery as it sends it (at-most-once).
            ++q.stats.acked;
            m_env.record(RecordKind::Acked, m, q.stats.entity, s->entity, 0, attempt);
            m_env.sink.deliver(s->consumer, copyIndex, slot, attempt);
            settle(copyIndex);
        } else {
            ++s->unacked;
            ++q.unacked;
            c.previous = s->newest;
            c.next = kNone;
            (s->newest == kNone ? s->oldest : m_copies[s->newest].next) = copyIndex;
            s->newest = copyIndex;
            m_env.sink.deliver(s->consumer, copyIndex, slot, attempt);
        }
    }
}

AmqpBroker::Subscriber& AmqpBroker::returnFromConsumer(ConsumerIndex consumer,
                                                       DeliveryHandle handle) {
    const Copy& c = m_copies[handle];
    Subscriber& s = m_subscribers[c.subscriber];
    assert(s.consumer == consumer && s.open && "a consumer settles its own open deliveries");
    (void)consumer;
    (c.previous == kNone ? s.oldest : m_copies[c.previous].next) = c.next;
    (c.next == kNone ? s.newest : m_copies[c.next].previous) = c.previous;
    --s.unacked;
    --m_queues[s.queue].unacked;
    return s;
}

void AmqpBroker::requeue(Queue& q, std::uint32_t copy) {
    ++q.stats.requeued;
    const Copy& c = m_copies[copy];
    m_env.record(RecordKind::Requeued, m_env.messages[c.message], q.stats.entity,
                 m_subscribers[c.subscriber].entity, 0, c.deliveries);
    q.ready.insertSorted(copy, [this](std::uint32_t a, std::uint32_t b) {
        return m_copies[a].sequence < m_copies[b].sequence;
    });
}

void AmqpBroker::closeChannel(ConsumerIndex consumer) {
    Subscriber& s = m_subscribers[consumer];
    if (!s.open) {
        return;
    }
    s.open = false;
    Queue& q = m_queues[s.queue];
    // Oldest first, as RabbitMQ requeues a closed channel's deliveries by delivery tag.
    for (std::uint32_t copy = s.oldest; copy != kNone;) {
        const std::uint32_t next = m_copies[copy].next;
        requeue(q, copy);
        copy = next;
    }
    q.unacked -= s.unacked;
    s.unacked = 0;
    s.oldest = s.newest = kNone;
    dispatch(s.queue);
}

void AmqpBroker::openChannel(ConsumerIndex consumer) {
    Subscriber& s = m_subscribers[consumer];
    s.open = true;
    dispatch(s.queue);
}

void AmqpBroker::ack(ConsumerIndex consumer, DeliveryHandle handle) {
    const Subscriber& s = returnFromConsumer(consumer, handle);
    Queue& q = m_queues[s.queue];
    const Copy& c = m_copies[handle];
    ++q.stats.acked;
    m_env.record(RecordKind::Acked, m_env.messages[c.message], q.stats.entity, s.entity, 0,
                 c.deliveries);
    settle(handle);
    dispatch(s.queue);
}

void AmqpBroker::nack(ConsumerIndex consumer, DeliveryHandle handle, bool requeueIt) {
    const Subscriber& s = returnFromConsumer(consumer, handle);
    Queue& q = m_queues[s.queue];
    const Copy& c = m_copies[handle];
    const Message& m = m_env.messages[c.message];
    if (requeueIt) {
        requeue(q, handle);
    } else {
        // No dead-letter exchange is modelled yet, so a rejected message is dropped (AMQP10).
        ++q.stats.dropped;
        m_env.drop(DropReason::Rejected, m, q.stats.entity, s.entity, c.deliveries);
        settle(handle);
    }
    dispatch(s.queue);
}

void AmqpBroker::settle(std::uint32_t copy) {
    m_env.messages.release(m_copies[copy].message);
    m_freeCopies.push_back(copy);
}

std::uint32_t AmqpBroker::newCopy(const Copy& c) {
    if (!m_freeCopies.empty()) {
        const std::uint32_t index = m_freeCopies.back();
        m_freeCopies.pop_back();
        m_copies[index] = c;
        return index;
    }
    m_copies.push_back(c);
    return static_cast<std::uint32_t>(m_copies.size() - 1);
}

std::vector<QueueStats> AmqpBroker::queueStats() const {
    std::vector<QueueStats> out;
    out.reserve(m_queues.size());
    for (const Queue& q : m_queues) {
        QueueStats s = q.stats;
        s.ready = q.ready.size();
        s.unacked = q.unacked;
        out.push_back(std::move(s));
    }
    return out;
}

std::uint64_t AmqpBroker::heldCopies() const {
    std::uint64_t held = 0;
    for (const Queue& q : m_queues) {
        held += q.ready.size() + q.unacked;
    }
    return held;
}

std::size_t AmqpBroker::memoryBytes() const {
    std::size_t bytes =
        m_copies.capacity() * sizeof(Copy) + m_freeCopies.capacity() * sizeof(std::uint32_t);
    for (const Queue& q : m_queues) {
        bytes += q.ready.capacity() * sizeof(std::uint32_t);
    }
    return bytes;
}

} // namespace evsim

namespace evsim {

std::size_t AmqpBroker::liveStateBytes() const {
    // A live copy costs its record plus its slot in a ready ring (while it waits there).
    std::size_t ready = 0;
    for (const Queue& q : m_queues) {
        ready += q.ready.size();
    }
    return (m_copies.size() - m_freeCopies.size()) * sizeof(Copy) + ready * sizeof(std::uint32_t);
}

} // namespace evsim
