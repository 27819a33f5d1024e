#include "simulator/scenario/loader/fault_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 15> kFaults{
    "crash",           "restart",          "slow_down",   "pause",          "hang",
    "error_burst",     "poison",           "cancel",      "broker_restart", "purge",
    "delete_exchange", "declare_exchange", "broker_down", "slow_broker",    "rolling_deploy"};
constexpr std::array<std::string_view, 3> kCrashKeys{"service", "instance", "restart_after"};
constexpr std::array<std::string_view, 2> kRestartKeys{"service", "instance"};
constexpr std::array<std::string_view, 4> kSlowDownKeys{"service", "instance", "factor", "for"};
constexpr std::array<std::string_view, 3> kPauseKeys{"service", "instance", "for"};
constexpr std::array<std::string_view, 4> kErrorBurstKeys{"service", "instance", "probability",
                                                          "for"};
constexpr std::array<std::string_view, 5> kPoisonKeys{"service", "event", "header", "field",
                                                      "equals"};
constexpr std::array<std::string_view, 1> kBrokerRestartKeys{"downtime"};
constexpr std::array<std::string_view, 1> kPurgeKeys{"queue"};
constexpr std::array<std::string_view, 2> kBrokerDownKeys{"broker", "for"};
constexpr std::array<std::string_view, 3> kSlowBrokerKeys{"broker", "latency", "for"};
constexpr std::array<std::string_view, 4> kCancelKeys{"service", "instance", "queue", "for"};
constexpr std::array<std::string_view, 2> kDeleteExchangeKeys{"exchange", "for"};
constexpr std::array<std::string_view, 1> kDeclareExchangeKeys{"exchange"};
constexpr std::array<std::string_view, 3> kRollingDeployKeys{"service", "version", "every"};

Keys keysOf(std::string_view action) {
    return action == "crash"              ? Keys(kCrashKeys)
           : action == "restart"          ? Keys(kRestartKeys)
           : action == "slow_down"        ? Keys(kSlowDownKeys)
           : action == "pause"            ? Keys(kPauseKeys)
           : action == "hang"             ? Keys(kPauseKeys)
           : action == "error_burst"      ? Keys(kErrorBurstKeys)
           : action == "poison"           ? Keys(kPoisonKeys)
           : action == "broker_restart"   ? Keys(kBrokerRestartKeys)
           : action == "cancel"           ? Keys(kCancelKeys)
           : action == "delete_exchange"  ? Keys(kDeleteExchangeKeys)
           : action == "declare_exchange" ? Keys(kDeclareExchangeKeys)
           : action == "broker_down"      ? Keys(kBrokerDownKeys)
           : action == "slow_broker"      ? Keys(kSlowBrokerKeys)
           : action == "rolling_deploy"   ? Keys(kRollingDeployKeys)
                                          : Keys(kPurgeKeys);
}

} // namespace

bool FaultReader::handles(std::string_view action) {
    return std::find(kFaults.begin(), kFaults.end(), action) != kFaults.end();
}

