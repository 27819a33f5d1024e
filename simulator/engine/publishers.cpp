#include "simulator/engine/publishers.h"

#include <algorithm>
#include <cassert>

namespace evsim {

void Publishers::add(const ServiceSpec& service, ServiceInstance& instance,
                     const std::string& instanceName) {
    const EntityId serviceEntity = m_core.entities.find(EntityKind::Service, service.name);
    instance.firstProducer = static_cast<std::uint32_t>(m_producers.size());
    instance.producerCount = static_cast<std::uint32_t>(service.produces.size());
    const auto instanceIndex = static_cast<std::uint32_t>(&instance - m_core.instances.data());
    for (std::size_t k = 0; k < service.produces.size(); ++k) {
        const ProducerSpec& spec = service.produces[k];
        Producer p;
        p.entity = m_core.entities.add(EntityKind::Producer, instanceName + "/" + spec.eventType,
                                       serviceEntity, instance.number);
        p.instance = instanceIndex;
        p.toBroker = m_core.network->connect(m_core.network->toBroker(instance.service),
                                             instanceName, m_core.seed);
        p.fromBroker = m_core.network->connectNamed(
            m_core.network->fromBroker(instance.service),
            "confirms:broker->" + instanceName + "/" + std::to_string(k), m_core.seed);
        const std::optional<TargetIndex> exchange = m_core.broker->targetIndex(spec.exchange);
        assert(exchange && "the loader rejects unknown exchanges");
        p.exchange = *exchange;
        p.routingKey = m_core.strings.intern(spec.routingKey);
        if (spec.keyCount > 0) {
            const auto [it, fresh] =
                m_keysOf.emplace(&spec, static_cast<std::uint32_t>(m_keys.size()));
            if (fresh) {
                for (std::uint32_t i = 0; i < spec.keyCount; ++i) {
                    m_keys.push_back(
                        m_core.strings.intern(spec.routingKey + "-" + std::to_string(i)));
                }
            }
            p.firstKey = it->second;
            p.keyCount = spec.keyCount;
        }
        p.body = m_core.strings.intern(spec.body);
        p.bodyBytes = static_cast<std::uint32_t>(spec.body.size());
        p.headers = m_core.strings.intern(spec.headers);
        if (spec.expiration) {
            p.expirationMs = static_cast<std::uint32_t>(
                std::min<std::int64_t>(spec.expiration->nanos() / 1'000'000, UINT32_MAX - 1));
        }
        p.persistent = spec.persistent;
        p.idempotent = spec.idempotent;
        p.leaderAck = spec.leaderAck;
        p.mandatory = spec.mandatory;
        p.eventType = m_core.internType(spec.eventType);
        p.schemaVersion = static_cast<std::uint8_t>(spec.schemaVersion);
        p.bodyFromSchema = spec.bodyFromSchema;
        p.gap = spec.gap;
        p.rng = RandomStream::forEntity(m_core.seed,
                                        "producer:" + instanceName + "/" + std::to_string(k));
        p.remaining = spec.count.value_or(UINT64_MAX);
        p.start = spec.start;
        if (spec.confirms) {
            p.confirms = static_cast<std::uint32_t>(m_confirms.size());
            m_confirms.push_back(Confirms{*spec.confirms, {}, {}});
        }
        if (spec.transaction) {
            p.transactions = static_cast<std::uint32_t>(m_transactions.size());
            m_transactions.push_back(Transactions{});
            m_transactions.back().spec = *spec.transaction;
        }
        m_resends = m_resends || (spec.confirms && spec.confirms->retries > 0);
        m_producers.push_back(std::move(p));
    }
}

void Publishers::start() {
    for (std::size_t i = 0; i < m_producers.size(); ++i) {
        Producer& p = m_producers[i];
        if (p.remaining > 0) {
            m_core.scheduler.schedule(p.start + p.gap.sample(p.rng), EventKind::ProducerTick,
                                      static_cast<std::uint32_t>(i), 0);
        }
    }
}

void Publishers::onTick(std::uint32_t index, std::uint32_t epoch) {
    Producer& p = m_producers[index];
    const ServiceInstance& instance = m_core.instances[p.instance];
    if (epoch != instance.processEpoch) {
        return; // scheduled by a process that crashed since
    }
    if (p.transactions != Flight::kNone) {
        transactionsOf(p).tickPending = false;
    }
    if (!instance.online(m_core.now())) {
        p.waiting = true; // published when the instance can again (resumed())
        return;
    }
    if (p.transactions != Flight::kNone && !transactionHasRoom(index)) {
        return; // due again once its transaction has ended
    }
    publish(index);
}

void Publishers::deployed(const ServiceInstance& instance) {
    for (std::uint32_t k = 0; k < instance.producerCount; ++k) {
        Producer& p = m_producers[instance.firstProducer + k];
        const std::uint8_t version =
            m_core.schemas.versionAt(instance, p.eventType, p.schemaVersion);
        const auto body = m_core.schemas.bodyOf(p.eventType, version);
        p.schemaVersion = version;
        if (p.bodyFromSchema && body) {
            p.body = body->text;
            p.bodyBytes = body->bytes;
        }
    }
}

void Publishers::fillFromTemplate(const Producer& p, Message& m) {
    m.routingKey = p.routingKey;
    m.eventType = p.eventType;
    m.schemaVersion = p.schemaVersion;
    m.body = p.body;
    m.headers = p.headers;
    m.bodyBytes = p.bodyBytes;
    m.expirationMs = p.expirationMs;
    m.flags = static_cast<std::uint8_t>((p.persistent ? Message::kPersistent : 0) |
                                        (p.idempotent ? Message::kIdempotent : 0) |
                                        (p.leaderAck ? Message::kLeaderAck : 0));
}

void Publishers::publish(std::uint32_t index) {
    Producer& p = m_producers[index];
    if (!hasMoreToSend(p)) {
        return;
    }
    std::optional<Message> m = m_core.newMessage();
    if (!m) {
        return;
    }
    fillFromTemplate(p, *m);
    const bool repeat = p.transactions != Flight::kNone && joinTransaction(index, *m);
    const std::uint32_t transaction =
        p.transactions != Flight::kNone ? transactionsOf(p).current : 0;
    if (p.keyCount > 0 && !repeat) {
        m->routingKey = m_keys[p.firstKey + p.nextKey];
        p.nextKey = p.nextKey + 1 == p.keyCount ? 0 : p.nextKey + 1;
    }
    if (p.transactions != Flight::kNone) {
        transactionsOf(p).events.push_back(Transactions::Event{m->eventId, m->routingKey, m->id});
    }
    const MessageSlot slot = m_core.addPublished(
        *m, p.entity, m_core.broker->targetEntity(p.exchange), 0, 0, transaction);
    std::uint32_t pending = Flight::kNone;
    if (p.confirms != Flight::kNone) {
        pending = newPending(p, m->eventId); // a repeat of an aborted transaction: its event
        Confirms& confirms = confirmsOf(p);
        Pending& entry = confirms.pending[pending];
        entry.attempts = 1;
        entry.lastMessage = m->id;
        entry.key = m->routingKey; // a retry is the same record: the same key
        entry.transaction = transaction;
        entry.deadline = m_core.now() + confirms.spec.timeout;
        m_core.scheduler.schedule(entry.deadline, EventKind::ConfirmTimeout, index, pending);
    }
    send(slot, p.exchange, p.toBroker, p.instance, index, pending);
    if (!repeat) {
        --p.remaining;
    }
    if (hasMoreToSend(p)) {
        m_core.scheduler.schedule(m_core.now() + p.gap.sample(p.rng), EventKind::ProducerTick,
                                  index, m_core.instances[p.instance].processEpoch);
        if (p.transactions != Flight::kNone) {
            transactionsOf(p).tickPending = true;
        }
    }
}

std::uint32_t Publishers::newPending(Producer& p, std::uint32_t eventId) {
    Confirms& c = confirmsOf(p);
    std::uint32_t index = 0;
    if (!c.freePending.empty()) {
        index = c.freePending.back();
        c.freePending.pop_back();
    } else {
        index = static_cast<std::uint32_t>(c.pending.size());
        c.pending.emplace_back();
    }
    c.pending[index] = Pending{};
    c.pending[index].eventId = eventId;
    c.pending[index].active = true;
    return index;
}

void Publishers::settlePending(Producer& p, std::uint32_t pending) {
    Confirms& c = confirmsOf(p);
    c.pending[pending].active = false;
    c.freePending.push_back(pending);
}

void Publishers::send(MessageSlot slot, TargetIndex exchange, Connection& connection,
                      std::uint32_t instanceIndex, std::uint32_t producer, std::uint32_t pending) {
    const ServiceInstance& instance = m_core.instances[instanceIndex];
    Flight f;
    f.kind = Flight::Kind::Publish;
    f.confirms = pending != Flight::kNone;
    f.channel = producer != Flight::kNone ? m_producers[producer].channel : 0;
    f.connectionEpoch = instance.connectionEpoch;
    f.message = slot;
    f.target = exchange.value();
    f.handle = producer;
    f.pendingOrInstance = producer != Flight::kNone ? pending : instanceIndex;
    const LinkFault* fault = m_core.faultOn(instance, Direction::ToBroker);
    std::uint32_t singledBy = 0;
    const MessageFault* single = nullptr;
    if (!m_core.singledOut.empty()) [[unlikely]] {
        single = m_core.takeSingledOut(m_core.messages[slot], false,
                                       m_core.network->link(connection.link).entity, 0, singledBy);
    }
    if (fault == nullptr && single == nullptr && m_core.network->instant(connection) &&
        !m_core.outage.active()) {
        // A zero-latency hop: at the broker now, without an event.
        m_core.network->arrival(connection, m_core.now());
        const FlightIndex flight = m_core.flights.add(f);
        m_core.network->departed(connection.link);
        onArrive(flight);
        return;
    }
    const Hop hop = single
                        ? m_core.network->sendSingledOut(connection, m_core.now(), fault, *single)
                        : m_core.network->send(connection, m_core.now(), fault);
    const EntityId linkEntity = m_core.network->link(connection.link).entity;
    if (hop.lost) {
        m_core.accounts.noteLostOnTheWay();
        const std::uint32_t cause =
            single ? singledBy + 1 : m_core.faultCause(instance, Direction::ToBroker);
        const Message m = m_core.messages[slot];
        if (f.confirms) {
            m_core.record(RecordKind::LostInTransit, m, linkEntity, 0);
            pendingOf(producer, pending).cause = cause;
        } else {
            m_core.drop(DropReason::Network, m, linkEntity, 0, 0, cause);
        }
        m_core.messages.release(slot);
        return;
    }
    m_core.scheduler.schedule(hop.at, EventKind::ArriveAtBroker, 0, m_core.flights.add(f).value());
    if (hop.duplicated) {
        // The link delivers it twice: a second message carrying the same event.
        std::optional<Message> copy = m_core.newMessage();
        if (!copy) {
            return;
        }
        const std::uint32_t id = copy->id;
        const Message m = m_core.messages[slot];
        *copy = m;
        copy->id = id;
        copy->references = 1;
        const MessageSlot second = m_core.messages.add(*copy, m_core.messages.publisherOf(m.id),
                                                       m_core.messages.transaction(slot));
        m_core.record(RecordKind::Duplicated, *copy, linkEntity, 0);
        f.message = second;
        if (f.fromProducer()) {
            f.pendingOrInstance = Flight::kNone; // the publisher waits for its own message only
        }
        f.confirms = false;
        m_core.scheduler.schedule(hop.duplicateAt, EventKind::ArriveAtBroker, 0,
                                  m_core.flights.add(f).value());
    }
}

void Publishers::onArrive(FlightIndex index) {
    const Flight& f = m_core.flights[index];
    m_core.flights.release(index); // read below before anything adds a flight
    m_core.network->arrived(linkOf(f));
    if (m_core.outage.active()) {
        const Message m = m_core.messages[f.message];
        // Nobody listens: the connection is gone with the broker.
        m_core.accounts.noteLostOnTheWay();
        if (f.confirms) {
            m_core.record(RecordKind::LostInTransit, m, m_core.brokerEntity, 0);
            pendingOf(f.handle, f.pending()).cause = m_core.outage.cause();
        } else {
            m_core.drop(DropReason::BrokerRestart, m, m_core.brokerEntity, 0, 0,
                        m_core.outage.cause());
        }
        m_core.messages.release(f.message);
        return;
    }
    m_core.accounts.noteArrived();
    if (m_anyChannelClosed && f.handle != Flight::kNone &&
        m_producers[f.handle].closedEpoch == f.connectionEpoch &&
        m_producers[f.handle].closedChannel == f.channel) [[unlikely]] {
        discardOnClosedChannel(f);
        return;
    }
    // accept() may add flights (none today), and releases the message: keep what the confirm
    // or a return needs first.
    Flight back = f;
    const std::uint32_t eventId = m_core.messages.eventId(back.message);
    const std::uint32_t messageId = m_core.messages.id(back.message);
    const PublishOutcome outcome =
        m_core.broker->accept(back.message, TargetIndex(back.target), back.confirms);
    if (outcome.noTarget) [[unlikely]] {
        if (back.handle == Flight::kNone) { // a consumer's emit: its instance's channel
            notFound(m_core.instances[instanceOf(back)].entity, TargetIndex(back.target), messageId,
                     false);
            return;
        }
        Producer& p = m_producers[back.handle];
        ++p.notFound;
        notFound(p.entity, TargetIndex(back.target), messageId, back.confirms);
        if (back.pending() != Flight::kNone) {
            confirmsOf(p).pending[back.pending()].cause = deletionOf(TargetIndex(back.target));
        }
        // The broker closes the channel: it discards what comes on it until the publisher
        // hears of the close, one hop later, and opens another.
        m_anyChannelClosed = true;
        p.closedChannel = back.channel;
        p.closedEpoch = back.connectionEpoch;
        sendBack(back, Flight::Kind::Closed, 0);
        return;
    }
    back.tag = eventId; // a confirm carries the event, not the message
    back.target = messageId;
    if (outcome.deferred != 0 && back.confirms) {
        // Written, not acknowledged yet (a log's acks=all write waits for its followers).
        if (m_deferred.size() < outcome.deferred) {
            m_deferred.resize(outcome.deferred);
        }
        m_deferred[outcome.deferred - 1] = back;
        return;
    }
    // A refused attempt is not at the broker: if the publisher gives up, the event is lost.
    noteArrived(back, eventId, !outcome.refused);
    // A mandatory publish no queue took comes back (basic.return) ahead of its confirm.
    const bool returned =
        outcome.unroutable && back.fromProducer() && m_producers[back.handle].mandatory;
    const std::uint8_t returnedBit = returned ? Flight::kReturned : 0;
    if (back.confirms) {
        sendBack(back, Flight::Kind::Confirm,
                 static_cast<std::uint8_t>(returnedBit |
                                           (outcome.confirmAck() ? 0 : Flight::kNack) |
                                           (outcome.invalid ? Flight::kInvalid : 0)),
                 outcome.confirmDelay);
    } else if (returned) {
        sendBack(back, Flight::Kind::Return, returnedBit);
    }
}

void Publishers::noteArrived(const Flight& publish, std::uint32_t eventId, bool written) {
    if (!written || publish.pending() == Flight::kNone) {
        return;
    }
    Pending& pending = pendingOf(publish.handle, publish.pending());
    if (pending.active && pending.eventId == eventId) {
        pending.arrived = true;
    }
}

void Publishers::publishDecided(std::uint32_t ticket, bool written) {
    const Flight back = m_deferred[ticket - 1];
    noteArrived(back, back.tag, written);
    sendBack(back, Flight::Kind::Confirm, written ? 0 : Flight::kNack);
}

void Publishers::notFound(EntityId publisher, TargetIndex target, std::uint32_t messageId,
                          bool confirms) {
    m_core.accounts.noteChannelError();
    m_core.recordAbout(RecordKind::ChannelClosed, publisher, m_core.broker->targetEntity(target),
                       static_cast<std::uint8_t>(ChannelCloseCause::NotFound), messageId);
    if (!confirms) {
        m_core.losses.add(DropReason::NoExchange, messageId, deletionOf(target));
    }
}

void Publishers::discardOnClosedChannel(const Flight& f) {
    // RabbitMQ ignores every method but channel.close-ok on a channel it is closing.
    m_core.accounts.noteChannelError();
    const Message m = m_core.messages[f.message];
    const EntityId exchange = m_core.broker->targetEntity(TargetIndex(f.target));
    if (f.confirms) {
        m_core.record(RecordKind::Dropped, m, exchange, 0,
                      static_cast<std::uint8_t>(DropReason::ClosedChannel));
        pendingOf(f.handle, f.pending()).cause = deletionOf(TargetIndex(f.target));
    } else {
        m_core.drop(DropReason::ClosedChannel, m, exchange, 0, 0,
                    deletionOf(TargetIndex(f.target)));
    }
    m_core.messages.release(f.message);
}

std::uint32_t Publishers::deletionOf(TargetIndex target) const {
    const auto it = m_deletedBy.find(target.value());
    return it == m_deletedBy.end() ? 0 : it->second;
}

std::uint32_t Publishers::instanceOf(const Flight& f) const {
    return f.fromProducer() ? m_producers[f.handle].instance : f.pendingOrInstance;
}

LinkIndex Publishers::linkOf(const Flight& f) const {
    if (f.fromProducer()) { // its connections name the links (read on every arrival)
        const Producer& p = m_producers[f.handle];
        return f.kind == Flight::Kind::Publish ? p.toBroker.link : p.fromBroker.link;
    }
    // A consumer's emit: its service's link to the broker, as its connection's.
    return m_core.network->toBroker(m_core.instances[f.pendingOrInstance].service);
}

void Publishers::targetDeleted(TargetIndex target, std::uint32_t intervention) {
    m_deletedBy[target.value()] = intervention + 1;
}

void Publishers::channelClosed(std::uint32_t producer, std::uint8_t channel) {
    Producer& p = m_producers[producer];
    if (p.channel != channel) {
        return; // it opened a new one already
    }
    p.channel = static_cast<std::uint8_t>(channel + 1);
    if (p.confirms == Flight::kNone) {
        return;
    }
    // The closed channel's confirms will never come: each event waiting for one is published
    // again on the new channel, after its back-off, as after a nack.
    const std::vector<Pending>& pending = confirmsOf(p).pending;
    for (std::uint32_t k = 0; k < pending.size(); ++k) {
        if (pending[k].active && pending[k].deadline != SimTime::max()) {
            retryOrGiveUp(producer, k);
        }
    }
}

void Publishers::sendBack(const Flight& publish, Flight::Kind kind, std::uint8_t answer,
                          SimTime delay) {
    Producer& p = m_producers[publish.handle];
    const ServiceInstance& instance = m_core.instances[p.instance];
    Flight f = publish;
    f.kind = kind;
    f.answer = answer;
    Hop hop = m_core.network->send(p.fromBroker, m_core.now(),
                                   m_core.faultOn(instance, Direction::FromBroker));
    if (hop.lost && kind == Flight::Kind::Closed) {
        // channel.close travels on TCP, which sends it again until it arrives: as late as a
        // healthy link makes it, never lost (a lost one would leave the publisher stuck).
        hop = m_core.network->send(p.fromBroker, m_core.now(), nullptr);
    }
    if (hop.lost) {
        return; // the publisher times out and publishes again: a duplicate if it had arrived
    }
    m_core.scheduler.schedule(hop.at + delay, EventKind::ConfirmAtPublisher, 0,
                              m_core.flights.add(f).value());
    if (hop.duplicated) {
        m_core.scheduler.schedule(hop.duplicateAt + delay, EventKind::ConfirmAtPublisher, 0,
                                  m_core.flights.add(f).value());
    }
}

void Publishers::onConfirm(FlightIndex index) {
    const Flight f = m_core.flights[index];
    m_core.flights.release(index);
    m_core.network->arrived(linkOf(f));
    Producer& p = m_producers[f.handle];
    const ServiceInstance& instance = m_core.instances[p.instance];
    if (f.connectionEpoch != instance.connectionEpoch) {
        return; // for a connection that is gone
    }
    if (f.kind == Flight::Kind::Closed) {
        channelClosed(f.handle, f.channel);
        return;
    }
    if (f.returned()) {
        ++p.returned;
        m_core.recordAbout(RecordKind::Returned, p.entity, m_core.broker->targetEntity(p.exchange),
                           0, f.target);
    }
    if (f.kind == Flight::Kind::Return) {
        return;
    }
    Pending& pending = confirmsOf(p).pending[f.pending()];
    if (!pending.active || pending.eventId != f.tag) {
        return; // already confirmed (a later attempt's confirm came first), or given up
    }
    m_core.recordAbout(RecordKind::Confirmed, p.entity, m_core.broker->targetEntity(p.exchange),
                       f.nack() ? 1 : 0, pending.lastMessage);
    if (f.nack() && (f.answer & Flight::kInvalid) != 0) {
        // Not retriable: it gives up on the event at once (the broker counted the loss).
        giveUp(f.handle, f.pending());
    } else if (f.nack()) {
        retryOrGiveUp(f.handle, f.pending());
    } else {
        const std::uint32_t transaction = pending.transaction;
        settlePending(p, f.pending());
        if (transaction != 0) {
            transactionRecordSettled(f.handle, transaction, false);
        }
    }
}

void Publishers::onConfirmTimeout(std::uint32_t producer, std::uint32_t index) {
    Pending& pending = pendingOf(producer, index);
    if (!pending.active || pending.deadline != m_core.now()) {
        return; // confirmed, or a later attempt set a later deadline
    }
    retryOrGiveUp(producer, index);
}

void Publishers::retryOrGiveUp(std::uint32_t producer, std::uint32_t index) {
    Producer& p = m_producers[producer];
    Confirms& confirms = confirmsOf(p);
    Pending& pending = confirms.pending[index];
    pending.deadline = SimTime::max();
    if (pending.attempts > confirms.spec.retries) {
        giveUp(producer, index);
        return;
    }
    m_core.scheduler.schedule(m_core.now() + confirms.spec.backoff.delay(pending.attempts),
                              EventKind::RetryPublish, producer, index);
}

void Publishers::giveUp(std::uint32_t producer, std::uint32_t index) {
    Producer& p = m_producers[producer];
    Pending& pending = confirmsOf(p).pending[index];
    pending.deadline = SimTime::max();
    ++p.gaveUp;
    if (!pending.arrived) {
        // No attempt ever reached the broker: the event is lost.
        if (const std::optional<Message> m = m_core.messages.findById(pending.lastMessage)) {
            m_core.drop(DropReason::GaveUp, *m, p.entity, 0, 0, pending.cause);
        } else {
            Message stub;
            stub.id = pending.lastMessage;
            stub.eventId = pending.eventId;
            m_core.drop(DropReason::GaveUp, stub, p.entity, 0, 0, pending.cause);
        }
    }
    const std::uint32_t transaction = pending.transaction;
    settlePending(p, index);
    if (transaction != 0) {
        transactionRecordSettled(producer, transaction, true);
    }
}

void Publishers::onRetry(std::uint32_t producer, std::uint32_t index) {
    Producer& p = m_producers[producer];
    Pending& pending = confirmsOf(p).pending[index];
    if (!pending.active) {
        return;
    }
    if (!m_core.instances[p.instance].online(m_core.now())) {
        pending.waiting = true;
        return;
    }
    publishAttempt(producer, index);
}

void Publishers::publishAttempt(std::uint32_t producer, std::uint32_t index) {
    Producer& p = m_producers[producer];
    std::optional<Message> m = m_core.newMessage();
    if (!m) {
        return;
    }
    Confirms& confirms = confirmsOf(p);
    Pending& pending = confirms.pending[index];
    ++pending.attempts;
    m->eventId = pending.eventId;
    m->traceRoot = pending.eventId;
    fillFromTemplate(p, *m);
    m->routingKey = pending.key;
    pending.lastMessage = m->id;
    pending.deadline = m_core.now() + confirms.spec.timeout;
    m_core.scheduler.schedule(pending.deadline, EventKind::ConfirmTimeout, producer, index);
    const MessageSlot slot = m_core.addPublished(
        *m, p.entity, m_core.broker->targetEntity(p.exchange), 1,
        static_cast<std::uint16_t>(std::min<std::uint32_t>(pending.attempts, UINT16_MAX)),
        pending.transaction);
    send(slot, p.exchange, p.toBroker, p.instance, producer, index);
}

void Publishers::crashed(const ServiceInstance& instance) {
    for (std::uint32_t i = 0; i < instance.producerCount; ++i) {
        Producer& p = m_producers[instance.firstProducer + i];
        p.waiting = p.remaining > 0; // resumes from where it stopped when restarted
        if (p.transactions != Flight::kNone) {
            transactionCrashed(p); // before its records settle: nothing commits now
        }
        if (p.confirms == Flight::kNone) {
            continue;
        }
        const std::vector<Pending>& all = confirmsOf(p).pending;
        for (std::uint32_t k = 0; k < all.size(); ++k) {
            const Pending& pending = all[k];
            if (!pending.active) {
                continue;
            }
            if (!pending.arrived) {
                Message stub;
                stub.id = pending.lastMessage;
                stub.eventId = pending.eventId;
                m_core.drop(DropReason::InstanceCrash, stub, p.entity, 0);
            }
            settlePending(p, k);
        }
    }
}

void Publishers::resumed(const ServiceInstance& instance) {
    for (std::uint32_t i = 0; i < instance.producerCount; ++i) {
        const std::uint32_t index = instance.firstProducer + i;
        Producer& p = m_producers[index];
        if (p.transactions != Flight::kNone) {
            transactionResumed(p);
        }
        if (p.waiting) {
            p.waiting = false;
            m_core.scheduler.schedule(m_core.now(), EventKind::ProducerTick, index,
                                      instance.processEpoch);
            if (p.transactions != Flight::kNone) {
                transactionsOf(p).tickPending = true;
            }
        }
        if (p.confirms == Flight::kNone) {
            continue;
        }
        std::vector<Pending>& all = confirmsOf(p).pending;
        for (std::uint32_t k = 0; k < all.size(); ++k) {
            Pending& pending = all[k];
            if (pending.active && pending.waiting) {
                pending.waiting = false;
                m_core.scheduler.schedule(m_core.now(), EventKind::RetryPublish, index, k);
            }
        }
    }
}

std::vector<ProducerStats> Publishers::stats(const std::vector<std::string>& serviceNames) const {
    std::vector<ProducerStats> out;
    std::vector<std::size_t> entry(serviceNames.size(), SIZE_MAX); // by service index
    for (const Producer& p : m_producers) {
        const std::uint32_t service = m_core.instances[p.instance].service;
        if (entry[service] == SIZE_MAX) {
            entry[service] = out.size();
            out.push_back(ProducerStats{serviceNames[service], 0, 0, 0, 0, 0});
        }
        ProducerStats& s = out[entry[service]];
        s.returned += p.returned;
        s.notFound += p.notFound;
        s.gaveUp += p.gaveUp;
        if (p.transactions != Flight::kNone) {
            s.transactionsCommitted += m_transactions[p.transactions].committed;
            s.transactionsAborted += m_transactions[p.transactions].aborted;
        }
    }
    return out;
}

std::size_t Publishers::memoryBytes() const {
    std::size_t bytes =
        m_producers.capacity() * sizeof(Producer) + m_confirms.capacity() * sizeof(Confirms) +
        m_transactions.capacity() * sizeof(Transactions) + m_deferred.capacity() * sizeof(Flight);
    for (const Transactions& t : m_transactions) {
        bytes += (t.events.capacity() + t.resend.capacity()) * sizeof(Transactions::Event);
    }
    for (const Confirms& c : m_confirms) {
        bytes += c.pending.capacity() * sizeof(Pending) +
                 c.freePending.capacity() * sizeof(std::uint32_t);
    }
    return bytes;
}

} // namespace evsim
