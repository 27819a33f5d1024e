#pragma once

#include "observe/record.h"

#include <array>
#include <cstdint>

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

    void add(DropReason reason, std::uint32_t messageId) {
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

    std::uint64_t total() const {
        std::uint64_t n = 0;
        for (const Cause& c : m_causes) {
            n += c.count;
        }
        return n;
    }

private:
    std::array<Cause, kDropReasonCount> m_causes{};
};

} // namespace evsim
