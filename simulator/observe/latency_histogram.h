#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
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
    void add(SimTime value);

    std::uint64_t count() const { return m_count; }
    SimTime min() const { return m_count ? m_min : SimTime::zero(); }
    SimTime max() const { return m_count ? m_max : SimTime::zero(); }

    // The smallest recorded-bucket value v such that at least p % of samples are <= v, reported
    // as the bucket's upper edge and never above the largest sample. p in (0, 100]; 0 if empty.
    SimTime percentile(double p) const;

    std::size_t memoryBytes() const { return m_counts.capacity() * sizeof(std::uint64_t); }

private:
    static constexpr int kSubBits = 6;
    static constexpr int kSub = 1 << kSubBits;

    static std::size_t bucketOf(std::uint64_t v);
    static std::uint64_t upperEdge(std::size_t bucket);

    std::vector<std::uint64_t> m_counts; // buckets m_first .. m_first + size - 1
    std::size_t m_first = 0;
    std::uint64_t m_count = 0;
    SimTime m_min = SimTime::max();
    SimTime m_max = SimTime::zero();
};

} // namespace evsim
