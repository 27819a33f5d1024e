#include "observe/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace evsim {

int LatencyHistogram::bucketOf(std::uint64_t v) {
    if (v < static_cast<std::uint64_t>(kSub)) {
        return static_cast<int>(v);
    }
    const int shift = std::bit_width(v) - kSubBits; // >= 1
    const int sub = static_cast<int>(v >> shift);   // in [kSub/2, kSub)
    return shift * (kSub / 2) + sub;
}

std::uint64_t LatencyHistogram::upperEdge(int bucket) {
    if (bucket < kSub) {
        return static_cast<std::uint64_t>(bucket);
    }
    const int shift = bucket / (kSub / 2) - 1;
    const std::uint64_t sub = static_cast<std::uint64_t>(bucket % (kSub / 2) + kSub / 2);
    return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::add(SimTime value) {
    const std::uint64_t v = static_cast<std::uint64_t>(std::max<std::int64_t>(0, value.nanos()));
    ++m_counts[static_cast<std::size_t>(bucketOf(v))];
    ++m_count;
    m_min = std::min(m_min, value);
    m_max = std::max(m_max, value);
}

SimTime LatencyHistogram::percentile(double p) const {
    if (m_count == 0) {
        return SimTime::zero();
    }
    const double wanted =
        std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(m_count));
    const std::uint64_t rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_counts[static_cast<std::size_t>(b)];
        if (seen >= rank) {
            const auto edge = static_cast<std::int64_t>(upperEdge(b));
            return std::min(SimTime::fromNanos(edge), m_max);
        }
    }
    return m_max;
}

} // namespace evsim
