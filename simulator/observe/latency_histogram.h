#pragma once

#include "kernel/sim_time.h"

#include <array>
#include <cstdint>

namespace evsim {

// Log-linear histogram of durations (HdrHistogram-style, 32 sub-buckets per power of two):
// constant memory, recording is a few integer operations, and a percentile is exact to within
// 1/32 (~3 %) of the value. Values below 64 ns are exact.
class LatencyHistogram {
public:
    void add(SimTime value);

    std::uint64_t count() const { return m_count; }
    SimTime min() const { return m_count ? m_min : SimTime::zero(); }
    SimTime max() const { return m_count ? m_max : SimTime::zero(); }

    // The smallest recorded-bucket value v such that at least p % of samples are <= v, reported
    // as the bucket's upper edge and never above the largest sample. p in (0, 100]; 0 if empty.
    SimTime percentile(double p) const;

private:
    static constexpr int kSubBits = 6;
    static constexpr int kSub = 1 << kSubBits;
    static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;

    static int bucketOf(std::uint64_t v);
    static std::uint64_t upperEdge(int bucket);

    std::array<std::uint64_t, kBuckets> m_counts{};
    std::uint64_t m_count = 0;
    SimTime m_min = SimTime::max();
    SimTime m_max = SimTime::zero();
};

} // namespace evsim
