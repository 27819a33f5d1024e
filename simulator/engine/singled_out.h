#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace evsim {

// The message faults (interventions that single out one message) waiting for their message's
// next hop. A session holds a handful at most, so a list searched in order: the one added
// first acts first, and only a hop of a singled-out message pays for the search.
class SingledOutMessages {
public:
    bool empty() const { return m_waiting.empty(); }
    void add(std::uint32_t message, std::uint32_t intervention, bool deliveriesOnly) {
        m_waiting.push_back({message, intervention, deliveriesOnly});
    }
    // The intervention waiting for this hop of `message`, no longer waiting; nullopt when
    // none. `delivery`: a hop from the broker to a consumer (some wait for one).
    std::optional<std::uint32_t> take(std::uint32_t message, bool delivery) {
        const auto it = std::find_if(m_waiting.begin(), m_waiting.end(), [&](const Waiting& w) {
            return w.message == message && (delivery || !w.deliveriesOnly);
        });
        if (it == m_waiting.end()) {
            return std::nullopt;
        }
        const std::uint32_t intervention = it->intervention;
        m_waiting.erase(it);
        return intervention;
    }

private:
    struct Waiting {
        std::uint32_t message;
        std::uint32_t intervention;
        bool deliveriesOnly;
    };
    std::vector<Waiting> m_waiting;
};

} // namespace evsim
