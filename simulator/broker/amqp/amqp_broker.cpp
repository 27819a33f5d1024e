#include "simulator/broker/amqp/amqp_broker.h"

#include <algorithm>
#include <cassert>

namespace evsim {
namespace {

// The queues by name, for building the router; a run finds a queue through the entity table.
ExchangeRouter::QueueNames queuesByName(const AmqpSpec& spec) {
    ExchangeRouter::QueueNames byName;
    byName.reserve(spec.queues.size());
    for (std::size_t i = 0; i < spec.queues.size(); ++i) {
        byName.emplace_back(spec.queues[i].name, static_cast<std::uint32_t>(i));
    }
    std::sort(byName.begin(), byName.end());
    return byName;
}

} // namespace

AmqpBroker::Entities AmqpBroker::addEntities(const AmqpSpec& spec, EntityTable& entities) {
    Entities ids;
    entities.reserve(1 + spec.queues.size() + spec.exchanges.size());
    ids.queues.reserve(spec.queues.size());
    ids.exchanges.reserve(1 + spec.exchanges.size());
    ids.exchanges.push_back(entities.add(EntityKind::Exchange, "(default)"));
    for (const QueueSpec& q : spec.queues) {
        ids.queues.push_back(entities.add(EntityKind::Queue, q.name));
    }
    for (const ExchangeSpec& x : spec.exchanges) {
        ids.exchanges.push_back(entities.add(EntityKind::Exchange, x.name));
    }
    return ids;
}

AmqpBroker::AmqpBroker(const AmqpSpec& spec, BrokerEnvironment env, StringTable& strings,
                       EntityTable& entities)
    : m_env(env), m_consumerTimeout(spec.consumerTimeout), m_entityIds(addEntities(spec, entities)),
      m_entities(entities), m_router(spec, queuesByName(spec), m_entityIds.exchanges, strings) {
    m_queues.reserve(spec.queues.size());
    for (std::size_t i = 0; i < spec.queues.size(); ++i) {
        const QueueSpec& q = spec.queues[i];
        const auto& args = q.arguments;
        // The loader checks that a dead-letter exchange exists.
        const std::uint32_t dlx =
            args.deadLetterExchange
                ? m_router.index(*args.deadLetterExchange).value_or(AmqpQueue::kNoExchange)
                : AmqpQueue::kNoExchange;
        const std::uint32_t dlxKey = args.deadLetterRoutingKey
                                         ? strings.intern(*args.deadLetterRoutingKey)
                                         : AmqpQueue::kKeepRoutingKey;
        m_queues.emplace_back(q, static_cast<std::uint32_t>(i), m_entityIds.queues[i], dlx, dlxKey);
    }
}

std::optional<QueueIndex> AmqpBroker::queueIndex(const std::string& name) const {
    // Queue entities were added in a row (addEntities), in the order of the queues.
    const EntityId entity = m_entities.find(EntityKind::Queue, name);
    if (entity == kNoEntity) {
        return std::nullopt;
    }
    return QueueIndex(entity - m_entityIds.queues.front());
}

std::optional<TargetIndex> AmqpBroker::targetIndex(const std::string& name) const {
    const std::optional<std::uint32_t> exchange = m_router.index(name);
    return exchange ? std::optional(TargetIndex(*exchange)) : std::nullopt;
}

QueueIndex AmqpBroker::attach(ConsumerIndex consumer, EntityId consumerEntity,
                              const Subscription& subscription) {
    const std::optional<QueueIndex> found = queueIndex(subscription.source);
    assert(found && "the loader rejects consumers of unknown queues");
    const std::uint32_t queue = found->value();
    // Subscribers are numbered like consumers: the Simulation attaches each consumer once, in
    // order, so a consumer's index finds its subscriber.
    assert(consumer.value() == m_subscribers.size() && "consumers attach once each, in order");
    m_queues[queue].subscribers.push_back(static_cast<std::uint32_t>(m_subscribers.size()));
    Subscriber s;
    s.consumer = consumer;
    s.queue = queue;
    s.entity = consumerEntity;
    s.prefetch = subscription.maxUnsettled;
    s.autoAck = subscription.settledOnDelivery;
    s.consuming = subscription.consuming;
    m_subscribers.push_back(s);
    return *found;
}

std::vector<std::uint32_t>& AmqpBroker::routeScratch() {
    if (m_routeDepth == m_routes.size()) {
        m_routes.emplace_back();
    }
    return m_routes[m_routeDepth];
}

PublishOutcome AmqpBroker::accept(MessageSlot slot, TargetIndex target, bool confirms) {
    PublishOutcome outcome;
    const std::uint32_t exchange = target.value();
    if (m_router.deleted(exchange)) [[unlikely]] {
        // rabbit_channel: basic.publish looks the exchange up or dies with 404 NOT_FOUND, "no
        // exchange 'X' in vhost '/'". The engine counts the loss (against the deletion), unless
        // the publisher waits for confirms and so publishes it again.
        outcome.noTarget = true;
        m_env.drop(DropReason::NoExchange, slot, m_router.entity(exchange), 0, 0, false);
        m_env.messages.release(slot);
        return outcome;
    }
    std::vector<std::uint32_t>& queues = routeScratch();
    const MessageContent& content = m_env.messages.content(slot);
    m_router.route(exchange, content.routingKey, content.headers, queues);
    ++m_routeDepth;
    if (queues.empty()) {
        ++m_unroutable;
        outcome.unroutable = true;
        m_env.drop(DropReason::Unroutable, slot, m_router.entity(exchange), 0);
    }
    for (const std::uint32_t q : queues) {
        if (enqueue(q, slot, exchange, DeathTable::kNone, confirms)) {
            ++outcome.queues;
        } else {
            outcome.refused = true;
        }
    }
    --m_routeDepth;
    m_env.messages.release(slot); // the publish hop's reference
    return outcome;
}

SimTime AmqpBroker::expiryFor(const AmqpQueue& q, const MessageContent& m,
                              bool deadLettered) const {
    // The lower of the queue's and the message's TTL wins (AMQP06). Dead-lettering removes a
    // message's own expiration, so that it does not expire again in the queues it reaches.
    SimTime ttl = SimTime::max();
    if (q.messageTtl) {
        ttl = *q.messageTtl;
    }
    if (m.expirationMs != Message::kNoExpiration && !deadLettered) {
        ttl = std::min(ttl, SimTime::fromMillis(m.expirationMs));
    }
    if (ttl == SimTime::zero() && q.type == QueueType::Quorum) {
        // rabbit_fifo (3.10) gives TTL 0 the millisecond it was enqueued in, not "now or never".
        ttl = SimTime::fromMillis(1);
    }
    return ttl == SimTime::max() ? SimTime::max() : m_env.now + ttl;
}

bool AmqpBroker::enqueue(std::uint32_t qi, MessageSlot slot, std::uint32_t via,
                         std::uint32_t deaths, bool confirms) {
    AmqpQueue& q = m_queues[qi];
    const MessageContent& m = m_env.messages.content(slot);
    // x-max-length counts ready messages only (AMQP08); reject-publish refuses the newcomer.
    const bool full =
        q.lengthLimited && ((q.maxLength && q.ready() >= *q.maxLength) ||
                            (q.maxLengthBytes && q.readyBytes() + m.bodyBytes > *q.maxLengthBytes));
    // reject-publish-dlx without a dead-letter exchange behaves as reject-publish.
    const bool deadLetters = q.deadLetterExchange != AmqpQueue::kNoExchange;
    if (full && (q.overflow == Overflow::RejectPublish ||
                 (q.overflow == Overflow::RejectPublishDlx && !deadLetters))) {
        ++q.stats.refused;
        // Counted as a loss only when nobody will publish it again: a confirming publisher is
        // nacked and retries.
        m_env.drop(DropReason::RefusedPublish, slot, q.stats.entity, m_router.entity(via), 0,
                   !confirms);
        return false;
    }
    m_env.messages.retain(slot);
    // The exchange it came through is read only when it is dead-lettered (x-death).
    const CopyExtras extras{expiryFor(q, m, deaths != DeathTable::kNone), deaths,
                            deadLetters ? via : 0};
    m_deaths.retain(deaths);
    const std::uint32_t copy = m_copies.add(slot, m_env.now, extras);
    ++q.stats.published;
    m_env.record(RecordKind::Enqueued, slot, q.stats.entity, m_router.entity(via));
    if (full && q.overflow == Overflow::RejectPublishDlx) {
        // Refused and nacked, and dead-lettered (maxlen) rather than lost (AMQP09).
        ++q.stats.refused;
        m_copies[copy].state = QueueCopy::State::Removed;
        deadLetter(qi, copy, DeadLetterReason::MaxLength);
        return false;
    }
    q.pushReady(copy, m_copies, m.bodyBytes);
    if (q.type == QueueType::Quorum && extras.expiresAt != SimTime::max()) {
        q.addExpiry({extras.expiresAt, copy, m_copies[copy].sequence});
    }
    // Delivered right away if a consumer has room: a message with TTL 0 then still gets
    // through, as RabbitMQ does; only what stays ready is subject to the length limit.
    dispatch(qi, copy);
    if (q.expiring > 0) {
        expireDue(qi);
    }
    if (q.lengthLimited) {
        enforceLength(qi);
    }
    q.stats.maxDepth = std::max(q.stats.maxDepth, q.depth());
    if (q.expiring > 0) {
        scheduleExpiry(qi);
    }
    return true;
}

void AmqpBroker::dispatch(std::uint32_t qi, std::uint32_t arriving) {
    AmqpQueue& q = m_queues[qi];
    const std::size_t n = q.subscribers.size();
    while (n > 0) {
        const std::uint32_t copy = q.head(m_copies);
        if (copy == kNoCopy) {
            return;
        }
        // The copy being published is handed over at once even with TTL 0, as a classic queue's
        // attempt_delivery does before the message is ever enqueued.
        if (copy != arriving && m_copies.expiresAt(copy) <= m_env.now) {
            expireDue(qi); // never delivered once dead (AMQP07)
            continue;
        }
        // Round-robin over open subscribers with room under their prefetch limit (AMQP15).
        std::uint32_t chosen = UINT32_MAX;
        for (std::size_t tried = 0; tried < n; ++tried) {
            const std::uint32_t candidate = q.subscribers[q.nextSubscriber];
            q.nextSubscriber = q.nextSubscriber + 1 == n ? 0 : q.nextSubscriber + 1;
            const Subscriber& s = m_subscribers[candidate];
            if (s.open && s.consuming && (s.prefetch == 0 || s.outstanding.count() < s.prefetch)) {
                chosen = candidate;
                break;
            }
        }
        if (chosen == UINT32_MAX) {
            return;
        }
        q.popHead(copy, m_copies, m_env.messages.content(m_copies[copy].message).bodyBytes);
        deliverTo(chosen, copy);
    }
}

void AmqpBroker::deliverTo(std::uint32_t subscriber, std::uint32_t copy) {
    Subscriber& s = m_subscribers[subscriber];
    AmqpQueue& q = m_queues[s.queue];
    QueueCopy& c = m_copies[copy];
    c.state = QueueCopy::State::Delivered;
    if (c.deliveries < UINT16_MAX) {
        ++c.deliveries; // saturates: past 65535 attempts the count stays, "redelivered" holds
    }
    const std::uint32_t tag =
        s.autoAck ? s.outstanding.addSettled() : s.outstanding.add(copy, m_env.now);
    ++q.stats.delivered;
    const bool redelivered = c.deliveries > 1;
    q.stats.redelivered += redelivered ? 1 : 0;
    m_env.record(RecordKind::Delivered, c.message, q.stats.entity, s.entity, redelivered ? 1 : 0,
                 c.deliveries);
    const std::uint32_t rejections =
        m_deaths.count(m_copies.deaths(copy), q.stats.entity, DeadLetterReason::Rejected);
    const Delivery d{
        s.consumer,   DeliveryHandle(copy),
        tag,          c.message,
        c.deliveries, static_cast<std::uint16_t>(std::min<std::uint32_t>(UINT16_MAX, rejections))};
    if (s.autoAck) {
        // The broker forgets an autoack delivery as it sends it (at-most-once).
        ++q.stats.acked;
        m_env.record(RecordKind::Acked, c.message, q.stats.entity, s.entity, 0, c.deliveries);
        m_env.sink.deliver(d);
        finish(copy);
        afterRemoval(s.queue);
        return;
    }
    ++q.unacked;
    if (!s.timeoutPending) {
        s.timeoutPending = true;
        m_env.timer(m_env.now + m_consumerTimeout, subscriber, kConsumerTimeout);
    }
    m_env.sink.deliver(d);
}

void AmqpBroker::finish(std::uint32_t copy, bool listed) {
    QueueCopy& c = m_copies[copy];
    m_deaths.release(m_copies.deaths(copy));
    m_copies.setDeaths(copy, DeathTable::kNone);
    m_env.messages.release(c.message);
    // Removed: no expiry entry or stale settle can take it for live any more. A listed one
    // is freed when the ready ring reaches it.
    c.state = QueueCopy::State::Removed;
    if (!listed) {
        m_copies.release(copy);
    }
}

bool AmqpBroker::takeBack(std::uint32_t consumer, std::uint32_t handle, std::uint32_t tag) {
    if (consumer >= m_subscribers.size() || !m_subscribers[consumer].open) {
        return false; // a settle from a closed channel: its deliveries went back already
    }
    Subscriber& s = m_subscribers[consumer];
    if (!s.outstanding.settle(tag, handle)) {
        return false; // a duplicate, or a delivery requeued and given out again since
    }
    --m_queues[s.queue].unacked;
    return true;
}

bool AmqpBroker::ack(std::uint32_t consumer, std::uint32_t handle, std::uint32_t tag) {
    if (!takeBack(consumer, handle, tag)) {
        return false;
    }
    const Subscriber& s = m_subscribers[consumer];
    AmqpQueue& q = m_queues[s.queue];
    const QueueCopy& c = m_copies[handle];
    ++q.stats.acked;
    m_env.record(RecordKind::Acked, c.message, q.stats.entity, s.entity, 0, c.deliveries);
    const std::uint32_t queue = s.queue;
    finish(handle);
    afterRemoval(queue);
    dispatch(queue);
    return true;
}

bool AmqpBroker::nack(std::uint32_t consumer, std::uint32_t handle, std::uint32_t tag,
                      bool requeue) {
    if (!takeBack(consumer, handle, tag)) {
        return false;
    }
    const std::uint32_t queue = m_subscribers[consumer].queue;
    if (requeue) {
        returnToQueue(consumer, handle, false);
    } else {
        deadLetter(queue, handle, DeadLetterReason::Rejected);
    }
    afterRemoval(queue);
    dispatch(queue);
    scheduleExpiry(queue);
    return true;
}

void AmqpBroker::noteDrained(std::uint32_t qi) {
    AmqpQueue& q = m_queues[qi];
    if (q.depth() == 0) {
        q.watchingDrain = false;
        q.drainedAt.push_back(m_env.now);
        recordAbout(RecordKind::QueueDrained, q.stats.entity, 0, 0);
    }
}

void AmqpBroker::watchDrain(QueueIndex queue) {
    m_queues[queue.value()].watchingDrain = true;
    noteDrained(queue.value());
}

void AmqpBroker::recordAbout(RecordKind kind, EntityId entity, EntityId aux,
                             std::uint8_t detail) const {
    m_env.log.append(Record{m_env.now, 0, entity, aux, kind, detail, 0}, nullptr);
}

std::vector<QueueStats> AmqpBroker::queueStats() const {
    std::vector<QueueStats> out;
    out.reserve(m_queues.size());
    for (const AmqpQueue& q : m_queues) {
        QueueStats s;
        static_cast<QueueCounters&>(s) = q.stats;
        s.name = m_entities[q.stats.entity].name;
        s.ready = q.ready();
        s.unacked = q.unacked;
        out.push_back(std::move(s));
    }
    return out;
}

QueueGauge AmqpBroker::gauge(QueueIndex queue) const {
    const AmqpQueue& q = m_queues[queue.value()];
    QueueGauge g;
    g.ready = q.ready();
    g.unacked = q.unacked;
    for (const std::uint32_t s : q.subscribers) {
        g.consumers += m_subscribers[s].open ? 1 : 0;
    }
    if (const std::uint32_t head = q.peekHead(m_copies); head != kNoCopy) {
        g.oldestReadySince = m_copies[head].enqueuedAt;
    }
    g.published = q.stats.published;
    g.delivered = q.stats.delivered;
    g.redelivered = q.stats.redelivered;
    g.acked = q.stats.acked;
    g.deadLettered = q.stats.deadLetteredTotal();
    g.expired = q.stats.expired;
    g.dropped = q.stats.dropped;
    return g;
}

std::uint64_t AmqpBroker::heldCopies() const {
    std::uint64_t held = 0;
    for (const AmqpQueue& q : m_queues) {
        held += q.depth();
    }
    return held;
}

bool AmqpBroker::mayRedeliverProcessed() const {
    return std::any_of(m_queues.begin(), m_queues.end(), [](const AmqpQueue& q) {
        return q.deadLetterExchange != AmqpQueue::kNoExchange;
    });
}

std::size_t AmqpBroker::memoryBytes() const {
    std::size_t bytes = m_copies.memoryBytes();
    for (const AmqpQueue& q : m_queues) {
        bytes += q.memoryBytes();
    }
    for (const Subscriber& s : m_subscribers) {
        bytes += s.outstanding.memoryBytes();
    }
    return bytes;
}

std::size_t AmqpBroker::largestTableBytes() const {
    std::size_t largest = m_copies.memoryBytes();
    for (const AmqpQueue& q : m_queues) {
        largest = std::max(largest, q.memoryBytes());
    }
    return largest;
}

std::size_t AmqpBroker::liveStateBytes() const {
    // A live copy costs its record plus its slot in a ready ring while it waits there, or in
    // its subscriber's outstanding deliveries while it is out.
    std::size_t ready = 0;
    std::size_t unacked = 0;
    for (const AmqpQueue& q : m_queues) {
        ready += q.ready();
        unacked += q.unacked;
    }
    return m_copies.live() * m_copies.bytesPerCopy() + ready * sizeof(std::uint32_t) +
           unacked * OutstandingDeliveries::kBytesPerDelivery;
}

} // namespace evsim
