#include "simulator/observe/alert_monitor.h"

namespace evsim {

AlertMonitor::AlertMonitor(std::vector<AlertRule> rules)
    : m_rules(std::move(rules)), m_state(m_rules.size()) {}

bool AlertMonitor::breached(std::uint32_t rule, double value) const {
    const AlertRule& r = m_rules[rule];
    switch (r.condition) {
    case AlertRule::Condition::DepthAbove:
    case AlertRule::Condition::OldestMessageAgeAbove:
    case AlertRule::Condition::LatencyAbove:
        return value > r.threshold;
    case AlertRule::Condition::NotEmpty:
        return value > 0;
    case AlertRule::Condition::NoConsumer:
        return value == 0;
    case AlertRule::Condition::PublishRateBelow:
        return value < r.threshold;
    }
    return false;
}

std::optional<AlertEvent> AlertMonitor::observe(std::uint32_t rule, SimTime time, double value) {
    State& s = m_state[rule];
    if (!breached(rule, value)) {
        s.holdingSince.reset();
        if (s.raised) {
            s.raised = false;
            return AlertEvent{time, rule, false, value};
        }
        return std::nullopt;
    }
    if (!s.holdingSince) {
        s.holdingSince = time;
    }
    if (!s.raised && time - *s.holdingSince >= m_rules[rule].forDuration) {
        s.raised = true;
        return AlertEvent{time, rule, true, value};
    }
    return std::nullopt;
}

} // namespace evsim
