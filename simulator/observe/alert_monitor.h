#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/alert_rule.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace evsim {

// An alert raised or resolved, with the value that crossed (depth, messages/s or ns).
struct AlertEvent {
    SimTime time;
    std::uint32_t rule = 0;
    bool raised = false;
    double value = 0;
};

// The state of each alert rule from sample to sample: a condition must hold for the rule's
// `for` duration (counted from the first sample where it held) before the alert is raised;
// the alert is resolved at the first sample where it no longer holds.
class AlertMonitor {
public:
    explicit AlertMonitor(std::vector<AlertRule> rules);

    const std::vector<AlertRule>& rules() const { return m_rules; }

    // Whether `value` breaches rule `rule`'s threshold.
    bool breached(std::uint32_t rule, double value) const;
    // Feeds one sample of rule `rule`; returns the event when the alert changes state.
    std::optional<AlertEvent> observe(std::uint32_t rule, SimTime time, double value);

    bool raised(std::uint32_t rule) const { return m_state[rule].raised; }

private:
    struct State {
        std::optional<SimTime> holdingSince;
        bool raised = false;
    };
    std::vector<AlertRule> m_rules;
    std::vector<State> m_state;
};

} // namespace evsim
