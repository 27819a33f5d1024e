#include "harness/query/alert_firings.h"

#include "simulator/engine/simulation.h"

#include <map>

namespace evsim {

std::vector<AlertFiring> alertFirings(const Simulation& sim) {
    const auto& rules = sim.alertRules();
    std::vector<AlertFiring> firings;
    std::map<std::uint32_t, std::size_t> open; // rule -> its firing still raised
    // The monitor only reports changes of state, so a rule's events alternate raised and
    // resolved, starting with raised.
    for (const AlertEvent& e : sim.alertEvents()) {
        if (e.raised) {
            open[e.rule] = firings.size();
            firings.push_back(AlertFiring{rules[e.rule].name, rules[e.rule].queue, e.time,
                                          std::nullopt, e.value});
        } else if (const auto it = open.find(e.rule); it != open.end()) {
            firings[it->second].resolvedAt = e.time;
            open.erase(it);
        }
    }
    return firings;
}

std::vector<AlertFiring> alertFirings(const Simulation& sim, const std::string& name) {
    std::vector<AlertFiring> all = alertFirings(sim);
    std::erase_if(all, [&](const AlertFiring& f) { return f.name != name; });
    return all;
}

} // namespace evsim
