#include "simulator/engine/fault_injector.h"

#include <algorithm>
#include <cassert>
#include <variant>

namespace evsim {
namespace {

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

constexpr int directions(LinkDirection d) {
    return d == LinkDirection::Both ? 2 : 1;
}
constexpr Direction directionAt(LinkDirection d, int i) {
    return d == LinkDirection::FromBroker || (d == LinkDirection::Both && i == 1)
               ? Direction::FromBroker
               : Direction::ToBroker;
}

} // namespace

FaultInjector::FaultInjector(EngineCore& core, Publishers& publishers, Consumers& consumers,
                             const Scenario& scenario)
    : m_core(core), m_publishers(publishers), m_consumers(consumers),
      m_duration(scenario.duration) {
    const std::vector<ServiceSpec>& services = scenario.services;
    m_services.reserve(services.size());
    m_serviceEntity.reserve(services.size());
    m_reconnect.reserve(services.size());
    std::uint32_t first = 0;
    for (const ServiceSpec& service : services) {
        m_services.push_back(ServiceRange{first, service.instances, !service.consumes.empty()});
        m_serviceEntity.push_back(m_core.entities.find(EntityKind::Service, service.name));
        assert((m_serviceEntity.size() < 2 || m_serviceEntity.end()[-2] < m_serviceEntity.back()) &&
               "services are numbered in the order of the scenario");
        m_reconnect.push_back(service.reconnect);
        first += service.instances;
    }
}

std::string FaultInjector::check(const Intervention& intervention) const {
    return checkIntervention(Targets(*this), intervention);
}

std::optional<std::uint32_t> FaultInjector::serviceIndex(std::string_view name) const {
    const EntityId entity = m_core.entities.find(EntityKind::Service, name);
    const auto it = std::lower_bound(m_serviceEntity.begin(), m_serviceEntity.end(), entity);
    if (entity == kNoEntity || it == m_serviceEntity.end() || *it != entity) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(it - m_serviceEntity.begin());
}

std::optional<std::uint32_t> FaultInjector::Targets::instancesOf(std::string_view service) const {
    const std::optional<std::uint32_t> index = m_run.serviceIndex(service);
    return index ? std::optional<std::uint32_t>(m_run.m_services[*index].instances) : std::nullopt;
}

bool FaultInjector::Targets::consumes(std::string_view service, std::string_view queue) const {
    const std::optional<std::uint32_t> index = m_run.serviceIndex(service);
    if (!index || !m_run.m_services[*index].consumes) {
        return false;
    }
    if (queue.empty()) {
        return true;
    }
    // Every instance of a service consumes the same queues: its first answers for all.
    const std::optional<QueueIndex> q = m_run.m_core.broker->queueIndex(std::string(queue));
    return q && m_run.m_consumers.consumesFrom(
                    m_run.m_core.instances[m_run.m_services[*index].firstInstance], q->value());
}

bool FaultInjector::Targets::hasQueue(std::string_view queue) const {
    return m_run.m_core.broker->queueIndex(std::string(queue)).has_value();
}

std::uint32_t FaultInjector::Targets::groupPartitions(std::string_view group) const {
    const std::optional<QueueIndex> source = m_run.m_core.broker->queueIndex(std::string(group));
    return source ? m_run.m_core.broker->partitionCount(*source) : 0;
}

bool FaultInjector::Targets::hasExchange(std::string_view exchange) const {
    return !exchange.empty() && m_run.m_core.broker->targetIndex(std::string(exchange)).has_value();
}

std::vector<std::uint32_t> FaultInjector::instancesOf(const InstanceTarget& target) const {
    std::vector<std::uint32_t> out;
    const std::optional<std::uint32_t> index = serviceIndex(target.service);
    if (!index) {
        return out;
    }
    const ServiceRange& r = m_services[*index];
    if (target.instance) {
        out.push_back(r.firstInstance + *target.instance);
    } else {
        for (std::uint32_t i = 0; i < r.instances; ++i) {
            out.push_back(r.firstInstance + i);
        }
    }
    return out;
}

void FaultInjector::faultStarted(FaultKind kind, EntityId entity, std::uint32_t intervention) {
    m_core.recordAbout(RecordKind::FaultStarted, entity, 0, static_cast<std::uint8_t>(kind),
                       intervention + 1);
}

void FaultInjector::faultEnded(FaultKind kind, EntityId entity, std::uint32_t intervention) {
    m_core.recordAbout(RecordKind::FaultEnded, entity, 0, static_cast<std::uint8_t>(kind),
                       intervention + 1);
}

void FaultInjector::apply(std::uint32_t index) {
    const Intervention& intervention = m_core.interventions[index];
    m_core.losses.setCurrentCause(index + 1); // losses this causes right away count against it
    const auto endAt = [&](SimTime after) {
        m_core.scheduler.schedule(intervention.at + after, EventKind::EndFault, 0, index);
    };
    std::visit(
        Overloaded{
            [&](const PublishMessage& p) { publish(p); },
            [&](const Crash& c) {
                for (const std::uint32_t i : instancesOf(c.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (!instance.crashed) {
                        faultStarted(FaultKind::Crash, instance.entity, index);
                        crash(instance);
                    }
                }
                if (c.restartAfter) {
                    endAt(*c.restartAfter);
                }
            },
            [&](const Restart& r) {
                for (const std::uint32_t i : instancesOf(r.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (instance.crashed || instance.hung) {
                        faultEnded(FaultKind::Crash, instance.entity, index);
                        start(instance);
                    }
                }
            },
            [&](const SlowDown& s) {
                for (const std::uint32_t i : instancesOf(s.target)) {
                    m_core.instances[i].slowFactor = s.factor;
                    faultStarted(FaultKind::SlowDown, m_core.instances[i].entity, index);
                }
                endAt(s.duration);
            },
            [&](const Pause& p) {
                for (const std::uint32_t i : instancesOf(p.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    instance.pausedUntil =
                        std::max(instance.pausedUntil, intervention.at + p.duration);
                    faultStarted(FaultKind::Pause, instance.entity, index);
                }
                endAt(p.duration);
            },
            [&](const Hang& h) {
                for (const std::uint32_t i : instancesOf(h.target)) {
                    m_core.instances[i].hung = true;
                    faultStarted(FaultKind::Hang, m_core.instances[i].entity, index);
                }
                if (h.duration) {
                    endAt(*h.duration);
                }
            },
            [&](const ErrorBurst& e) {
                for (const std::uint32_t i : instancesOf(e.target)) {
                    m_core.instances[i].errorProbability = e.probability;
                    faultStarted(FaultKind::ErrorBurst, m_core.instances[i].entity, index);
                }
                endAt(e.duration);
            },
            [&](const Poison& p) {
                const std::optional<std::uint32_t> service = serviceIndex(p.service);
                m_consumers.addPoison(service.value_or(PoisonRules::kEveryService), p.rule);
                faultStarted(FaultKind::Poison,
                             !service ? m_core.brokerEntity
                                      : m_core.entities.find(EntityKind::Service, p.service),
                             index);
            },
            [&](const BrokerRestart& b) {
                faultStarted(FaultKind::BrokerDown, m_core.brokerEntity, index);
                m_core.outage.begin(index + 1);
                for (ServiceInstance& instance : m_core.instances) {
                    if (!instance.crashed) {
                        disconnect(instance, ChannelCloseCause::BrokerRestart);
                    }
                }
                m_core.broker->restart();
                endAt(b.downtime);
            },
            [&](const BrokerDown& b) {
                faultStarted(FaultKind::BrokerDown, m_core.broker->nodeEntity(b.broker), index);
                m_core.broker->setNodeUp(b.broker, false);
                if (b.duration) {
                    endAt(*b.duration);
                }
            },
            [&](const SlowBroker& b) {
                faultStarted(FaultKind::SlowBroker, m_core.broker->nodeEntity(b.broker), index);
                m_core.broker->setNodeLatency(b.broker, b.latency);
                endAt(b.duration);
            },
            [&](const Cancel& c) {
                setConsuming(c, index, false);
                if (c.duration) {
                    endAt(*c.duration);
                }
            },
            [&](const DeleteExchange& d) {
                // Checked when it was added (Targets::hasExchange).
                const TargetIndex target = *m_core.broker->targetIndex(d.exchange);
                if (m_publishers.deletionOf(target) == 0) { // else it is deleted already
                    m_core.broker->setTargetExists(target, false);
                    m_publishers.targetDeleted(target, index);
                    faultStarted(FaultKind::ExchangeDeleted, m_core.broker->targetEntity(target),
                                 index);
                }
                if (d.duration) {
                    endAt(*d.duration);
                }
            },
            [&](const DeclareExchange& d) { declareExchange(d.exchange, std::nullopt); },
            [&](const PurgeQueue& p) {
                // Checked when the purge was added (Targets::hasQueue).
                const std::optional<QueueIndex> queue = m_core.broker->queueIndex(p.queue);
                faultStarted(FaultKind::Purge, m_core.entities.find(EntityKind::Queue, p.queue),
                             index);
                m_core.broker->purge(*queue);
            },
            [&](const RollingDeploy& d) {
                const ServiceRange& range = m_services[serviceIndex(d.service).value()];
                for (std::uint32_t k = 0; k < range.instances; ++k) {
                    if (k == 0) {
                        deploy(range.firstInstance, index);
                    } else {
                        m_core.scheduler.schedule(
                            intervention.at + SimTime::fromNanos(d.every.nanos() * k),
                            EventKind::DeployInstance, range.firstInstance + k, index);
                    }
                }
            },
            [&](const Seek& s) {
                // Checked when the seek was added (Targets::groupPartitions).
                const QueueIndex group = *m_core.broker->queueIndex(s.group);
                faultStarted(FaultKind::Seek, m_core.entities.find(EntityKind::Queue, s.group),
                             index);
                m_core.broker->seek(group, s);
            },
            [&](const LinkFault& f) {
                for (const std::uint32_t i : instancesOf(f.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    for (int d = 0; d < directions(f.direction); ++d) {
                        instance.linkFault[static_cast<int>(directionAt(f.direction, d))] = index;
                    }
                    faultStarted(FaultKind::LinkFault, instance.entity, index);
                    if (f.partition) {
                        // A connection that hears nothing for a heartbeat timeout is closed.
                        m_core.scheduler.schedule(m_core.now() + m_core.heartbeat,
                                                  EventKind::HeartbeatTimeout, i, index);
                    }
                }
                if (f.duration) {
                    endAt(*f.duration);
                }
            },
            [&](const MessageFault& m) {
                m_core.singledOut.add(m.message, index, m.kind == MessageFaultKind::CrashReceiver);
            },
            [&](const Heal& h) {
                for (const std::uint32_t i : instancesOf(h.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    for (int d = 0; d < directions(h.direction); ++d) {
                        std::uint32_t& active =
                            instance.linkFault[static_cast<int>(directionAt(h.direction, d))];
                        if (active != ServiceInstance::kNoFault) {
                            faultEnded(FaultKind::LinkFault, instance.entity, active);
                            active = ServiceInstance::kNoFault;
                        }
                    }
                }
            },
        },
        intervention.action);
    m_core.losses.setCurrentCause(0);
}

void FaultInjector::declareExchange(const std::string& exchange,
                                    std::optional<std::uint32_t> deletion) {
    const TargetIndex target = *m_core.broker->targetIndex(exchange); // checked when added
    const std::uint32_t by = m_publishers.deletionOf(target);         // 1-based; 0: not deleted
    if (by == 0 || (deletion && by != *deletion + 1)) {
        return; // it exists, or a later deletion is the one in force
    }
    m_core.broker->setTargetExists(target, true);
    m_publishers.targetDeclared(target);
    faultEnded(FaultKind::ExchangeDeleted, m_core.broker->targetEntity(target), by - 1);
}

void FaultInjector::setConsuming(const Cancel& cancel, std::uint32_t index, bool consuming) {
    std::optional<std::uint32_t> queue;
    if (!cancel.queue.empty()) {
        queue = m_core.broker->queueIndex(cancel.queue)->value(); // checked when it was added
    }
    for (const std::uint32_t i : instancesOf(cancel.target)) {
        for (const EntityId consumer :
             m_consumers.setConsuming(m_core.instances[i], queue, consuming)) {
            if (consuming) {
                faultEnded(FaultKind::NotConsuming, consumer, index);
            } else {
                faultStarted(FaultKind::NotConsuming, consumer, index);
            }
        }
    }
}

void FaultInjector::end(std::uint32_t index) {
    const Intervention& intervention = m_core.interventions[index];
    m_core.losses.setCurrentCause(index + 1);
    std::visit(
        Overloaded{
            [&](const Cancel& c) { setConsuming(c, index, true); },
            [&](const DeleteExchange& d) { declareExchange(d.exchange, index); },
            [&](const Crash& c) {
                for (const std::uint32_t i : instancesOf(c.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (instance.crashed) {
                        faultEnded(FaultKind::Crash, instance.entity, index);
                        start(instance);
                    }
                }
            },
            [&](const SlowDown& s) {
                for (const std::uint32_t i : instancesOf(s.target)) {
                    m_core.instances[i].slowFactor = 1;
                    faultEnded(FaultKind::SlowDown, m_core.instances[i].entity, index);
                }
            },
            [&](const Pause& p) {
                for (const std::uint32_t i : instancesOf(p.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (m_core.now() >= instance.pausedUntil) {
                        faultEnded(FaultKind::Pause, instance.entity, index);
                        m_consumers.resumed(instance);
                        m_publishers.resumed(instance);
                    }
                }
            },
            [&](const Hang& h) {
                for (const std::uint32_t i : instancesOf(h.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (instance.hung) {
                        instance.hung = false;
                        faultEnded(FaultKind::Hang, instance.entity, index);
                        m_consumers.resumed(instance);
                        m_publishers.resumed(instance);
                    }
                }
            },
            [&](const ErrorBurst& e) {
                for (const std::uint32_t i : instancesOf(e.target)) {
                    m_core.instances[i].errorProbability.reset();
                    faultEnded(FaultKind::ErrorBurst, m_core.instances[i].entity, index);
                }
            },
            [&](const MessageFault&) {
                for (const auto& [by, i] : m_crashedByMessage) {
                    ServiceInstance& instance = m_core.instances[i];
                    if (by == index && instance.crashed) {
                        faultEnded(FaultKind::Crash, instance.entity, index);
                        start(instance);
                    }
                }
            },
            [&](const BrokerDown& b) {
                m_core.broker->setNodeUp(b.broker, true);
                faultEnded(FaultKind::BrokerDown, m_core.broker->nodeEntity(b.broker), index);
            },
            [&](const SlowBroker& b) {
                m_core.broker->setNodeLatency(b.broker, SimTime::zero());
                faultEnded(FaultKind::SlowBroker, m_core.broker->nodeEntity(b.broker), index);
            },
            [&](const BrokerRestart&) {
                m_core.outage.end();
                faultEnded(FaultKind::BrokerDown, m_core.brokerEntity, index);
            },
            [&](const LinkFault& f) {
                for (const std::uint32_t i : instancesOf(f.target)) {
                    ServiceInstance& instance = m_core.instances[i];
                    bool ended = false;
                    for (std::uint32_t& active : instance.linkFault) {
                        if (active == index) {
                            active = ServiceInstance::kNoFault;
                            ended = true;
                        }
                    }
                    if (ended) {
                        faultEnded(FaultKind::LinkFault, instance.entity, index);
                    }
                }
            },
            [&](const auto&) {},
        },
        intervention.action);
    m_core.losses.setCurrentCause(0);
}

void FaultInjector::deploy(std::uint32_t instanceIndex, std::uint32_t index) {
    const auto& d = std::get<RollingDeploy>(m_core.interventions[index].action);
    ServiceInstance& instance = m_core.instances[instanceIndex];
    instance.deployedVersion = static_cast<std::uint8_t>(d.version);
    m_publishers.deployed(instance);
    m_core.log.append(Record{m_core.now(), index + 1, instance.entity, 0, RecordKind::FaultStarted,
                             static_cast<std::uint8_t>(FaultKind::RollingDeploy),
                             static_cast<std::uint16_t>(d.version)},
                      nullptr);
}

void FaultInjector::crashOnArrival(std::uint32_t instanceIndex, std::uint32_t index) {
    ServiceInstance& instance = m_core.instances[instanceIndex];
    if (instance.crashed) {
        return;
    }
    m_core.losses.setCurrentCause(index + 1);
    faultStarted(FaultKind::Crash, instance.entity, index);
    crash(instance);
    m_core.losses.setCurrentCause(0);
    const auto& fault = std::get<MessageFault>(m_core.interventions[index].action);
    if (fault.restartAfter) {
        m_crashedByMessage.emplace_back(index, instanceIndex);
        m_core.scheduler.schedule(m_core.now() + *fault.restartAfter, EventKind::EndFault, 0,
                                  index);
    }
}

void FaultInjector::publish(const PublishMessage& publish) {
    const std::string who = publish.service.empty() ? "operator" : publish.service;
    EntityId source = m_core.entities.find(EntityKind::Operator, who);
    if (source == kNoEntity) {
        source = m_core.entities.add(EntityKind::Operator, who);
    }
    std::optional<Message> m = m_core.newMessage();
    if (!m) {
        return;
    }
    m->routingKey = m_core.strings.intern(publish.routingKey);
    m->eventType = m_core.internType(publish.eventType);
    m->schemaVersion = static_cast<std::uint8_t>(publish.schemaVersion);
    m->body = m_core.strings.intern(publish.body);
    m->bodyBytes = static_cast<std::uint32_t>(publish.body.size());
    m->headers = m_core.strings.intern(publish.headers);
    m->flags = publish.persistent ? Message::kPersistent : 0;
    if (publish.expiration) {
        m->expirationMs = static_cast<std::uint32_t>(
            std::min<std::int64_t>(publish.expiration->nanos() / 1'000'000, UINT32_MAX - 1));
    }
    // Checked when the publish was added (Targets::hasExchange).
    const TargetIndex target = *m_core.broker->targetIndex(publish.exchange);
    // Published at the broker itself: no network hop.
    const MessageSlot slot = m_core.addPublished(*m, source, m_core.broker->targetEntity(target));
    if (m_core.outage.active()) {
        m_core.accounts.noteLostOnTheWay();
        m_core.drop(DropReason::BrokerRestart, *m, m_core.brokerEntity, 0, 0,
                    m_core.outage.cause());
        m_core.messages.release(slot);
        return;
    }
    m_core.accounts.noteArrived();
    if (m_core.broker->accept(slot, target, false).noTarget) {
        m_publishers.notFound(source, target, m->id, false);
    }
}

void FaultInjector::crash(ServiceInstance& instance) {
    instance.crashed = true;
    instance.hung = false;
    instance.connected = false;
    m_consumers.closeSessions(instance, ChannelCloseCause::Crash);
    ++instance.processEpoch;
    ++instance.connectionEpoch;
    m_consumers.dropHeld(instance, DropReason::InstanceCrash);
    m_publishers.crashed(instance);
}

void FaultInjector::start(ServiceInstance& instance) {
    if (!instance.crashed) {
        crash(instance); // restarting a hung process kills it first
    }
    instance.crashed = false;
    instance.hung = false;
    instance.slowFactor = 1;
    instance.errorProbability.reset();
    instance.pausedUntil = SimTime::zero();
    ++instance.processEpoch;
    instance.reconnectAttempt = 0;
    connect(instance);
}

void FaultInjector::connect(ServiceInstance& instance) {
    if (m_core.outage.active() || partitioned(instance)) {
        scheduleReconnect(instance);
        return;
    }
    instance.connected = true;
    instance.reconnectAttempt = 0;
    m_core.recordAbout(RecordKind::Connected, instance.entity, 0);
    m_consumers.reconnected(instance);
    m_publishers.resumed(instance);
}

void FaultInjector::disconnect(ServiceInstance& instance, ChannelCloseCause cause) {
    if (!instance.connected) {
        return;
    }
    instance.connected = false;
    if (cause != ChannelCloseCause::BrokerRestart) {
        m_consumers.closeSessions(instance, cause); // a restarting broker closes them itself
    }
    ++instance.connectionEpoch;
    m_consumers.dropHeld(instance, cause == ChannelCloseCause::BrokerRestart
                                       ? DropReason::BrokerRestart
                                       : DropReason::Network);
    scheduleReconnect(instance);
}

void FaultInjector::scheduleReconnect(ServiceInstance& instance) {
    ++instance.reconnectAttempt;
    const SimTime wait = m_reconnect[instance.service].delay(instance.reconnectAttempt);
    m_core.scheduler.schedule(m_core.now() + wait, EventKind::Reconnect,
                              static_cast<std::uint32_t>(&instance - m_core.instances.data()),
                              instance.connectionEpoch);
}

void FaultInjector::onReconnect(std::uint32_t index, std::uint32_t epoch) {
    ServiceInstance& instance = m_core.instances[index];
    if (epoch != instance.connectionEpoch || instance.connected || instance.crashed) {
        return;
    }
    connect(instance);
}

bool FaultInjector::partitioned(const ServiceInstance& instance) const {
    for (const Direction d : {Direction::ToBroker, Direction::FromBroker}) {
        const LinkFault* f = m_core.faultOn(instance, d);
        if (f != nullptr && f->partition) {
            return true;
        }
    }
    return false;
}

void FaultInjector::onHeartbeatTimeout(std::uint32_t index, std::uint32_t intervention) {
    ServiceInstance& instance = m_core.instances[index];
    const bool stillCut =
        instance.linkFault[0] == intervention || instance.linkFault[1] == intervention;
    if (stillCut && partitioned(instance) && instance.connected) {
        m_core.losses.setCurrentCause(intervention + 1);
        disconnect(instance, ChannelCloseCause::Heartbeat);
        m_core.losses.setCurrentCause(0);
    }
}

} // namespace evsim
