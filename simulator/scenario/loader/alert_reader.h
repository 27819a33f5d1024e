#pragma once

#include "simulator/scenario/alert_rule.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// The "metrics" and "alerts" sections: how often the run samples its metrics, and the alert
// rules evaluated at each sample.

namespace evsim::loader {

// Reads $.metrics and the elements of $.alerts. The broker must be read before (an alert
// watches a queue). Declares each alert's name, so that expectations can refer to it.
class AlertReader {
public:
    AlertReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    void readMetrics(const Json& v, const std::string& path, MetricsSpec& metrics) const;
    // One alert rule: a "name", a "queue", exactly one condition and "for". nullopt when it is
    // not an object or has no readable condition; otherwise the rule as far as it could be
    // read (errors are in the context).
    std::optional<AlertRule> read(const Json& v, const std::string& path) const;

private:
    // Reads the condition `key` into `rule`; false after an error.
    bool readCondition(const Json& v, const std::string& path, std::string_view key,
                       AlertRule& rule) const;
    bool readLatency(const Json& v, const std::string& path, AlertRule& rule) const;

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
