#include "simulator/scenario/intervention.h"

namespace evsim {

std::string_view actionName(const InterventionAction& action) {
    static constexpr std::string_view kNames[] = {
        "publish",
        "crash",
        "restart",
        "slow down",
        "pause",
        "hang",
        "error burst",
        "poison",
        "broker restart",
        "purge",
        "link fault",
        "heal",
        "message fault",
        "cancel",
        "delete exchange",
        "declare exchange",
        "broker down",
        "slow broker",
        "seek",
        "rolling deploy",
    };
    static_assert(std::size(kNames) == std::variant_size_v<InterventionAction>);
    return kNames[action.index()];
}

std::string_view messageFaultName(MessageFaultKind kind) {
    switch (kind) {
    case MessageFaultKind::Drop:
        return "drop";
    case MessageFaultKind::Duplicate:
        return "duplicate";
    case MessageFaultKind::Delay:
        return "delay";
    case MessageFaultKind::CrashReceiver:
        return "crash_receiver";
    }
    return "?";
}

SimTime effectEnd(const Intervention& i) {
    const SimTime lasting = std::visit(
        [](const auto& a) -> SimTime {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, Crash>) {
                return a.restartAfter.value_or(SimTime::zero());
            } else if constexpr (std::is_same_v<A, SlowDown> || std::is_same_v<A, Pause> ||
                                 std::is_same_v<A, ErrorBurst> || std::is_same_v<A, SlowBroker>) {
                return a.duration;
            } else if constexpr (std::is_same_v<A, Hang> || std::is_same_v<A, LinkFault> ||
                                 std::is_same_v<A, Cancel> || std::is_same_v<A, DeleteExchange> ||
                                 std::is_same_v<A, BrokerDown>) {
                return a.duration.value_or(SimTime::zero());
            } else if constexpr (std::is_same_v<A, BrokerRestart>) {
                return a.downtime;
            } else {
                return SimTime::zero();
            }
        },
        i.action);
    return i.at + lasting;
}

} // namespace evsim
