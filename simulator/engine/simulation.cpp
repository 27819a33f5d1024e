#include "simulator/engine/simulation.h"

#include "simulator/broker/broker_factory.h"

#include <algorithm>
#include <cassert>

namespace evsim {

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : m_core(options.seed.value_or(scenario.seed), options.keepRecords), m_publishers(m_core),
      m_consumers(m_core, m_publishers), m_duration(scenario.duration),
      m_scenarioName(scenario.name), m_maxEventsPerInstant(options.maxEventsPerInstant) {
    build(scenario);
    m_invariantMode = options.invariants;
    if (m_invariantMode == InvariantChecks::BuildDefault) {
#ifdef NDEBUG
        m_invariantMode = InvariantChecks::Sampled;
#else
        m_invariantMode = InvariantChecks::Dense;
#endif
    }
    if (m_invariantMode == InvariantChecks::Dense ||
        m_invariantMode == InvariantChecks::EveryEvent) {
        m_consumers.checkUntrackedRepeats();
    }
    m_eventsUntilCheck = m_invariantMode == InvariantChecks::Off       ? UINT64_MAX
                         : m_invariantMode == InvariantChecks::Sampled ? kSampleEvents
                                                                       : 1;
    for (const Intervention& i : scenario.timeline) {
        const Status injected = inject(i);
        assert(injected.ok() && "the loader validates timeline entries");
        static_cast<void>(injected);
    }
    // Queues that expectations watch drain after an intervention's effect ends.
    for (const Expectation& e : scenario.expectations) {
        if (e.kind != Expectation::Kind::DrainedWithin) {
            continue;
        }
        for (const Intervention& i : scenario.timeline) {
            const std::optional<QueueIndex> queue = m_core.broker->queueIndex(e.subject);
            if (i.name == e.intervention && queue) {
                m_core.scheduler.schedule(effectEnd(i), EventKind::WatchDrain, queue->value(), 0);
            }
        }
    }
}

Simulation::~Simulation() = default;

void Simulation::build(const Scenario& scenario) {
    // Entities are numbered in the order they are added, and records carry those numbers:
    // the order below is part of every digest. New kinds of entity go after the old ones.
    std::size_t instanceCount = 0;
    std::size_t producerCount = 0;
    std::size_t consumerCount = 0;
    for (const ServiceSpec& service : scenario.services) {
        instanceCount += service.instances;
        producerCount += std::size_t{service.instances} * service.produces.size();
        consumerCount += std::size_t{service.instances} * service.consumes.size();
    }
    // Sized once: a system of thousands of services would otherwise grow each table by
    // doubling and keep the memory of every smaller copy.
    m_core.instances.resize(instanceCount);
    m_publishers.reserve(producerCount);
    m_consumers.reserve(consumerCount);
    m_serviceNames.reserve(scenario.services.size());
    m_core.broker = makeBroker(scenario.broker,
                               BrokerEnvironment{m_core.clock(), m_core.log, m_core.messages,
                                                 m_consumers, m_core.losses, m_core.scheduler},
                               m_core.strings, m_core.entities);
    m_core.heartbeat = scenario.broker.heartbeat();
    m_consumers.resizeLatency(m_core.broker->queueCount());
    m_core.entities.reserve(3 * scenario.services.size() + instanceCount + producerCount +
                            consumerCount + scenario.alerts.size() + 1); // 2 links a service
    m_core.network =
        std::make_unique<Network>(scenario.network, scenario.services, m_core.entities);
    m_core.strings.intern("{}");
    m_core.schemas.build(scenario.schemas, m_core.strings,
                         [&](const std::string& type) { return m_core.internType(type); });

    std::size_t next = 0;
    for (std::size_t s = 0; s < scenario.services.size(); ++s) {
        const ServiceSpec& service = scenario.services[s];
        m_serviceNames.push_back(service.name);
        m_core.entities.add(EntityKind::Service, service.name);
        for (std::uint32_t i = 0; i < service.instances; ++i) {
            ServiceInstance& instance = m_core.instances[next++];
            instance.service = static_cast<std::uint32_t>(s);
            instance.number = i;
            const std::string name = service.name + "#" + std::to_string(i);
            m_publishers.add(service, instance, name);
            m_consumers.add(service, instance, name);
        }
    }
    next = 0;
    for (const ServiceSpec& service : scenario.services) {
        const EntityId serviceEntity = m_core.entities.find(EntityKind::Service, service.name);
        for (std::uint32_t i = 0; i < service.instances; ++i) {
            m_core.instances[next++].entity = m_core.entities.add(
                EntityKind::Instance, service.name + "#" + std::to_string(i), serviceEntity, i);
        }
    }
    m_core.brokerEntity = m_core.entities.add(EntityKind::Broker, "broker");
    m_core.broker->setBrokerEntity(m_core.brokerEntity);
    m_faults = std::make_unique<FaultInjector>(m_core, m_publishers, m_consumers, scenario);
    if (m_publishers.resends() || m_core.broker->mayRedeliverProcessed()) {
        m_consumers.trackRepeats(); // either can bring an event back to where it was processed
    }
    m_publishers.start();
    m_metrics =
        std::make_unique<MetricsProbe>(m_core, m_consumers, scenario.metrics, scenario.alerts);
}

SinkAttachment Simulation::attach(RecordSink& sink) {
    m_core.log.attach(&sink);
    return SinkAttachment(*this, &sink, nullptr);
}

SinkAttachment Simulation::attach(MetricsSink& sink) {
    m_metrics->attach(&sink);
    return SinkAttachment(*this, nullptr, &sink);
}

void Simulation::detach(RecordSink* records, MetricsSink* metrics) {
    if (records != nullptr) {
        m_core.log.detach(records);
    }
    if (metrics != nullptr) {
        m_metrics->detach(metrics);
    }
}

Status Simulation::setHandler(std::string_view service, ConsumerHandler* handler) {
    const auto named = std::find(m_serviceNames.begin(), m_serviceNames.end(), service);
    if (named == m_serviceNames.end()) {
        return Status::refused("no service named \"" + std::string(service) + "\"");
    }
    const auto index = static_cast<std::uint32_t>(named - m_serviceNames.begin());
    if (!m_consumers.setHandler(index, handler)) {
        return Status::refused("service \"" + std::string(service) + "\" consumes no queue");
    }
    return Status::done();
}

Status Simulation::inject(const Intervention& intervention) {
    if (intervention.at < m_core.now()) {
        return Status::refused("cannot inject at " + formatDuration(intervention.at) +
                               ": the run is already at " + formatDuration(m_core.now()));
    }
    if (std::string error = m_faults->check(intervention); !error.empty()) {
        return Status::refused(std::move(error));
    }
    m_consumers.trackRepeats(); // a fault can void acks on their way, or duplicate deliveries
    m_core.interventions.push_back(intervention);
    m_core.scheduler.schedule(intervention.at, EventKind::ApplyIntervention, 0,
                              static_cast<std::uint32_t>(m_core.interventions.size() - 1));
    return Status::done();
}

SimTime Simulation::nextEventTime() const {
    return m_core.scheduler.empty() ? SimTime::max() : m_core.scheduler.nextTime();
}

bool Simulation::step() {
    return !m_core.scheduler.empty() && m_core.halt() == Halt::None && fireNext();
}

void Simulation::runUntil(SimTime end) {
    runUntil(end, UINT64_MAX);
}

bool Simulation::runUntil(SimTime end, std::uint64_t maxEvents) {
    return runUntil(end, maxEvents, PauseAt{});
}

bool Simulation::runUntil(SimTime end, std::uint64_t maxEvents, PauseAt pause) {
    for (std::uint64_t fired = 0; fired < maxEvents; ++fired) {
        if (m_core.halt() != Halt::None) {
            return true;
        }
        if (m_core.scheduler.empty() || m_core.scheduler.top().time > end) {
            if (end > m_core.now()) {
                m_core.advanceTo(end);
            }
            return true;
        }
        fireNext();
        if (pause.counter != nullptr && *pause.counter >= pause.limit) {
            return false;
        }
    }
    return false;
}

bool Simulation::fireNext() {
    if (m_core.scheduler.top().time == m_core.now()) {
        // A message nacked and redelivered forever with zero processing time and zero latency
        // never lets time pass; stop (leaving the event pending, so nothing goes unaccounted)
        // instead of spinning at one instant.
        if (++m_eventsThisInstant > m_maxEventsPerInstant) {
            m_core.stop(Halt::Stalled);
            return false;
        }
    } else {
        m_eventsThisInstant = 1;
    }
    const Event e = m_core.scheduler.pop();
    m_core.advanceTo(e.time);
    dispatch(e);
    if (--m_eventsUntilCheck == 0) {
        checkAndPlanNext();
    }
    return true;
}

void Simulation::dispatch(const Event& e) {
    ++m_eventsProcessed;
    if (e.kind() != EventKind::MetricsSample) {
        m_lastEventTime = e.time; // sampling is watching, not happening
    }
    switch (e.kind()) {
    case EventKind::ProducerTick:
        m_publishers.onTick(e.target, e.payload);
        break;
    case EventKind::ArriveAtBroker:
        m_publishers.onArrive(FlightIndex(e.payload));
        break;
    case EventKind::ArriveAtConsumer:
        m_consumers.onArrive(e.target, e.payload);
        break;
    case EventKind::ProcessingDone:
        m_consumers.onProcessingDone(e.target, e.payload);
        break;
    case EventKind::AckAtBroker:
        m_consumers.onSettle(e.target, e.payload, false);
        break;
    case EventKind::NackAtBroker:
        m_consumers.onSettle(e.target, e.payload, true);
        break;
    case EventKind::AckBatchAtBroker:
        m_consumers.onBatchAck(e.target, e.payload);
        break;
    case EventKind::ApplyIntervention:
        m_faults->apply(e.payload);
        break;
    case EventKind::BrokerTimer:
        if (!m_core.outage.active()) {
            m_core.broker->onTimer(e.target, e.payload);
        }
        break;
    case EventKind::ConfirmAtPublisher:
        m_publishers.onConfirm(FlightIndex(e.payload));
        break;
    case EventKind::ConfirmTimeout:
        m_publishers.onConfirmTimeout(e.target, e.payload);
        break;
    case EventKind::RetryPublish:
        m_publishers.onRetry(e.target, e.payload);
        break;
    case EventKind::EndFault:
        m_faults->end(e.payload);
        break;
    case EventKind::Reconnect:
        m_faults->onReconnect(e.target, e.payload);
        break;
    case EventKind::MetricsSample:
        m_metrics->onSample();
        break;
    case EventKind::HeartbeatTimeout:
        m_faults->onHeartbeatTimeout(e.target, e.payload);
        break;
    case EventKind::WatchDrain:
        m_core.broker->watchDrain(QueueIndex(e.target));
        break;
    case EventKind::CrashOnArrival:
        m_faults->crashOnArrival(e.target, e.payload);
        break;
    case EventKind::DeployInstance:
        m_faults->deploy(e.target, e.payload);
        break;
    case EventKind::StartConsuming:
        m_consumers.onStartConsuming(e.target, e.payload);
        break;
    }
}

RunSummary Simulation::summary() const {
    RunSummary s;
    s.scenario = m_scenarioName;
    s.seed = m_core.seed;
    s.endTime = m_core.now();
    s.lastEventTime = m_lastEventTime;
    s.events = m_eventsProcessed;
    s.records = m_core.log.count();
    s.digest = m_core.log.digest();
    s.queues = m_core.broker->queueStats();
    s.sourceNoun = m_core.broker->sourceNoun();
    for (std::size_t i = 0; i < s.queues.size(); ++i) {
        s.queues[i].latency = m_consumers.latency(static_cast<std::uint32_t>(i));
    }
    s.consumers = m_consumers.stats(m_serviceNames);
    s.producers = m_publishers.stats(m_serviceNames);

    Conservation& k = s.conservation;
    k.published = m_core.accounts.sent();
    m_core.scheduler.forEachPending([&](const Event& e) {
        if (e.kind() == EventKind::ArriveAtBroker) {
            ++k.inPublishHop;
        }
    });
    k.lostOnTheWay = m_core.accounts.lostOnTheWay();
    k.unroutable = m_core.broker->droppedUnroutable();
    for (const QueueStats& q : s.queues) {
        k.copies += q.published;
        k.acked += q.acked;
        k.dropped += q.dropped;
        k.deadLettered += q.deadLetteredTotal();
    }
    k.held = m_core.broker->heldCopies();
    k.channelErrors = m_core.accounts.channelErrors();
    k.routedMessages = m_core.accounts.arrived() - k.unroutable - k.channelErrors;
    s.cluster = m_core.broker->clusterCounts();
    for (const ProducerStats& p : s.producers) {
        s.returned += p.returned;
    }
    s.transactionsCommitted = m_core.broker->transactionsEnded(true);
    s.transactionsAborted = m_core.broker->transactionsEnded(false);
    return s;
}

MemoryUsage Simulation::memoryUsage() const {
    MemoryUsage u;
    u.records = m_core.log.memoryBytes();
    u.messages = m_core.messages.memoryBytes();
    u.queues = m_core.broker->memoryBytes();
    u.events = m_core.scheduler.memoryBytes() + m_core.flights.memoryBytes();
    u.consumers =
        m_consumers.memoryBytes() + m_consumers.backlogBytes() + m_publishers.memoryBytes();
    // Records and messages are one table each; pending events and consumers' state are many
    // small ones, counted whole so as never to count too little.
    u.largestTable = std::max(
        {u.records, u.messages, m_core.broker->largestTableBytes(), u.events, u.consumers});
    return u;
}

std::size_t Simulation::liveMessageStateBytes() const {
    return m_core.messages.liveBytes() + m_core.broker->liveStateBytes() +
           m_core.scheduler.size() * sizeof(Event) + m_core.flights.live() * sizeof(Flight) +
           m_consumers.heldDeliveries() * sizeof(HeldDelivery);
}

std::size_t Simulation::inFlightStateBytes() const {
    return m_core.messages.memoryBytes() + m_core.broker->memoryBytes() +
           m_core.scheduler.memoryBytes() + m_core.flights.memoryBytes() +
           m_consumers.backlogBytes();
}

} // namespace evsim
