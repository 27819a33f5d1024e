#pragma once

#include "simulator/kernel/ring_buffer.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <unordered_map>
#include <utility>

namespace evsim {

// The event ids an idempotent consumer has processed, each remembered for a window (INV04).
// Lookups only: the hash map is never iterated, so nothing about its order reaches a run.
class IdempotencyStore {
public:
    explicit IdempotencyStore(SimTime window) : m_window(window) {}

    // Whether `eventId` was processed less than a window ago.
    bool seen(std::uint32_t eventId, SimTime now) {
        forgetBefore(now);
        return m_expiry.contains(eventId);
    }

    void remember(std::uint32_t eventId, SimTime now) {
        const SimTime until = now + m_window;
        m_expiry[eventId] = until;
        m_order.pushBack({until, eventId});
    }

    // An in-memory store dies with its process.
    void clear() {
        m_expiry.clear();
        while (!m_order.empty()) {
            m_order.popFront();
        }
    }

    std::size_t memoryBytes() const {
        return m_expiry.size() * (sizeof(std::uint32_t) + sizeof(SimTime) + 16) +
               m_order.capacity() * sizeof(std::pair<SimTime, std::uint32_t>);
    }

private:
    void forgetBefore(SimTime now) {
        while (!m_order.empty() && m_order.front().first <= now) {
            const auto [until, id] = m_order.popFront();
            const auto it = m_expiry.find(id);
            if (it != m_expiry.end() && it->second == until) {
                m_expiry.erase(it); // a later remember() of the same id keeps it
            }
        }
    }

    SimTime m_window;
    std::unordered_map<std::uint32_t, SimTime> m_expiry;
    RingBuffer<std::pair<SimTime, std::uint32_t>> m_order;
};

} // namespace evsim