std::optional<InterventionAction> FaultReader::read(std::string_view action, const Json& v,
                                                    const std::string& path) const {
    if (!m_values.isObject(v, path, keysOf(action))) {
        return std::nullopt;
    }
    if (action == "poison") {
        return readPoison(v, path);
    }
    if (action == "purge") {
        return readPurge(v, path);
    }
    const MemberReader members(m_values, v, path);
    if (action == "delete_exchange" || action == "declare_exchange") {
        const std::optional<std::string> exchange = readDeletableExchange(v, path);
        if (action == "declare_exchange") {
            return exchange ? std::optional<InterventionAction>(DeclareExchange{*exchange})
                            : std::nullopt;
        }
        DeleteExchange deletion{exchange.value_or(""), std::nullopt};
        const bool ok = members.positiveDuration("for", deletion.duration) && exchange;
        return ok ? std::optional<InterventionAction>(std::move(deletion)) : std::nullopt;
    }
    const auto required = [&](std::string_view key) {
        return m_values.require(v, path, key) != nullptr;
    };
    if (action == "broker_restart") {
        BrokerRestart restart;
        return members.positiveDuration("downtime", restart.downtime)
                   ? std::optional<InterventionAction>(restart)
                   : std::nullopt;
    }
    if (action == "broker_down" || action == "slow_broker") {
        return readClusterFault(action, v, path);
    }
    if (action == "rolling_deploy") {
        return readRollingDeploy(v, path);
    }
    // Every other fault acts on a service or one of its instances.
    auto target = m_targets.read(v, path);
    bool ok = target.has_value();
    const InstanceTarget t = target.value_or(InstanceTarget{});
    if (action == "crash") {
        Crash crash{t, std::nullopt};
        ok = members.duration("restart_after", crash.restartAfter) && ok;
        return ok ? std::optional<InterventionAction>(std::move(crash)) : std::nullopt;
    }
    if (action == "restart") {
        return ok ? std::optional<InterventionAction>(Restart{t}) : std::nullopt;
    }
    if (action == "cancel") {
        Cancel cancel{t, "", std::nullopt};
        ok = members.string("queue", cancel.queue, true) &&
             members.positiveDuration("for", cancel.duration) && ok;
        return ok && consumesWhatItCancels(cancel, path)
                   ? std::optional<InterventionAction>(std::move(cancel))
                   : std::nullopt;
    }
    if (action == "hang") {
        Hang hang{t, std::nullopt};
        ok = members.positiveDuration("for", hang.duration) && ok;
        return ok ? std::optional<InterventionAction>(std::move(hang)) : std::nullopt;
    }
    // The rest last for a given time.
    SimTime duration;
    ok = required("for") && members.positiveDuration("for", duration) && ok;
    if (action == "pause") {
        return ok ? std::optional<InterventionAction>(Pause{t, duration}) : std::nullopt;
    }
    if (action == "slow_down") {
        SlowDown slow{t, 2, duration};
        ok = required("factor") &&
             members.number("factor", slow.factor, 1, true, &kMaxSlowDownFactor) && ok;
        return ok ? std::optional<InterventionAction>(std::move(slow)) : std::nullopt;
    }
    ErrorBurst burst{t, 1, duration};
    ok = required("probability") && members.probability("probability", burst.probability) && ok;
    return ok ? std::optional<InterventionAction>(std::move(burst)) : std::nullopt;
}

// A fault of one broker of a partitioned log's cluster (KAFKA12).
std::optional<InterventionAction> FaultReader::readClusterFault(std::string_view action,
                                                                const Json& v,
                                                                const std::string& path) const {
    const MemberReader members(m_values, v, path);
    std::uint32_t broker = 1;
    bool ok = m_values.require(v, path, "broker") != nullptr &&
              members.integer("broker", broker, 1, kMaxBrokers);
    if (ok && m_names.clusterBrokers() == 0) {
        m_context.fail(Code::Inapplicable, at(path, "broker"),
                       "an AMQP broker is a single node here; only a partitioned log's cluster "
                       "has brokers to stop one by one",
                       "use \"broker_restart\" to restart the whole broker");
        ok = false;
    } else if (ok && broker > m_names.clusterBrokers()) {
        m_context.fail(Code::UnknownReference, at(path, "broker"),
                       "the cluster has " + std::to_string(m_names.clusterBrokers()) +
                           (m_names.clusterBrokers() == 1 ? " broker" : " brokers") +
                           ", numbered from 1; there is no broker " + std::to_string(broker),
                       "the broker's \"brokers\" says how many there are");
        ok = false;
    }
    if (action == "broker_down") {
        BrokerDown down{broker, std::nullopt};
        ok = members.positiveDuration("for", down.duration) && ok;
        return ok ? std::optional<InterventionAction>(down) : std::nullopt;
    }
    SlowBroker slow{broker, SimTime::zero(), SimTime::zero()};
    ok = m_values.require(v, path, "latency") != nullptr &&
         members.positiveDuration("latency", slow.latency) &&
         m_values.require(v, path, "for") != nullptr &&
         members.positiveDuration("for", slow.duration) && ok;
    return ok ? std::optional<InterventionAction>(slow) : std::nullopt;
}

