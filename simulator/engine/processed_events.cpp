#include "simulator/engine/processed_events.h"

#include <algorithm>

namespace evsim {

namespace {

constexpr std::uint64_t kEmpty = UINT64_MAX; // no pair number reaches UINT32_MAX

std::size_t slotOf(std::uint64_t key, std::size_t mask) {
    // Fibonacci hashing: keys differ in their low bits (event ids), the product spreads them.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
}

} // namespace

bool ProcessedEvents::markAgain(std::uint32_t pair, std::uint32_t eventId) {
    if (m_first.size() <= eventId) {
        m_first.resize(std::max<std::size_t>(std::size_t{eventId} + 1, m_first.size() * 2), 0);
    }
    std::uint32_t& first = m_first[eventId];
    if (first == 0) {
        first = pair + 1;
        return false;
    }
    if (first == pair + 1) {
        return true;
    }
    return !insertMore((std::uint64_t{pair} << 32) | eventId);
}

bool ProcessedEvents::insertMore(std::uint64_t key) {
    if ((m_moreSize + 1) * 2 > m_more.size()) {
        std::vector<std::uint64_t> old(std::max<std::size_t>(64, m_more.size() * 2), kEmpty);
        old.swap(m_more);
        const std::size_t mask = m_more.size() - 1;
        for (const std::uint64_t k : old) {
            if (k != kEmpty) {
                std::size_t at = slotOf(k, mask);
                while (m_more[at] != kEmpty) {
                    at = (at + 1) & mask;
                }
                m_more[at] = k;
            }
        }
    }
    const std::size_t mask = m_more.size() - 1;
    std::size_t at = slotOf(key, mask);
    while (m_more[at] != kEmpty) {
        if (m_more[at] == key) {
            return false;
        }
        at = (at + 1) & mask;
    }
    m_more[at] = key;
    ++m_moreSize;
    return true;
}

std::size_t ProcessedEvents::memoryBytes() const {
    return m_first.capacity() * sizeof(std::uint32_t) + m_more.capacity() * sizeof(std::uint64_t);
}

} // namespace evsim
