#include "simulator/observe/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace evsim {

std::size_t LatencyHistogram::bucketOf(std::uint64_t v) {
    if (v < static_cast<std::uint64_t>(kSub)) {
        return static_cast<std::size_t>(v);
    }
    const int shift = std::bit_width(v) - kSubBits;        // >= 1
    const auto sub = static_cast<std::size_t>(v >> shift); // in [kSub/2, kSub)
    return static_cast<std::size_t>(shift) * (kSub / 2) + sub;
}

std::uint64_t LatencyHistogram::upperEdge(std::size_t bucket) {
    if (bucket < static_cast<std::size_t>(kSub)) {
        return bucket;
    }
    const std::size_t shift = bucket / (kSub / 2) - 1;
    const std::uint64_t sub = bucket % (kSub / 2) + kSub / 2;
    return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::add(SimTime value) {
    const std::uint64_t v = static_cast<std::uint64_t>(std::max<std::int64_t>(0, value.nanos()));
    const std::size_t bucket = bucketOf(v);
    if (m_counts.empty()) {
        m_first = bucket;
        m_counts.assign(1, 0);
    } else if (bucket < m_first) {
        m_counts.insert(m_counts.begin(), m_first - bucket, 0);
        m_first = bucket;
    } else if (bucket >= m_first + m_counts.size()) {
        m_counts.resize(bucket - m_first + 1, 0);
    }
    ++m_counts[bucket - m_first];
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
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            const auto edge = static_cast<std::int64_t>(upperEdge(m_first + i));
            return std::min(SimTime::fromNanos(edge), m_max);
        }
    }
    return m_max;
}

} // namespace evsim
