#include "simulator/engine/poison_rules.h"

#include "simulator/kernel/json_lookup.h"

namespace evsim {

void PoisonRules::add(std::uint32_t service, const PoisonRule& rule) {
    m_added.push_back(Added{service, rule});
}

bool PoisonRules::anyMatches(std::uint32_t service, const std::vector<PoisonRule>& own,
                             const Message& m) const {
    for (const PoisonRule& rule : own) {
        if (matches(rule, m)) {
            return true;
        }
    }
    for (const Added& a : m_added) {
        if ((a.service == kEveryService || a.service == service) && matches(a.rule, m)) {
            return true;
        }
    }
    return false;
}

bool PoisonRules::matches(const PoisonRule& rule, const Message& m) const {
    if (!rule.eventType.empty() && m_eventTypes[m.eventType] != rule.eventType) {
        return false;
    }
    // The header or body field is there and, when the rule says, has the value.
    const auto holds = [&rule, this](std::uint32_t json, const std::string& path) {
        const auto v = jsonValueAt(m_strings[json], path);
        return v && (!rule.equals || *v == *rule.equals);
    };
    if (!rule.headerName.empty() && !holds(m.headers, rule.headerName)) {
        return false;
    }
    if (!rule.fieldPath.empty() && !holds(m.body, rule.fieldPath)) {
        return false;
    }
    return !rule.eventType.empty() || !rule.headerName.empty() || !rule.fieldPath.empty();
}

} // namespace evsim
