#include "harness/run/intervention_text.h"

#include <fmt/format.h>

namespace evsim {
namespace {

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

std::string who(const InstanceTarget& t) {
    return t.instance ? fmt::format("{}#{}", t.service, *t.instance)
                      : fmt::format("every {} instance", t.service);
}

std::string lasting(SimTime d) {
    return " for " + formatDurationShort(d);
}

std::string way(LinkDirection d) {
    switch (d) {
    case LinkDirection::ToBroker:
        return "towards the broker";
    case LinkDirection::FromBroker:
        return "from the broker";
    case LinkDirection::Both:
        return "both ways";
    }
    return "";
}

std::string rule(const PoisonRule& r) {
    std::string out;
    if (!r.eventType.empty()) {
        out += r.eventType + " events";
    }
    const auto part = [&](const std::string& kind, const std::string& name) {
        out += (out.empty() ? "" : " with ") + kind + " " + name +
               (r.equals ? " = " + *r.equals : " present");
    };
    if (!r.headerName.empty()) {
        part("header", r.headerName);
    }
    if (!r.fieldPath.empty()) {
        part("field", r.fieldPath);
    }
    return out;
}

} // namespace

std::string describe(const InterventionAction& action) {
    return std::visit(
        Overloaded{
            [](const PublishMessage& p) {
                return fmt::format("publish {} to {}", p.eventType,
                                   p.exchange.empty() ? "queue " + p.routingKey : p.exchange);
            },
            [](const Crash& c) {
                return "crash " + who(c.target) +
                       (c.restartAfter ? ", restarts after " + formatDurationShort(*c.restartAfter)
                                       : std::string());
            },
            [](const Restart& r) { return "restart " + who(r.target); },
            [](const SlowDown& s) {
                return fmt::format("slow down {} ×{}{}", who(s.target), s.factor,
                                   lasting(s.duration));
            },
            [](const Pause& p) { return "pause " + who(p.target) + lasting(p.duration); },
            [](const Hang& h) {
                return "hang " + who(h.target) +
                       (h.duration ? lasting(*h.duration) : std::string(" until restarted"));
            },
            [](const ErrorBurst& e) {
                return fmt::format("errors at {} ({:g}%){}", who(e.target), e.probability * 100,
                                   lasting(e.duration));
            },
            [](const Poison& p) {
                return "poison " + rule(p.rule) + " at " +
                       (p.service.empty() ? std::string("every consumer") : p.service);
            },
            [](const BrokerRestart& b) { return "restart the broker, down" + lasting(b.downtime); },
            [](const PurgeQueue& p) { return "purge queue " + p.queue; },
            [](const Seek& s) {
                const std::string where =
                    s.partition ? " partition " + std::to_string(*s.partition) : std::string();
                switch (s.to) {
                case Seek::To::Earliest:
                    return "seek group " + s.group + where + " to the earliest offset";
                case Seek::To::Latest:
                    return "seek group " + s.group + where + " to the latest offset";
                case Seek::To::Offset:
                    return "seek group " + s.group + where + " to offset " +
                           std::to_string(s.offset);
                case Seek::To::Time:
                    break;
                }
                return "seek group " + s.group + where + " to the records of " +
                       formatDuration(s.time) + " on";
            },
            [](const RollingDeploy& d) {
                return "roll out schema v" + std::to_string(d.version) + " to " + d.service +
                       ", an instance every " + formatDurationShort(d.every);
            },
            [](const BrokerDown& b) {
                return "stop broker " + std::to_string(b.broker) +
                       (b.duration ? lasting(*b.duration) : std::string());
            },
            [](const SlowBroker& b) {
                return "slow broker " + std::to_string(b.broker) + ", " +
                       formatDurationShort(b.latency) + " late" + lasting(b.duration);
            },
            [](const DeleteExchange& d) {
                return "delete exchange " + d.exchange +
                       (d.duration ? lasting(*d.duration) : std::string());
            },
            [](const DeclareExchange& d) { return "declare exchange " + d.exchange; },
            [](const Cancel& c) {
                return "cancel " + who(c.target) +
                       (c.queue.empty() ? std::string("'s consumers")
                                        : "'s consumer of " + c.queue) +
                       (c.duration ? lasting(*c.duration) : std::string());
            },
            [](const LinkFault& f) {
                std::vector<std::string> parts;
                if (f.partition) {
                    parts.push_back("partition");
                }
                if (f.latency) {
                    parts.push_back("latency " + f.latency->describe());
                }
                if (f.jitter > SimTime::zero()) {
                    parts.push_back("jitter " + formatDurationShort(f.jitter));
                }
                if (f.loss > 0) {
                    parts.push_back(fmt::format("loss {:g}%", f.loss * 100));
                }
                if (f.duplicate > 0) {
                    parts.push_back(fmt::format("duplicates {:g}%", f.duplicate * 100));
                }
                if (f.reorder > 0) {
                    parts.push_back(fmt::format("reorder {:g}%", f.reorder * 100));
                }
                return fmt::format("{} between {} and the broker, {}{}", fmt::join(parts, ", "),
                                   who(f.target), way(f.direction),
                                   f.duration ? "," + lasting(*f.duration) : std::string());
            },
            [](const MessageFault& m) {
                const std::string id = "msg-" + std::to_string(m.message);
                switch (m.kind) {
                case MessageFaultKind::Drop:
                    return "drop " + id + " on its next hop";
                case MessageFaultKind::Duplicate:
                    return "duplicate " + id + " on its next hop";
                case MessageFaultKind::Delay:
                    return "delay " + id + " by " + formatDurationShort(m.delay) +
                           " on its next hop";
                case MessageFaultKind::CrashReceiver:
                    break;
                }
                return "crash the instance " + id + " reaches next" +
                       (m.restartAfter ? ", restarts after " + formatDurationShort(*m.restartAfter)
                                       : std::string());
            },
            [](const Heal& h) {
                return "heal the link between " + who(h.target) + " and the broker, " +
                       way(h.direction);
            },
        },
        action);
}

} // namespace evsim
