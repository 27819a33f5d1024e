#include "engine/poison_rules.h"

#include "engine/json_lookup.h"

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
    if (!rule.headerName.empty()) {
        const auto v = jsonValueAt(m_strings[m.headers], rule.headerName);
        if (!v || (rule.equals && *v != *rule.equals)) {
            return false;
        }
    }
    if (!rule.fieldPath.empty()) {
        const auto v = jsonValueAt(m_strings[m.body], rule.fieldPath);
        if (!v || (rule.equals && *v != *rule.equals)) {
            return false;
        }
    }
    return !rule.eventType.empty() || !rule.headerName.empty() || !rule.fieldPath.empty();
}

} // namespace evsim
