#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace evsim {

// Log-linear histogram of durations (HdrHistogram-style: values below 64 ns exact, then 32
// sub-buckets per power of two): recording is a few integer operations, and a percentile is
// exact to within 1/32 (~3 %) of the value.
//
// Memory grows with the spread of the values seen, not with a worst case: buckets are stored
// only for the range between the smallest and the largest value recorded (an empty histogram
// holds no buckets at all, so a system with thousands of queues costs little until they run).
class LatencyHistogram {
public:
    LatencyHistogram() = default;
    // Counts move to 64 bits once one reaches `narrowLimit` (a test's small number; a run's is
    // the 32-bit maximum).
    explicit LatencyHistogram(std::uint32_t narrowLimit) : m_narrowLimit(narrowLimit) {}

    void add(SimTime value);

    std::uint64_t count() const { return m_count; }
    SimTime min() const { return m_count ? m_min : SimTime::zero(); }
    SimTime max() const { return m_count ? m_max : SimTime::zero(); }

    // The smallest recorded-bucket value v such that at least p % of samples are <= v, reported
    // as the bucket's upper edge and never above the largest sample. p in (0, 100]; 0 if empty.
    SimTime percentile(double p) const;

    std::size_t memoryBytes() const {
        return m_counts.capacity() * sizeof(std::uint32_t) +
               (m_wideCounts ? m_wideCounts->capacity() * sizeof(std::uint64_t) : 0);
    }

    LatencyHistogram(const LatencyHistogram& other);
    LatencyHistogram& operator=(const LatencyHistogram& other);
    LatencyHistogram(LatencyHistogram&&) noexcept = default;
    LatencyHistogram& operator=(LatencyHistogram&&) noexcept = default;
    ~LatencyHistogram() = default;

private:
    static constexpr int kSubBits = 6;
    static constexpr int kSub = 1 << kSubBits;

    static std::size_t bucketOf(std::uint64_t v);
    static std::uint64_t upperEdge(std::size_t bucket);

    std::uint64_t countAt(std::size_t i) const {
        return m_wideCounts ? (*m_wideCounts)[i] : m_counts[i];
    }
    std::size_t buckets() const { return m_wideCounts ? m_wideCounts->size() : m_counts.size(); }
    void widen();

    // Buckets m_first .. m_first + size - 1. A system with thousands of queues keeps one
    // histogram per queue and adds to one of them on every delivery, so the counts are 32-bit
    // (half the memory, and half the cache a wide run needs for them) until one would pass
    // 2^32 - 1 (m_narrowLimit); then they all move to 64-bit m_wideCounts, and m_counts is
    // empty.
    std::vector<std::uint32_t> m_counts;
    std::unique_ptr<std::vector<std::uint64_t>> m_wideCounts; // 8 bytes while unused
    std::uint32_t m_first = 0;
    std::uint32_t m_narrowLimit = UINT32_MAX;
    std::uint64_t m_count = 0;
    SimTime m_min = SimTime::max();
    SimTime m_max = SimTime::zero();
};

} // namespace evsim
