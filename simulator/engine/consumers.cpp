#include "simulator/engine/consumers.h"

#include <algorithm>
#include <cassert>

namespace evsim {

void Consumers::add(const ServiceSpec& service, ServiceInstance& instance,
                    const std::string& instanceName) {
    if (m_emptyBody == UINT32_MAX) {
        m_emptyBody = m_core.strings.intern("{}");
    }
    const EntityId serviceEntity = m_core.entities.find(EntityKind::Service, service.name);
    const auto instanceIndex = static_cast<std::uint32_t>(&instance - m_core.instances.data());
    instance.firstConsumer = static_cast<std::uint32_t>(m_consumers.size());
    instance.consumerCount = static_cast<std::uint32_t>(service.consumes.size());
    const auto route = [this](const std::string& exchange, const std::string& key) {
        Route r;
        r.exchange = m_core.broker->targetIndex(exchange);
        assert(r.exchange && "the loader rejects unknown exchanges");
        r.routingKey = m_core.strings.intern(key);
        return r;
    };
    for (std::size_t k = 0; k < service.consumes.size(); ++k) {
        const ConsumerSpec& spec = service.consumes[k];
        Consumer c;
        c.entity = m_core.entities.add(EntityKind::Consumer, instanceName + "<-" + spec.queue,
                                       serviceEntity, instance.number);
        c.queueEntity = m_core.entities.find(EntityKind::Queue, spec.queue);
        c.service = instance.service;
        c.instance = instanceIndex;
        c.inbound = m_core.network->connect(m_core.network->fromBroker(instance.service),
                                            instanceName, m_core.seed);
        c.outbound = m_core.network->connect(m_core.network->toBroker(instance.service),
                                             instanceName, m_core.seed);
        c.processing = spec.processing;
        c.rng = RandomStream::forEntity(m_core.seed,
                                        "consumer:" + instanceName + "/" + std::to_string(k));
        c.failureProbability = spec.failureProbability;
        c.autoAck = spec.ack == AckMode::Auto;
        c.rejectOnFailure = spec.onFailure == FailureAction::Reject;
        c.ackEvery = static_cast<std::uint16_t>(spec.ackEvery); // at most 65,535 (the loader)
        if (!spec.emits.empty() || !spec.poison.empty() || spec.retry || !spec.reads.empty()) {
            Policy policy;
            for (const EmitSpec& e : spec.emits) {
                const Route r = route(e.exchange, e.routingKey);
                policy.emits.push_back(Emit{*r.exchange, r.routingKey,
                                            m_core.internType(e.eventType),
                                            static_cast<std::uint8_t>(e.schemaVersion)});
            }
            policy.retry = spec.retry;
            if (spec.retry && spec.retry->viaExchange) {
                policy.retryVia = route(*spec.retry->viaExchange, spec.retry->viaRoutingKey);
                policy.retryVia.keepsKey = spec.retry->keepsKey;
                for (const std::string& topic : spec.retry->laterVia) {
                    policy.laterVia.push_back(route(topic, ""));
                    policy.laterVia.back().keepsKey = spec.retry->keepsKey;
                }
            }
            if (spec.retry && spec.retry->giveUpExchange) {
                policy.giveUp = route(*spec.retry->giveUpExchange, spec.retry->giveUpRoutingKey);
                policy.giveUp.keepsKey = spec.retry->keepsKey;
            }
            policy.poison = spec.poison;
            for (const ReadSpec& r : spec.reads) {
                policy.reads.push_back(Read{m_core.internType(r.eventType),
                                            static_cast<std::uint8_t>(r.version),
                                            m_core.schemas.addRead(r)});
            }
            policy.transactionTimeout = spec.transactionTimeout;
            if (policy.retryVia.exchange || policy.giveUp.exchange) {
                trackRepeats(); // a republished copy may reach a pair that processed it
            }
            c.policy = static_cast<std::uint32_t>(m_policies.size());
            m_policies.push_back(std::move(policy));
        }
        if (spec.idempotent) {
            if (spec.idempotent->durable) {
                // A durable store (a database) is shared by the service's instances and
                // survives their crashes.
                const auto [it, fresh] = m_durableStores.emplace(
                    instance.service, static_cast<std::uint32_t>(m_stores.size()));
                if (fresh) {
                    m_stores.emplace_back(spec.idempotent->window);
                }
                c.idempotency = it->second;
                c.durableStore = true;
            } else {
                c.idempotency = static_cast<std::uint32_t>(m_stores.size());
                m_stores.emplace_back(spec.idempotent->window);
            }
        }
        const ConsumerIndex index(static_cast<std::uint32_t>(m_consumers.size()));
        const bool later = spec.startAt > SimTime::zero();
        c.queue = m_core.broker
                      ->attach(index, c.entity,
                               Subscription{spec.queue, spec.prefetch, c.autoAck, !later,
                                            spec.autoCommitInterval})
                      .value();
        c.processedSet = processedSetOf(instance.service, c.queue);
        if (later) {
            // Attached from the start, so its counts exist, but consuming only from then on.
            // The record waits for the run's first instant: a run's records begin with it.
            c.cancelled = true;
            m_core.scheduler.schedule(SimTime::zero(), EventKind::StartConsuming, index.value(),
                                      kAnnounceWaiting);
            m_core.scheduler.schedule(spec.startAt, EventKind::StartConsuming, index.value(),
                                      kStartNow);
        }
        m_consumers.push_back(std::move(c));
    }
}

std::uint32_t Consumers::processedSetOf(std::uint32_t service, std::uint32_t queue) {
    // A service's consumers are added one after another, so only its own pairs are searched.
    if (m_pairsService != service) {
        m_pairsService = service;
        m_servicePairs.clear();
    }
    for (const auto& [q, set] : m_servicePairs) {
        if (q == queue) {
            return set;
        }
    }
    m_servicePairs.emplace_back(queue, m_nextProcessedSet);
    return m_nextProcessedSet++;
}

void Consumers::deliver(const Delivery& d) {
    const std::uint32_t index = d.consumer.value();
    Consumer& c = m_consumers[index];
    const ServiceInstance& instance = m_core.instances[c.instance];
    m_core.messages.retain(d.message); // the consumer holds it until processing ends
    HeldDelivery held;
    held.message = d.message;
    held.handle = d.handle;
    held.tag = d.tag;
    held.connectionEpoch = instance.connectionEpoch;
    held.attempt = d.attempt;
    held.deaths = d.deaths;
    const LinkFault* fault = m_core.faultOn(instance, Direction::FromBroker);
    std::uint32_t singledBy = 0;
    const MessageFault* single = nullptr;
    if (!m_core.singledOut.empty()) [[unlikely]] {
        single =
            m_core.takeSingledOut(m_core.messages[d.message], true,
                                  m_core.network->link(c.inbound.link).entity, c.entity, singledBy);
    }
    const Hop hop = single ? m_core.network->sendSingledOut(c.inbound, m_core.now(), fault, *single)
                           : m_core.network->send(c.inbound, m_core.now(), fault);
    if (hop.lost) {
        const Message& m = m_core.messages[d.message];
        const EntityId link = m_core.network->link(c.inbound.link).entity;
        if (c.autoAck) {
            m_core.drop(DropReason::Network, m, link, c.entity, d.attempt,
                        single ? singledBy + 1
                               : m_core.faultCause(instance, Direction::FromBroker));
        } else {
            // The broker still holds the copy as delivered: it comes back when the channel
            // closes (a consumer timeout or missed heartbeats).
            m_core.record(RecordKind::LostInTransit, m, link, c.entity);
        }
        m_core.messages.release(d.message);
        return;
    }
    const std::uint32_t sequence = c.held.add(held);
    if (hop.at == m_core.now() && fault == nullptr && single == nullptr) {
        m_core.network->arrived(c.inbound.link);
        c.held[sequence].state = HeldDelivery::State::Arrived;
        ++c.arrived;
        startNext(index);
    } else {
        m_core.scheduler.schedule(hop.at, EventKind::ArriveAtConsumer, index, sequence);
    }
    if (single != nullptr && single->kind == MessageFaultKind::CrashReceiver) {
        // Scheduled after the arrival, so the instance has the message when it crashes.
        m_core.scheduler.schedule(hop.at, EventKind::CrashOnArrival, c.instance, singledBy);
    }
    if (hop.duplicated) {
        m_core.messages.retain(d.message);
        m_core.record(RecordKind::Duplicated, m_core.messages[d.message],
                      m_core.network->link(c.inbound.link).entity, c.entity);
        const std::uint32_t second = c.held.add(held);
        m_core.scheduler.schedule(hop.duplicateAt, EventKind::ArriveAtConsumer, index, second);
    }
}

void Consumers::onArrive(std::uint32_t index, std::uint32_t sequence) {
    Consumer& c = m_consumers[index];
    m_core.network->arrived(c.inbound.link);
    HeldDelivery* d = c.held.find(sequence);
    if (d == nullptr || d->state == HeldDelivery::State::Done) {
        return; // sent on a connection or channel that is gone
    }
    d->state = HeldDelivery::State::Arrived;
    ++c.arrived;
    startNext(index);
}

void Consumers::startNext(std::uint32_t index) {
    Consumer& c = m_consumers[index];
    const ServiceInstance& instance = m_core.instances[c.instance];
    if (c.busy || c.arrived == 0 || !instance.running(m_core.now())) {
        return;
    }
    --c.arrived;
    // The first that arrived, in the order sent: without a link fault, the first sent.
    c.current = c.held.firstArrived();
    c.held[c.current].state = HeldDelivery::State::Processing;
    c.busy = true;
    SimTime duration = c.processing.sample(c.rng);
    if (instance.slowFactor != 1) {
        duration = SimTime::fromNanos(static_cast<std::int64_t>(
            static_cast<double>(duration.nanos()) * instance.slowFactor + 0.5));
    }
    m_core.scheduler.schedule(m_core.now() + duration, EventKind::ProcessingDone, index,
                              instance.processEpoch);
}

void Consumers::onProcessingDone(std::uint32_t index, std::uint32_t epoch) {
    Consumer& c = m_consumers[index];
    const ServiceInstance& instance = m_core.instances[c.instance];
    if (epoch != instance.processEpoch || !c.busy) {
        return; // the process that started it crashed
    }
    if (instance.hung) {
        c.stuck = true; // never finishes while hung; resumed() completes it
        return;
    }
    if (m_core.now() < instance.pausedUntil) {
        m_core.scheduler.schedule(instance.pausedUntil, EventKind::ProcessingDone, index, epoch);
        return;
    }
    complete(index);
}

void Consumers::complete(std::uint32_t index) {
    Consumer& c = m_consumers[index];
    c.busy = false;
    c.stuck = false;
    const std::uint32_t sequence = c.current;
    // Copied out: what is emitted below may be delivered to this consumer, which may move
    // its held deliveries.
    const HeldDelivery held = c.held[sequence];
    const Message consumed = m_core.messages[held.message];
    HandlerVerdict verdict = HandlerVerdict::Ack;
    Reply reply;
    switch (decide(c, consumed, held.attempt, verdict)) {
    case Attempt::AlreadyProcessed:
        break; // acked without doing it again (INV04)
    case Attempt::Failed:
        reply = onFailure(c, consumed, held.attempt, held.deaths, verdict);
        break;
    case Attempt::Processed:
        c.held[sequence].processed = true;
        onSuccess(c, consumed, held.attempt);
        break;
    }
    m_core.messages.release(held.message);
    if (c.autoAck) {
        c.held.finish(sequence);
    } else if (c.ackEvery > 1 && !reply.nack &&
               held.connectionEpoch == m_core.instances[c.instance].connectionEpoch) {
        // Its ack waits for the batch: a full one, or whatever there is once nothing else
        // waits to be processed. (A nack goes at once, on its own.)
        c.held[sequence].state = HeldDelivery::State::Processed;
        ++c.batched;
        c.lastBatched = sequence;
        if (c.batched >= c.ackEvery || c.arrived == 0) {
            sendBatchAck(index);
        }
    } else {
        settle(index, sequence, reply.nack, reply.requeue);
    }
    startNext(index);
}

Consumers::Attempt Consumers::decide(Consumer& c, const Message& consumed, std::uint16_t attempt,
                                     HandlerVerdict& verdict) {
    bool failed = false;
    if (c.handler != nullptr) {
        verdict = askHandler(c, consumed, attempt);
        failed = verdict != HandlerVerdict::Ack;
    } else if (c.idempotency != UINT32_MAX &&
               m_stores[c.idempotency].seen(consumed.eventId, m_core.now())) {
        ++c.deduplicated;
        m_core.record(RecordKind::Deduplicated, consumed, c.entity, c.queueEntity, 0, attempt);
        return Attempt::AlreadyProcessed;
    } else if (mismatched(c, consumed)) {
        ++c.schemaMismatches;
        m_core.record(RecordKind::Failed, consumed, c.entity, c.queueEntity,
                      static_cast<std::uint8_t>(FailureCause::SchemaMismatch), attempt);
        return Attempt::Failed;
    } else {
        const ServiceInstance& instance = m_core.instances[c.instance];
        const double p = instance.errorProbability.value_or(c.failureProbability);
        const bool poisoned = m_poison.poisons(c.service, m_policies[c.policy].poison, consumed);
        failed = poisoned || (p > 0 && c.rng.chance(p));
    }
    m_core.record(failed ? RecordKind::Failed : RecordKind::Processed, consumed, c.entity,
                  c.queueEntity, 0, attempt);
    return failed ? Attempt::Failed : Attempt::Processed;
}

bool Consumers::mismatched(const Consumer& c, const Message& m) const {
    for (const Read& read : m_policies[c.policy].reads) {
        if (read.eventType == m.eventType) {
            const std::uint8_t version = m_core.schemas.versionAt(m_core.instances[c.instance],
                                                                  read.eventType, read.version);
            return !m_core.schemas.readable(read.rule, version, m, m_core.strings);
        }
    }
    return false;
}

Consumers::Reply Consumers::onFailure(Consumer& c, const Message& consumed, std::uint16_t attempt,
                                      std::uint16_t deaths, HandlerVerdict verdict) {
    ++c.failed;
    if (c.autoAck) {
        // The broker forgot it on delivery: nobody will ever process this copy.
        m_core.drop(DropReason::FailedUnderAutoAck, consumed, c.entity, c.queueEntity, attempt);
        return {};
    }
    if (c.handler != nullptr) {
        // The application's word is final: no modelled retries.
        return {true, verdict == HandlerVerdict::Requeue};
    }
    const Policy& policy = m_policies[c.policy];
    const std::uint32_t attempts = consumed.retries + deaths + attempt;
    if (policy.retry && attempts >= policy.retry->attempts) {
        if (policy.giveUp.exchange) {
            republish(c, consumed, attempt, policy.giveUp, Message::kNoExpiration);
            return {};
        }
        return {true, false}; // rejected: dead-lettered by the queue, or dropped
    }
    if (policy.retry && policy.retryVia.exchange) {
        const SimTime delay = policy.retry->backoff.delay(attempts);
        // A retry topic per delay: retry k goes to the k-th, the last taking the rest.
        const Route& via =
            attempts <= 1 || policy.laterVia.empty()
                ? policy.retryVia
                : policy.laterVia[std::min<std::size_t>(attempts - 2, policy.laterVia.size() - 1)];
        republish(c, consumed, attempt, via,
                  static_cast<std::uint32_t>(
                      std::min<std::int64_t>(delay.nanos() / 1'000'000, UINT32_MAX - 1)));
        return {};
    }
    return {true, !c.rejectOnFailure};
}

void Consumers::onSuccess(Consumer& c, const Message& consumed, std::uint16_t attempt) {
    ++c.processed;
    if (m_trackRepeats || m_checkUntracked) {
        if (m_processed.mark(c.processedSet, consumed.eventId)) {
            EVSIM_INVARIANT(InvariantCheck(m_core.entities, m_core.log.count(), m_core.now()),
                            m_trackRepeats, c.entity,
                            "processed event " + std::to_string(consumed.eventId) +
                                " again while repeats were not tracked: what brought it back "
                                "did not call Consumers::trackRepeats()");
            ++c.duplicatesProcessed; // its side effects happen a second time
        }
    }
    if (c.idempotency != UINT32_MAX) {
        m_stores[c.idempotency].remember(consumed.eventId, m_core.now());
    }
    m_latency[c.queue].add(m_core.now() - consumed.publishedAt);
    if (!m_window.empty()) {
        m_window[c.queue].add(m_core.now() - consumed.publishedAt);
    }
    if (c.handler != nullptr) {
        publishHandled(c, consumed, attempt);
        return;
    }
    const Policy& policy = m_policies[c.policy];
    if (policy.emits.empty()) {
        return;
    }
    const std::uint32_t transaction =
        policy.transactionTimeout ? beginTransaction(c) : 0; // KAFKA09: with its offset commit
    const ServiceInstance& instance = m_core.instances[c.instance];
    for (const Emit& e : policy.emits) {
        // An event type with schemas is sent as the instance's version, with its sample body.
        Emit sent = e;
        sent.schemaVersion = m_core.schemas.versionAt(instance, e.eventType, e.schemaVersion);
        const auto body = m_core.schemas.bodyOf(e.eventType, sent.schemaVersion);
        if (!emit(c, consumed, attempt, sent, body ? body->text : m_emptyBody,
                  body ? body->bytes : 2, transaction)) {
            break;
        }
    }
}

void Consumers::settle(std::uint32_t index, std::uint32_t sequence, bool nack, bool requeue) {
    Consumer& c = m_consumers[index];
    HeldDelivery& d = c.held[sequence];
    const ServiceInstance& instance = m_core.instances[c.instance];
    if (d.connectionEpoch != instance.connectionEpoch) {
        c.held.finish(sequence); // its channel is gone: nowhere to send the ack
        return;
    }
    d.state = HeldDelivery::State::Settling;
    d.requeue = requeue;
    const LinkFault* fault = m_core.faultOn(instance, Direction::ToBroker);
    const EventKind kind = nack ? EventKind::NackAtBroker : EventKind::AckAtBroker;
    if (fault == nullptr) {
        const SimTime at = m_core.network->arrival(c.outbound, m_core.now());
        m_core.network->departed(c.outbound.link);
        if (at == m_core.now() && m_core.network->instant(c.outbound)) {
            onSettle(index, sequence, nack);
        } else {
            m_core.scheduler.schedule(at, kind, index, sequence);
        }
        return;
    }
    const Hop hop = m_core.network->send(c.outbound, m_core.now(), fault);
    if (hop.lost) {
        m_core.recordAbout(RecordKind::LostInTransit, m_core.network->link(c.outbound.link).entity,
                           c.entity, 0, 0);
        c.held.finish(sequence);
        return;
    }
    // A duplicated ack names the same delivery twice: the second finds it settled.
    m_core.scheduler.schedule(hop.at, kind, index, sequence);
    if (hop.duplicated) {
        m_core.scheduler.schedule(hop.duplicateAt, kind, index, sequence);
    }
}

void Consumers::sendBatchAck(std::uint32_t index) {
    Consumer& c = m_consumers[index];
    const std::uint32_t last = c.lastBatched;
    c.batched = 0;
    c.held.forEachOpen([](HeldDelivery& d) {
        if (d.state == HeldDelivery::State::Processed) {
            d.state = HeldDelivery::State::Settling;
            d.inBatch = true;
        }
    });
    const ServiceInstance& instance = m_core.instances[c.instance];
    const Hop hop = m_core.network->send(c.outbound, m_core.now(),
                                         m_core.faultOn(instance, Direction::ToBroker));
    if (hop.lost) {
        m_core.recordAbout(RecordKind::LostInTransit, m_core.network->link(c.outbound.link).entity,
                           c.entity, 0, 0);
        c.held.finishEach(
            [](HeldDelivery& d) { return d.state == HeldDelivery::State::Settling && d.inBatch; });
        return;
    }
    m_core.scheduler.schedule(hop.at, EventKind::AckBatchAtBroker, index, last);
    if (hop.duplicated) { // the second finds the batch settled
        m_core.scheduler.schedule(hop.duplicateAt, EventKind::AckBatchAtBroker, index, last);
    }
}

void Consumers::onBatchAck(std::uint32_t index, std::uint32_t last) {
    Consumer& c = m_consumers[index];
    m_core.network->arrived(c.outbound.link);
    const bool brokerUp = !m_core.outage.active(); // else its channel went down with the broker
    // rabbit_channel:collect_acks/3: multiple=true settles every outstanding tag up to `last`.
    c.held.finishEachUpTo(last, [&](HeldDelivery& d) {
        if (d.state != HeldDelivery::State::Settling || !d.inBatch) {
            return false;
        }
        if (brokerUp) {
            m_core.broker->settle(ConsumerIndex(index), d.handle, d.tag, Settlement::Done);
        }
        return true;
    });
}

void Consumers::onSettle(std::uint32_t index, std::uint32_t sequence, bool nack) {
    Consumer& c = m_consumers[index];
    m_core.network->arrived(c.outbound.link);
    HeldDelivery* d = c.held.find(sequence);
    if (d == nullptr || d->state != HeldDelivery::State::Settling) {
        return; // the second of a duplicated ack: the broker ignores a settled tag
    }
    const DeliveryHandle handle = d->handle;
    const std::uint32_t tag = d->tag;
    const bool requeue = d->requeue;
    c.held.finish(sequence);
    if (m_core.outage.active()) {
        return; // its channel went down with the broker
    }
    const Settlement how = !nack     ? Settlement::Done
                           : requeue ? Settlement::Retry
                                     : Settlement::Reject;
    m_core.broker->settle(ConsumerIndex(index), handle, tag, how);
}

void Consumers::trackRepeats() {
    if (m_trackRepeats) {
        return;
    }
    m_trackRepeats = true;
    if (m_checkUntracked) {
        return; // every processing is already kept
    }
    // A processing whose ack has reached the broker is over: its copy is gone. One whose ack
    // is still on its way may come back, if what is starting now voids the ack. (Its message
    // is still held by the broker's copy, which only the ack lets go.)
    for (const Consumer& c : m_consumers) {
        c.held.forEach([&](const HeldDelivery& d) {
            if ((d.state == HeldDelivery::State::Settling ||
                 d.state == HeldDelivery::State::Processed) &&
                d.processed) {
                m_processed.mark(c.processedSet, m_core.messages[d.message].eventId);
            }
        });
    }
}

std::vector<ConsumerStats> Consumers::stats(const std::vector<std::string>& serviceNames) const {
    std::vector<ConsumerStats> out;
    std::map<std::pair<std::uint32_t, EntityId>, std::size_t> entries;
    for (const Consumer& c : m_consumers) {
        const auto [it, fresh] = entries.emplace(std::pair(c.service, c.queueEntity), out.size());
        if (fresh) {
            ConsumerStats s;
            s.service = serviceNames[c.service];
            s.queue = m_core.entities[c.queueEntity].name;
            out.push_back(std::move(s));
        }
        ConsumerStats& entry = out[it->second];
        ++entry.instances;
        entry.processed += c.processed;
        entry.failed += c.failed;
        entry.schemaMismatches += c.schemaMismatches;
        entry.deduplicated += c.deduplicated;
        entry.duplicatesProcessed += c.duplicatesProcessed;
    }
    return out;
}

std::size_t Consumers::memoryBytes() const {
    std::size_t bytes = m_consumers.capacity() * sizeof(Consumer);
    for (const LatencyHistogram& h : m_latency) {
        bytes += h.memoryBytes();
    }
    for (const IdempotencyStore& s : m_stores) {
        bytes += s.memoryBytes();
    }
    bytes += m_processed.memoryBytes();
    return bytes;
}

std::size_t Consumers::backlogBytes() const {
    std::size_t bytes = 0;
    for (const Consumer& c : m_consumers) {
        bytes += c.held.capacity() * sizeof(HeldDelivery);
    }
    return bytes;
}

std::size_t Consumers::heldDeliveries() const {
    std::size_t held = 0;
    for (const Consumer& c : m_consumers) {
        held += c.held.size();
    }
    return held;
}

} // namespace evsim
