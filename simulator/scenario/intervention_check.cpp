#include "scenario/intervention_check.h"

#include "scenario/scenario.h"

namespace evsim {
namespace {

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

std::string checkTarget(const InterventionTargets& t, const InstanceTarget& target) {
    const auto it = t.services.find(target.service);
    if (it == t.services.end()) {
        return "no service named \"" + target.service + "\"";
    }
    if (target.instance && *target.instance >= it->second) {
        return "service \"" + target.service + "\" has " + std::to_string(it->second) +
               " instance(s); there is no #" + std::to_string(*target.instance);
    }
    return "";
}

} // namespace

InterventionTargets InterventionTargets::of(const Scenario& scenario) {
    InterventionTargets t;
    t.duration = scenario.duration;
    for (const ServiceSpec& s : scenario.services) {
        t.services.emplace(s.name, s.instances);
        if (!s.consumes.empty()) {
            t.consumingServices.insert(s.name);
        }
    }
    for (const QueueSpec& q : scenario.broker.amqp.queues) {
        t.queues.insert(q.name);
    }
    for (const ExchangeSpec& x : scenario.broker.amqp.exchanges) {
        t.exchanges.insert(x.name);
    }
    return t;
}

std::string checkIntervention(const InterventionTargets& t, const Intervention& i) {
    if (i.at > t.duration) {
        return "at " + formatDuration(i.at) + " is after the end of the run (" +
               formatDuration(t.duration) + ")";
    }
    return std::visit(Overloaded{
                          [&](const PublishMessage& p) -> std::string {
                              if (!p.exchange.empty() && !t.exchanges.contains(p.exchange)) {
                                  return "no exchange named \"" + p.exchange + "\"";
                              }
                              if (p.schemaVersion < 1 || p.schemaVersion > 255) {
                                  return "schema version must be between 1 and 255";
                              }
                              return "";
                          },
                          [&](const Poison& p) -> std::string {
                              if (!p.service.empty() && !t.consumingServices.contains(p.service)) {
                                  return "no service named \"" + p.service + "\" consumes anything";
                              }
                              return "";
                          },
                          [&](const PurgeQueue& p) -> std::string {
                              return t.queues.contains(p.queue)
                                         ? ""
                                         : "no queue named \"" + p.queue + "\"";
                          },
                          [&](const BrokerRestart&) -> std::string { return ""; },
                          [&](const auto& a) -> std::string { return checkTarget(t, a.target); },
                      },
                      i.action);
}

} // namespace evsim
