#include "engine/simulation.h"

#include "broker/amqp_broker.h"

#include <cassert>
#include <variant>

namespace evsim {

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : m_seed(options.seed.value_or(scenario.seed)), m_duration(scenario.duration),
      m_scenarioName(scenario.name), m_log(options.keepRecords), m_messages(options.keepRecords),
      m_maxEventsPerInstant(options.maxEventsPerInstant) {
    build(scenario);
    for (const Intervention& i : scenario.timeline) {
        const std::string error = inject(i);
        assert(error.empty() && "the loader validates timeline entries");
        (void)error;
    }
}

Simulation::~Simulation() = default;

void Simulation::build(const Scenario& scenario) {
    m_emptyBody = m_strings.intern("{}");
    m_broker = std::make_unique<AmqpBroker>(
        scenario.broker, BrokerEnvironment{m_now, m_log, m_messages, *this, m_losses}, m_strings,
        m_entities);
    m_latency.resize(scenario.broker.queues.size());
    m_network = std::make_unique<Network>(scenario.network, scenario.services, m_entities);

    for (std::size_t s = 0; s < scenario.services.size(); ++s) {
        const ServiceSpec& service = scenario.services[s];
        m_serviceNames.push_back(service.name);
        const EntityId serviceEntity = m_entities.add(EntityKind::Service, service.name);
        for (std::uint32_t i = 0; i < service.instances; ++i) {
            const std::string instance = service.name + "#" + std::to_string(i);
            for (std::size_t k = 0; k < service.produces.size(); ++k) {
                const ProducerSpec& spec = service.produces[k];
                Producer p;
                p.entity = m_entities.add(EntityKind::Producer, instance + "/" + spec.eventType,
                                          serviceEntity, i);
                p.toBroker = m_network->connect(m_network->toBroker(s), instance, m_seed);
                p.target = m_broker->targetIndex(spec.exchange);
                assert(p.target != UINT32_MAX && "the loader rejects unknown exchanges");
                p.routingKey = m_strings.intern(spec.routingKey);
                p.body = m_strings.intern(spec.body);
                m_producerBodies[p.entity] = p.body;
                p.eventType = internType(spec.eventType);
                p.schemaVersion = static_cast<std::uint8_t>(spec.schemaVersion);
                p.gap = spec.gap;
                p.rng = RandomStream::forEntity(m_seed,
                                                "producer:" + instance + "/" + std::to_string(k));
                p.remaining = spec.count.value_or(UINT64_MAX);
                const auto index = static_cast<std::uint32_t>(m_producers.size());
                m_producers.push_back(std::move(p));
                Producer& placed = m_producers.back();
                if (placed.remaining > 0) {
                    m_scheduler.schedule(spec.start + placed.gap.sample(placed.rng),
                                         EventKind::ProducerTick, index, 0);
                }
            }
            for (std::size_t k = 0; k < service.consumes.size(); ++k) {
                const ConsumerSpec& spec = service.consumes[k];
                Consumer c;
                c.entity = m_entities.add(EntityKind::Consumer, instance + "<-" + spec.queue,
                                          serviceEntity, i);
                c.queueEntity = m_entities.find(EntityKind::Queue, spec.queue);
                c.service = static_cast<std::uint32_t>(s);
                c.inbound = m_network->connect(m_network->fromBroker(s), instance, m_seed);
                c.outbound = m_network->connect(m_network->toBroker(s), instance, m_seed);
                c.processing = spec.processing;
                c.rng = RandomStream::forEntity(m_seed,
                                                "consumer:" + instance + "/" + std::to_string(k));
                c.failureProbability = spec.failureProbability;
                c.autoAck = spec.ack == AckMode::Auto;
                c.rejectOnFailure = spec.onFailure == FailureAction::Reject;
                for (const EmitSpec& e : spec.emits) {
                    Emit emit;
                    emit.target = m_broker->targetIndex(e.exchange);
                    assert(emit.target != UINT32_MAX && "the loader rejects unknown exchanges");
                    emit.routingKey = m_strings.intern(e.routingKey);
                    emit.eventType = internType(e.eventType);
                    emit.schemaVersion = static_cast<std::uint8_t>(e.schemaVersion);
                    c.emits.push_back(emit);
                }
                const auto index = static_cast<ConsumerIndex>(m_consumers.size());
                c.source = m_broker->attach(index, c.entity, spec.queue, spec.prefetch,
                                            spec.ack == AckMode::Auto);
                m_consumers.push_back(std::move(c));
            }
        }
    }
}

std::uint16_t Simulation::internType(const std::string& name) {
    const std::uint32_t index = m_eventTypes.intern(name);
    assert(index <= UINT16_MAX && "more than 65535 event types");
    return static_cast<std::uint16_t>(index);
}

std::string Simulation::inject(const Intervention& intervention) {
    if (intervention.at < m_now) {
        return "cannot inject at " + formatDuration(intervention.at) + ": the run is already at " +
               formatDuration(m_now);
    }
    if (const auto* publish = std::get_if<PublishMessage>(&intervention.action)) {
        if (m_broker->targetIndex(publish->exchange) == UINT32_MAX) {
            return "no exchange named \"" + publish->exchange + "\"";
        }
        if (publish->schemaVersion < 1 || publish->schemaVersion > 255) {
            return "schema version must be between 1 and 255";
        }
    }
    m_interventions.push_back(intervention);
    m_scheduler.schedule(intervention.at, EventKind::ApplyIntervention, 0,
                         static_cast<std::uint32_t>(m_interventions.size() - 1));
    return {};
}

SimTime Simulation::nextEventTime() const {
    return m_scheduler.empty() ? SimTime::max() : m_scheduler.nextTime();
}

bool Simulation::step() {
    return !m_scheduler.empty() && m_halt == Halt::None && fireNext();
}

void Simulation::runUntil(SimTime end) {
    runUntil(end, UINT64_MAX);
}

bool Simulation::runUntil(SimTime end, std::uint64_t maxEvents) {
    for (std::uint64_t fired = 0; fired < maxEvents; ++fired) {
        if (m_halt != Halt::None) {
            return true;
        }
        if (m_scheduler.empty() || m_scheduler.top().time > end) {
            if (end > m_now) {
                m_now = end;
            }
            return true;
        }
        fireNext();
    }
    return false;
}

bool Simulation::fireNext() {
    if (m_scheduler.top().time == m_now) {
        // A message nacked and redelivered forever with zero processing time and zero latency
        // never lets time pass; stop (leaving the event pending, so nothing goes unaccounted)
        // instead of spinning at one instant.
        if (++m_eventsThisInstant > m_maxEventsPerInstant) {
            m_halt = Halt::Stalled;
            return false;
        }
    } else {
        m_eventsThisInstant = 1;
    }
    const Event e = m_scheduler.pop();
    m_now = e.time;
    dispatch(e);
    return true;
}

void Simulation::dispatch(const Event& e) {
    ++m_eventsProcessed;
    m_lastEventTime = e.time;
    switch (e.kind()) {
    case EventKind::ProducerTick:
        onProducerTick(e.target);
        break;
    case EventKind::ArriveAtBroker:
        acceptAtBroker(e.payload, e.target);
        break;
    case EventKind::ArriveAtConsumer:
        onArriveAtConsumer(e.target);
        break;
    case EventKind::ProcessingDone:
        onProcessingDone(e.target);
        break;
    case EventKind::AckAtBroker:
        settleAtBroker(e.target, e.payload, false);
        break;
    case EventKind::NackAtBroker:
        settleAtBroker(e.target, e.payload, true);
        break;
    case EventKind::ApplyIntervention:
        applyIntervention(e.payload);
        break;
    }
}

std::optional<Message> Simulation::newMessage(std::uint32_t routingKey, std::uint16_t eventType,
                                              std::uint8_t schemaVersion, const Message* parent) {
    if (m_nextMessageId == UINT32_MAX) {
        m_halt = Halt::OutOfMessageIds;
        return std::nullopt;
    }
    Message m;
    m.publishedAt = m_now;
    m.id = ++m_nextMessageId;
    m.routingKey = routingKey;
    m.eventType = eventType;
    m.schemaVersion = schemaVersion;
    m.references = 1; // the publish hop (or, for injected messages, the broker's accept)
    m.parent = parent ? parent->id : 0;
    m.traceRoot = parent ? parent->traceRoot : m.id;
    return m;
}

MessageSlot Simulation::addPublished(const Message& message, EntityId publisher,
                                     std::uint32_t target) {
    const MessageSlot slot = m_messages.add(message, publisher);
    record(RecordKind::Published, message, publisher, m_broker->targetEntity(target));
    return slot;
}

void Simulation::acceptAtBroker(MessageSlot slot, std::uint32_t target) {
    ++m_arrivedAtBroker;
    m_broker->accept(slot, target);
}

void Simulation::publish(const Message& message, EntityId publisher, Connection& connection,
                         std::uint32_t target) {
    const MessageSlot slot = addPublished(message, publisher, target);
    const SimTime at = m_network->arrival(connection, m_now);
    if (at == m_now && m_network->instant(connection)) {
        acceptAtBroker(slot, target);
    } else {
        m_scheduler.schedule(at, EventKind::ArriveAtBroker, target, slot);
    }
}

void Simulation::onProducerTick(std::uint32_t index) {
    Producer& p = m_producers[index];
    const std::optional<Message> m =
        newMessage(p.routingKey, p.eventType, p.schemaVersion, nullptr);
    if (!m) {
        return;
    }
    publish(*m, p.entity, p.toBroker, p.target);
    if (--p.remaining > 0) {
        m_scheduler.schedule(m_now + p.gap.sample(p.rng), EventKind::ProducerTick, index, 0);
    }
}

void Simulation::deliver(ConsumerIndex index, DeliveryHandle handle, MessageSlot message,
                         std::uint16_t attempt) {
    Consumer& c = m_consumers[index];
    m_messages.retain(message); // the consumer holds it until processing ends, even if autoacked
    const SimTime at = m_network->arrival(c.inbound, m_now);
    c.backlog.pushBack(Delivery{handle, message, attempt});
    if (at == m_now) {
        ++c.arrived;
        startNext(c, index);
    } else {
        m_scheduler.schedule(at, EventKind::ArriveAtConsumer, index, 0);
    }
}

void Simulation::onArriveAtConsumer(std::uint32_t index) {
    Consumer& c = m_consumers[index];
    ++c.arrived; // the connection is ordered: this is the next backlog entry
    startNext(c, index);
}

void Simulation::startNext(Consumer& c, std::uint32_t index) {
    if (c.busy || c.arrived == 0) {
        return;
    }
    --c.arrived;
    c.current = c.backlog.popFront();
    c.busy = true;
    m_scheduler.schedule(m_now + c.processing.sample(c.rng), EventKind::ProcessingDone, index, 0);
}

void Simulation::onProcessingDone(std::uint32_t index) {
    Consumer& c = m_consumers[index];
    c.busy = false;
    const Delivery d = c.current;
    const Message consumed = m_messages[d.message];
    const bool failed = c.failureProbability > 0 && c.rng.chance(c.failureProbability);
    record(failed ? RecordKind::Failed : RecordKind::Processed, consumed, c.entity, c.queueEntity,
           d.attempt);
    if (failed) {
        ++c.failed;
        if (c.autoAck) {
            // The broker forgot it on delivery: nobody will ever process this copy.
            m_log.append(Record{m_now, consumed.id, c.entity, c.queueEntity, RecordKind::Dropped,
                                static_cast<std::uint8_t>(DropReason::FailedUnderAutoAck),
                                d.attempt},
                         &consumed);
            m_losses.add(DropReason::FailedUnderAutoAck, consumed.id);
        }
    } else {
        ++c.processed;
        m_latency[c.source].add(m_now - consumed.publishedAt);
        for (const Emit& e : c.emits) {
            const std::optional<Message> m =
                newMessage(e.routingKey, e.eventType, e.schemaVersion, &consumed);
            if (m) {
                publish(*m, c.entity, c.outbound, e.target);
            }
        }
    }
    m_messages.release(d.message);
    if (!c.autoAck) {
        const SimTime at = m_network->arrival(c.outbound, m_now);
        const EventKind kind = failed ? EventKind::NackAtBroker : EventKind::AckAtBroker;
        if (at == m_now && m_network->instant(c.outbound)) {
            settleAtBroker(index, d.handle, failed);
        } else {
            m_scheduler.schedule(at, kind, index, d.handle);
        }
    }
    startNext(c, index);
}

void Simulation::settleAtBroker(std::uint32_t consumer, DeliveryHandle handle, bool failed) {
    if (failed) {
        m_broker->nack(consumer, handle, !m_consumers[consumer].rejectOnFailure);
    } else {
        m_broker->ack(consumer, handle);
    }
}

void Simulation::applyIntervention(std::uint32_t index) {
    const Intervention& intervention = m_interventions[index];
    if (const auto* publish = std::get_if<PublishMessage>(&intervention.action)) {
        const std::string who = publish->service.empty() ? "operator" : publish->service;
        EntityId source = m_entities.find(EntityKind::Operator, who);
        if (source == kNoEntity) {
            source = m_entities.add(EntityKind::Operator, who);
        }
        const std::optional<Message> m =
            newMessage(m_strings.intern(publish->routingKey), internType(publish->eventType),
                       static_cast<std::uint8_t>(publish->schemaVersion), nullptr);
        if (!m) {
            return;
        }
        m_injectedBodies[m->id] = m_strings.intern(publish->body);
        const std::uint32_t target = m_broker->targetIndex(publish->exchange);
        // Published at the broker itself: no network hop.
        acceptAtBroker(addPublished(*m, source, target), target);
    }
}

RunSummary Simulation::summary() const {
    RunSummary s;
    s.scenario = m_scenarioName;
    s.seed = m_seed;
    s.endTime = m_now;
    s.lastEventTime = m_lastEventTime;
    s.events = m_eventsProcessed;
    s.records = m_log.count();
    s.digest = m_log.digest();
    s.queues = m_broker->queueStats();
    for (std::size_t i = 0; i < s.queues.size() && i < m_latency.size(); ++i) {
        s.queues[i].latency = m_latency[i];
    }
    // One entry per (service, queue), in the order consumers were built.
    std::map<std::pair<std::uint32_t, EntityId>, std::size_t> entries;
    for (const Consumer& c : m_consumers) {
        const auto [it, fresh] =
            entries.emplace(std::pair(c.service, c.queueEntity), s.consumers.size());
        if (fresh) {
            s.consumers.push_back(
                ConsumerStats{m_serviceNames[c.service], m_entities[c.queueEntity].name, 0, 0, 0});
        }
        ConsumerStats& entry = s.consumers[it->second];
        ++entry.instances;
        entry.processed += c.processed;
        entry.failed += c.failed;
    }

    Conservation& k = s.conservation;
    k.published = m_nextMessageId;
    m_scheduler.forEachPending([&k](const Event& e) {
        if (e.kind() == EventKind::ArriveAtBroker) {
            ++k.inPublishHop;
        }
    });
    k.unroutable = m_broker->droppedUnroutable();
    for (const QueueStats& q : s.queues) {
        k.copies += q.published;
        k.acked += q.acked;
        k.dropped += q.dropped;
    }
    k.held = m_broker->heldCopies();
    k.routedMessages = m_arrivedAtBroker - k.unroutable;
    return s;
}

const std::string& Simulation::bodyOf(const Message& message, EntityId publisher) const {
    if (const auto it = m_producerBodies.find(publisher); it != m_producerBodies.end()) {
        return m_strings[it->second];
    }
    if (const auto it = m_injectedBodies.find(message.id); it != m_injectedBodies.end()) {
        return m_strings[it->second];
    }
    return m_strings[m_emptyBody];
}

MemoryUsage Simulation::memoryUsage() const {
    MemoryUsage u;
    u.records = m_log.memoryBytes();
    u.messages = m_messages.memoryBytes();
    u.queues = m_broker->memoryBytes();
    u.events = m_scheduler.memoryBytes();
    for (const Consumer& c : m_consumers) {
        u.consumers += c.backlog.capacity() * sizeof(Delivery);
    }
    return u;
}

std::size_t Simulation::liveMessageStateBytes() const {
    std::size_t bytes = m_messages.live() * sizeof(Message) + m_broker->liveStateBytes() +
                        m_scheduler.size() * sizeof(Event);
    for (const Consumer& c : m_consumers) {
        bytes += c.backlog.size() * sizeof(Delivery);
    }
    return bytes;
}

std::size_t Simulation::inFlightStateBytes() const {
    std::size_t bytes =
        m_messages.memoryBytes() + m_broker->memoryBytes() + m_scheduler.memoryBytes();
    for (const Consumer& c : m_consumers) {
        bytes += c.backlog.capacity() * sizeof(Delivery);
    }
    return bytes;
}

} // namespace evsim
