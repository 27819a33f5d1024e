#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/observe/entity_table.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <vector>

namespace evsim {

// Poison messages: rules on the event type, a header or a body field that make processing
// always fail. A consumer's own rules come from its spec; rules injected while the simulation
// runs (the `poison` fault) apply from then on to one service's consumers, or to all.
class PoisonRules {
public:
    PoisonRules(const StringTable& eventTypes, const StringTable& strings)
        : m_eventTypes(eventTypes), m_strings(strings) {}

    static constexpr std::uint32_t kEveryService = UINT32_MAX;

    // From now on, messages matching `rule` fail at `service`'s consumers (or every service's).
    void add(std::uint32_t service, const PoisonRule& rule);

    // Whether processing `m` fails at a consumer of `service` whose spec has the rules `own`.
    bool poisons(std::uint32_t service, const std::vector<PoisonRule>& own,
                 const Message& m) const {
        return (!own.empty() || !m_added.empty()) && anyMatches(service, own, m);
    }

private:
    struct Added {
        std::uint32_t service = kEveryService;
        PoisonRule rule;
    };

    bool anyMatches(std::uint32_t service, const std::vector<PoisonRule>& own,
                    const Message& m) const;
    bool matches(const PoisonRule& rule, const Message& m) const;

    const StringTable& m_eventTypes;
    const StringTable& m_strings;
    std::vector<Added> m_added;
};

} // namespace evsim
