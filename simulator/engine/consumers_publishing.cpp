#include "simulator/engine/consumers.h"

#include <stdexcept>

// Consumers, continued: what a consumer publishes. Its emitted events, what an application
// handler asks it to publish, and a failed message republished for a delayed retry or to give
// up.

namespace evsim {

bool Consumers::emit(Consumer& c, const Message& consumed, std::uint16_t attempt, const Emit& e,
                     std::uint32_t body, std::uint32_t bodyBytes, std::uint32_t transaction) {
    std::optional<Message> m = m_core.newMessage();
    if (!m) {
        return false;
    }
    m->routingKey = e.routingKey;
    m->eventType = e.eventType;
    m->schemaVersion = e.schemaVersion;
    m->body = body;
    m->headers = m_emptyBody;
    m->bodyBytes = bodyBytes;
    m->parent = consumed.id;
    m->parentAttempt = attempt;
    m->traceRoot = consumed.traceRoot;
    const MessageSlot slot =
        m_core.addPublished(*m, c.entity, m_core.broker->targetEntity(e.target), 0, 0, transaction);
    m_publishers.send(slot, e.target, c.outbound, c.instance);
    return true;
}

std::uint32_t Consumers::beginTransaction(Consumer& c) {
    // Kafka's consume-transform-produce: beginTransaction, the sends, then
    // sendOffsetsToTransaction. The coordinator hears of the offsets as the transaction
    // begins; they are committed when the record's commit reaches the broker.
    const HeldDelivery& held = c.held[c.current]; // before anything is emitted: still in place
    const std::uint32_t t = m_publishers.newTransaction();
    m_core.broker->beginTransaction(t, c.entity, *m_policies[c.policy].transactionTimeout);
    m_core.broker->commitInTransaction(
        ConsumerIndex(static_cast<std::uint32_t>(&c - m_consumers.data())), held.handle, held.tag,
        t);
    return t;
}

HandlerVerdict Consumers::askHandler(const Consumer& c, const Message& consumed,
                                     std::uint16_t attempt) {
    const ServiceInstance& instance = m_core.instances[c.instance];
    const Envelope envelope =
        envelopeFrom(m_core.seed, consumed, m_core.messages.publisherOf(consumed.id),
                     m_core.entities, m_core.eventTypes, m_core.strings);
    const HandlerDelivery delivery{envelope,
                                   m_core.entities[c.queueEntity].name,
                                   m_core.entities[instance.entity].name,
                                   attempt,
                                   attempt > 1,
                                   m_core.now()};
    m_handlerPublishes.clear();
    return c.handler->handle(delivery, m_handlerPublishes);
}

void Consumers::publishHandled(Consumer& c, const Message& consumed, std::uint16_t attempt) {
    for (const HandlerPublish& p : m_handlerPublishes) {
        Emit e;
        const std::optional<TargetIndex> target = m_core.broker->targetIndex(p.exchange);
        if (!target) {
            // Application code asked for something the topology does not have: as RabbitMQ
            // closes the channel (404), the run cannot go on meaningfully.
            throw std::invalid_argument("a handler at " + m_core.entities[c.entity].name +
                                        " published to exchange \"" + p.exchange +
                                        "\", which the scenario does not declare");
        }
        e.target = *target;
        e.routingKey = m_core.strings.intern(p.routingKey);
        e.eventType = m_core.internType(p.eventType);
        if (!emit(c, consumed, attempt, e, m_core.strings.intern(p.body),
                  static_cast<std::uint32_t>(p.body.size()))) {
            return;
        }
    }
}

bool Consumers::setHandler(std::uint32_t service, ConsumerHandler* handler) {
    bool any = false;
    for (Consumer& c : m_consumers) {
        if (c.service == service) {
            c.handler = handler;
            any = true;
        }
    }
    return any;
}

void Consumers::republish(Consumer& c, const Message& consumed, std::uint16_t attempt,
                          const Route& route, std::uint32_t expirationMs) {
    std::optional<Message> m = m_core.newMessage();
    if (!m) {
        return;
    }
    const std::uint32_t id = m->id;
    *m = consumed;
    m->id = id;
    m->publishedAt = m_core.now();
    m->references = 1;
    m->parent = consumed.id;
    m->parentAttempt = attempt;
    m->routingKey = route.keepsKey ? consumed.routingKey : route.routingKey;
    m->expirationMs = expirationMs;
    // A new record from the consumer, not its producer's retry: no log takes it for a repeat.
    m->flags = static_cast<std::uint8_t>(m->flags & ~(Message::kIdempotent | Message::kLeaderAck));
    m->retries = static_cast<std::uint16_t>(std::min<int>(consumed.retries + 1, UINT16_MAX));
    const MessageSlot slot =
        m_core.addPublished(*m, c.entity, m_core.broker->targetEntity(*route.exchange));
    m_publishers.send(slot, *route.exchange, c.outbound, c.instance);
}

} // namespace evsim
