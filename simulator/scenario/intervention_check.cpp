#include "simulator/scenario/intervention_check.h"

#include "simulator/scenario/scenario.h"

#include <algorithm>

namespace evsim {
namespace {

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

std::string checkTarget(const InterventionTargets& t, const InstanceTarget& target) {
    const std::optional<std::uint32_t> instances = t.instancesOf(target.service);
    if (!instances) {
        return "no service named \"" + target.service + "\"";
    }
    if (target.instance && *target.instance >= *instances) {
        return "service \"" + target.service + "\" has " + std::to_string(*instances) +
               " instance(s); there is no #" + std::to_string(*target.instance);
    }
    return "";
}

// RabbitMQ refuses to delete the default exchange (403 ACCESS_REFUSED); any other must exist.
std::string checkDeletable(const InterventionTargets& t, const std::string& exchange) {
    if (exchange.empty()) {
        return "the default exchange \"\" cannot be deleted";
    }
    return t.hasExchange(exchange) ? "" : "no exchange named \"" + exchange + "\"";
}

std::string checkBroker(const InterventionTargets& t, std::uint32_t broker) {
    const std::uint32_t nodes = t.brokerNodes();
    if (nodes == 0) {
        return "the broker is a single node here: a partitioned log's cluster has brokers to "
               "stop one by one (a broker restart stops this one)";
    }
    if (broker == 0 || broker > nodes) {
        return "the cluster has " + std::to_string(nodes) + (nodes == 1 ? " broker" : " brokers") +
               ", numbered from 1; there is no broker " + std::to_string(broker);
    }
    return "";
}

const ServiceSpec* serviceNamed(const Scenario& scenario, std::string_view name) {
    const auto it = std::find_if(scenario.services.begin(), scenario.services.end(),
                                 [&](const ServiceSpec& s) { return s.name == name; });
    return it == scenario.services.end() ? nullptr : &*it;
}

} // namespace

std::uint32_t ScenarioTargets::brokerNodes() const {
    return m_scenario.broker.kind == BrokerKind::Kafka ? m_scenario.broker.kafka.brokers : 0;
}

std::uint32_t ScenarioTargets::groupPartitions(std::string_view group) const {
    if (m_scenario.broker.kind != BrokerKind::Kafka) {
        return 0;
    }
    const KafkaSpec& kafka = m_scenario.broker.kafka;
    const auto g = std::find_if(kafka.groups.begin(), kafka.groups.end(),
                                [&](const GroupSpec& s) { return s.name == group; });
    if (g == kafka.groups.end()) {
        return 0;
    }
    const auto t = std::find_if(kafka.topics.begin(), kafka.topics.end(),
                                [&](const TopicSpec& s) { return s.name == g->topic; });
    return t == kafka.topics.end() ? 0 : t->partitions;
}

SimTime ScenarioTargets::duration() const {
    return m_scenario.duration;
}

std::optional<std::uint32_t> ScenarioTargets::instancesOf(std::string_view service) const {
    const ServiceSpec* s = serviceNamed(m_scenario, service);
    return s == nullptr ? std::nullopt : std::optional<std::uint32_t>(s->instances);
}

bool ScenarioTargets::consumes(std::string_view service, std::string_view queue) const {
    const ServiceSpec* s = serviceNamed(m_scenario, service);
    return s != nullptr &&
           std::any_of(s->consumes.begin(), s->consumes.end(),
                       [&](const ConsumerSpec& c) { return queue.empty() || c.queue == queue; });
}

bool ScenarioTargets::hasQueue(std::string_view queue) const {
    const auto& queues = m_scenario.broker.amqp.queues;
    return std::any_of(queues.begin(), queues.end(),
                       [&](const QueueSpec& q) { return q.name == queue; });
}

bool ScenarioTargets::hasExchange(std::string_view exchange) const {
    const auto& exchanges = m_scenario.broker.amqp.exchanges;
    return std::any_of(exchanges.begin(), exchanges.end(),
                       [&](const ExchangeSpec& x) { return x.name == exchange; });
}

std::string checkIntervention(const InterventionTargets& t, const Intervention& i) {
    if (i.at > t.duration()) {
        return "at " + formatDuration(i.at) + " is after the end of the run (" +
               formatDuration(t.duration()) + ")";
    }
    return std::visit(
        Overloaded{
            [&](const PublishMessage& p) -> std::string {
                if (!p.exchange.empty() && !t.hasExchange(p.exchange)) {
                    return "no exchange named \"" + p.exchange + "\"";
                }
                if (p.schemaVersion < 1 || p.schemaVersion > 255) {
                    return "schema version must be between 1 and 255";
                }
                return "";
            },
            [&](const Poison& p) -> std::string {
                if (!p.service.empty() && !t.consumes(p.service, "")) {
                    return "no service named \"" + p.service + "\" consumes anything";
                }
                return "";
            },
            [&](const PurgeQueue& p) -> std::string {
                return t.hasQueue(p.queue) ? "" : "no queue named \"" + p.queue + "\"";
            },
            [&](const DeleteExchange& d) -> std::string { return checkDeletable(t, d.exchange); },
            [&](const DeclareExchange& d) -> std::string { return checkDeletable(t, d.exchange); },
            [&](const BrokerRestart&) -> std::string { return ""; },
            [&](const Seek& s) -> std::string {
                const std::uint32_t partitions = t.groupPartitions(s.group);
                if (partitions == 0) {
                    return "no consumer group of a partitioned log named \"" + s.group + "\"";
                }
                if (s.partition && *s.partition >= partitions) {
                    return "group \"" + s.group + "\" reads " + std::to_string(partitions) +
                           " partitions, numbered from 0; there is no partition " +
                           std::to_string(*s.partition);
                }
                return "";
            },
            [&](const BrokerDown& b) -> std::string { return checkBroker(t, b.broker); },
            [&](const SlowBroker& b) -> std::string { return checkBroker(t, b.broker); },
            [&](const MessageFault& m) -> std::string {
                if (m.message == 0) {
                    return "message ids start at msg-1";
                }
                if (m.kind == MessageFaultKind::Delay && m.delay <= SimTime::zero()) {
                    return "a delay must be longer than 0";
                }
                return "";
            },
            [&](const Cancel& c) -> std::string {
                if (std::string why = checkTarget(t, c.target); !why.empty()) {
                    return why;
                }
                if (!t.consumes(c.target.service, c.queue)) {
                    return "service \"" + c.target.service + "\" consumes " +
                           (c.queue.empty() ? "no queue" : "no queue named \"" + c.queue + "\"");
                }
                return "";
            },
            [&](const RollingDeploy& d) -> std::string {
                if (!t.instancesOf(d.service)) {
                    return "no service named \"" + d.service + "\"";
                }
                if (d.version < 1 || d.version > 255) {
                    return "schema version must be between 1 and 255";
                }
                return d.every > SimTime::zero() ? "" : "\"every\" must be longer than 0";
            },
            [&](const auto& a) -> std::string { return checkTarget(t, a.target); },
        },
        i.action);
}

} // namespace evsim