// Which versions the service's event types declare is checked once the services are read
// (checkRollingDeploys in scenario_loader.cpp).
std::optional<InterventionAction> FaultReader::readRollingDeploy(const Json& v,
                                                                 const std::string& path) const {
    const MemberReader members(m_values, v, path);
    RollingDeploy deploy;
    const auto service = m_targets.readService(v, path);
    std::uint32_t version = 2;
    bool ok = m_values.require(v, path, "version") != nullptr &&
              members.integer("version", version, 1, kMaxVersions);
    ok = members.positiveDuration("every", deploy.every) && service && ok;
    deploy.service = service.value_or("");
    deploy.version = static_cast<int>(version);
    return ok ? std::optional<InterventionAction>(std::move(deploy)) : std::nullopt;
}

// A poison message for one service's consumers, or for every consumer.
std::optional<InterventionAction> FaultReader::readPoison(const Json& v,
                                                          const std::string& path) const {
    Poison poison;
    bool ok = true;
    if (v.contains("service")) {
        const auto service = m_targets.readService(v, path);
        ok = service.has_value();
        if (service && m_names.complete(NameKind::Service) && !m_names.consumes(*service)) {
            m_context.fail(Code::Inapplicable, at(path, "service"),
                           "service " + quote(*service) +
                               " consumes no queue, so it processes nothing to poison",
                           "name a service that has \"consumes\", or leave \"service\" out to "
                           "poison every consumer");
            ok = false;
        }
        poison.service = service.value_or("");
    } else if (m_names.complete(NameKind::Service) && !m_names.anyConsumes()) {
        m_context.fail(Code::NoEffect, path,
                       "no service consumes a queue, so this poison would change nothing",
                       "poison acts on consumers; add a service with \"consumes\"");
        ok = false;
    }
    auto rule = m_poisonRules.read(v, path);
    if (!rule || !ok) {
        return std::nullopt;
    }
    poison.rule = std::move(*rule);
    return poison;
}

// A cancel names a queue its service consumes, or, without "queue", a service that consumes.
bool FaultReader::consumesWhatItCancels(const Cancel& cancel, const std::string& path) const {
    const std::string& service = cancel.target.service;
    if (!m_names.complete(NameKind::Service)) {
        return true; // a broken service entry: its consumers are unknown
    }
    if (cancel.queue.empty()) {
        if (m_names.consumes(service)) {
            return true;
        }
        m_context.fail(Code::Inapplicable, at(path, "service"),
                       "service " + quote(service) +
                           " consumes no queue, so it has nothing to cancel",
                       "name a service that has \"consumes\"");
        return false;
    }
    const std::string where = at(path, "queue");
    if (!m_names.check(NameKind::Queue, cancel.queue, where)) {
        return false;
    }
    if (m_names.consumes(service, cancel.queue)) {
        return true;
    }
    m_context.fail(Code::Inapplicable, where,
                   "service " + quote(service) + " does not consume queue " + quote(cancel.queue),
                   "name one of the queues in its \"consumes\", or leave \"queue\" out to "
                   "cancel every consumer of the service");
    return false;
}

// An exchange the scenario declares; never the default exchange, which RabbitMQ refuses to
// delete (403 ACCESS_REFUSED).
std::optional<std::string> FaultReader::readDeletableExchange(const Json& v,
                                                              const std::string& path) const {
    const Json* exchange = m_values.require(v, path, "exchange");
    const std::string p = at(path, "exchange");
    const auto name = exchange ? m_values.readString(*exchange, p) : std::nullopt;
    if (!name) {
        return std::nullopt;
    }
    if (name->empty()) {
        m_context.fail(Code::Inapplicable, p, "the default exchange \"\" cannot be deleted",
                       "name an exchange of broker.exchanges; RabbitMQ refuses to delete the "
                       "default exchange");
        return std::nullopt;
    }
    return m_names.check(NameKind::Exchange, *name, p) ? name : std::nullopt;
}

std::optional<InterventionAction> FaultReader::readPurge(const Json& v,
                                                         const std::string& path) const {
    const Json* queue = m_values.require(v, path, "queue");
    const std::string p = at(path, "queue");
    const auto name = queue ? m_values.readString(*queue, p, true) : std::nullopt;
    if (!name || !m_names.check(NameKind::Queue, *name, p)) {
        return std::nullopt;
    }
    return PurgeQueue{*name};
}

} // namespace evsim::loader
