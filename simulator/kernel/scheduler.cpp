#include "simulator/kernel/scheduler.h"

#include <algorithm>

namespace evsim {

Scheduler::Scheduler() {
    m_current.reserve(256);
}

std::size_t Scheduler::memoryBytes() const {
    std::size_t bytes = m_current.capacity() * sizeof(Event) + sizeof(m_buckets);
    for (const auto& b : m_buckets) {
        bytes += b.capacity() * sizeof(Event);
    }
    for (const auto& b : m_spare) {
        bytes += b.capacity() * sizeof(Event);
    }
    return bytes;
}

void Scheduler::grow(std::vector<Event>& bucket) {
    if (bucket.empty() && !m_spare.empty()) {
        bucket.swap(m_spare.back());
        m_spare.pop_back();
        return;
    }
    bucket.reserve(std::max<std::size_t>(16, 2 * bucket.capacity()));
}

void Scheduler::giveUp(std::vector<Event>& bucket) {
    if (m_spare.size() < kSpares) {
        m_spare.emplace_back().swap(bucket);
    } else {
        std::vector<Event>().swap(bucket); // enough spares: freed
    }
}

std::size_t Scheduler::lowestBucket() const {
    assert(m_levels != 0 && "a pending event outside the current time");
    const int level = std::countr_zero(m_levels);
    for (int word = 0; word < 4; ++word) {
        const std::uint64_t bits = m_occupied[static_cast<std::size_t>(level * 4 + word)];
        if (bits != 0) {
            return static_cast<std::size_t>(level * kWidth + word * 64 + std::countr_zero(bits));
        }
    }
    return 0; // unreachable: m_levels says the level has a bucket
}

SimTime Scheduler::nextTime() const {
    assert(m_size > 0);
    if (m_head < m_current.size()) {
        return SimTime::fromNanos(static_cast<std::int64_t>(m_now));
    }
    SimTime earliest = SimTime::max();
    for (const Event& e : m_buckets[lowestBucket()]) {
        earliest = std::min(earliest, e.time);
    }
    return earliest;
}

void Scheduler::rebase(std::uint64_t t) {
    std::vector<Event> pending;
    pending.reserve(m_size);
    forEachPending([&](const Event& e) { pending.push_back(e); });
    m_current.clear();
    m_head = 0;
    for (std::vector<Event>& bucket : m_buckets) {
        bucket.clear();
    }
    m_occupied.fill(0);
    m_levels = 0;
    m_now = t;
    for (const Event& e : pending) {
        place(e, static_cast<std::uint64_t>(e.time.nanos())); // all later than t
    }
}

void Scheduler::advance() {
    m_current.clear();
    m_head = 0;
    const std::size_t index = lowestBucket();
    const auto level = static_cast<int>(index / kWidth);
    const auto value = static_cast<int>(index % kWidth);
    std::uint64_t& word = m_occupied[static_cast<std::size_t>(level * 4 + value / 64)];
    word &= ~(std::uint64_t{1} << (value % 64));
    if (word == 0) {
        const std::uint64_t* words = &m_occupied[static_cast<std::size_t>(level * 4)];
        if ((words[0] | words[1] | words[2] | words[3]) == 0) {
            m_levels &= ~(1u << level);
        }
    }
    std::vector<Event>& bucket = m_buckets[index];
    // Most buckets reached hold one event (times are nanoseconds, rarely equal): it simply
    // becomes the current time.
    if (bucket.size() == 1) {
        m_now = static_cast<std::uint64_t>(bucket.front().time.nanos());
        m_current.push_back(bucket.front());
        empty(bucket);
        return;
    }
    std::uint64_t earliest = UINT64_MAX;
    for (const Event& e : bucket) {
        earliest = std::min(earliest, static_cast<std::uint64_t>(e.time.nanos()));
    }
    // Every event of the bucket agrees with the new current time on all bytes from `level`
    // up, so each lands at a lower level, or at the current time: never back in this bucket,
    // which is read in place and then emptied (keeping its storage for its next use).
    m_now = earliest;
    for (const Event& e : bucket) {
        place(e, static_cast<std::uint64_t>(e.time.nanos()));
    }
    empty(bucket);
    // Events at the current time fire in the order they were scheduled; later ones scheduled
    // at this time get larger sequences and are appended, so the order stays sorted. A bucket
    // filled both by moves from higher levels and by direct scheduling can hold them out of
    // order.
    const auto bySequence = [](const Event& a, const Event& b) {
        return a.order < b.order;
    };
    if (!std::is_sorted(m_current.begin(), m_current.end(), bySequence)) {
        std::sort(m_current.begin(), m_current.end(), bySequence);
    }
}

} // namespace evsim
