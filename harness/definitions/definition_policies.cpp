#include "harness/definitions/definition_policies.h"

#include "simulator/scenario/printable.h"

#include <algorithm>

namespace evsim {

void DefinitionPolicies::add(std::size_t index, const nlohmann::json& entry,
                             std::vector<std::string>& notes) {
    Policy policy;
    policy.index = index;
    policy.name = entry.value("name", std::string());
    policy.applyTo = entry.value("apply-to", std::string("all"));
    policy.priority = entry.value("priority", 0);
    policy.definition = entry.value("definition", nlohmann::json::object());
    try {
        policy.pattern = std::regex(entry.value("pattern", std::string()));
    } catch (const std::regex_error&) {
        notes.push_back("policies[" + std::to_string(index) + "] \"" + printable(policy.name) +
                        "\": its pattern is not a regular expression EventSim can read; left out");
        return;
    }
    // Kept in the order `applying` searches: higher priority first, then the file's order.
    const auto at =
        std::upper_bound(m_policies.begin(), m_policies.end(), policy.priority,
                         [](int priority, const Policy& p) { return priority > p.priority; });
    m_policies.insert(at, std::move(policy));
}

DefinitionPolicies::Policy* DefinitionPolicies::applying(const std::string& name,
                                                         std::string_view kind) {
    for (Policy& p : m_policies) {
        if ((p.applyTo == "all" || p.applyTo == kind) && std::regex_search(name, p.pattern)) {
            p.used = true;
            return &p;
        }
    }
    return nullptr;
}

} // namespace evsim
