#pragma once

#include "simulator/observe/record.h"

#include <array>
#include <cstdint>
#include <map>

namespace evsim {

// Message copies that left a run without being processed, by cause, each with the first few
// message ids: what the `no_loss` expectation reports. Kept as the run goes, so it works the
// same whether or not records are kept.
class LossTally {
public:
    static constexpr std::size_t kExamples = 3;

    struct Cause {
        std::uint64_t count = 0;
        std::array<std::uint32_t, kExamples> examples{}; // distinct ids, first seen first
        std::uint8_t exampleCount = 0;
    };

    // One copy lost for `reason`; `intervention` (1-based, 0 for none) is the intervention
    // that caused it, when one did.
    void add(DropReason reason, std::uint32_t messageId, std::uint32_t intervention = 0) {
        intervention = intervention != 0 ? intervention : m_currentCause;
        if (intervention != 0) {
            ++m_byIntervention[intervention];
        }
        Cause& c = m_causes[static_cast<std::size_t>(reason)];
        ++c.count;
        for (std::uint8_t i = 0; i < c.exampleCount; ++i) {
            if (c.examples[i] == messageId) {
                return;
            }
        }
        if (c.exampleCount < kExamples) {
            c.examples[c.exampleCount++] = messageId;
        }
    }

    const Cause& operator[](DropReason reason) const {
        return m_causes[static_cast<std::size_t>(reason)];
    }

    // Losses added from now on without a cause of their own are counted against this
    // intervention (1-based; 0 for none): set while an intervention's effects are applied.
    void setCurrentCause(std::uint32_t intervention) { m_currentCause = intervention; }
    std::uint32_t currentCause() const { return m_currentCause; }

    // Copies lost because of intervention `intervention` (1-based).
    std::uint64_t byIntervention(std::uint32_t intervention) const {
        const auto it = m_byIntervention.find(intervention);
        return it == m_byIntervention.end() ? 0 : it->second;
    }

    std::uint64_t total() const {
        std::uint64_t n = 0;
        for (const Cause& c : m_causes) {
            n += c.count;
        }
        return n;
    }

private:
    std::array<Cause, kDropReasonCount> m_causes{};
    std::map<std::uint32_t, std::uint64_t> m_byIntervention;
    std::uint32_t m_currentCause = 0;
};

} // namespace evsim
