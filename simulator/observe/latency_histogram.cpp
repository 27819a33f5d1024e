#include "simulator/observe/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

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

namespace {

// Counts one value in `bucket`, first extending the stored range [first, first + size) to it.
template <typename Count>
Count addTo(std::vector<Count>& counts, std::uint32_t& first, std::size_t bucket) {
    if (counts.empty()) {
        first = static_cast<std::uint32_t>(bucket);
        counts.assign(1, 0);
    } else if (bucket < first) {
        counts.insert(counts.begin(), first - bucket, 0);
        first = static_cast<std::uint32_t>(bucket);
    } else if (bucket >= first + counts.size()) {
        counts.resize(bucket - first + 1, 0);
    }
    return ++counts[bucket - first];
}

} // namespace

LatencyHistogram::LatencyHistogram(const LatencyHistogram& other)
    : m_counts(other.m_counts),
      m_wideCounts(other.m_wideCounts
                       ? std::make_unique<std::vector<std::uint64_t>>(*other.m_wideCounts)
                       : nullptr),
      m_first(other.m_first), m_narrowLimit(other.m_narrowLimit), m_count(other.m_count),
      m_min(other.m_min), m_max(other.m_max) {}

LatencyHistogram& LatencyHistogram::operator=(const LatencyHistogram& other) {
    if (this != &other) {
        LatencyHistogram copy(other);
        *this = std::move(copy);
    }
    return *this;
}

void LatencyHistogram::widen() {
    m_wideCounts = std::make_unique<std::vector<std::uint64_t>>(m_counts.begin(), m_counts.end());
    std::vector<std::uint32_t>().swap(m_counts);
}

void LatencyHistogram::add(SimTime value) {
    const std::uint64_t v = static_cast<std::uint64_t>(std::max<std::int64_t>(0, value.nanos()));
    const std::size_t bucket = bucketOf(v);
    if (m_wideCounts) [[unlikely]] {
        addTo(*m_wideCounts, m_first, bucket);
    } else {
        if (addTo(m_counts, m_first, bucket) == m_narrowLimit) [[unlikely]] {
            widen(); // the next add would wrap
        }
    }
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
    for (std::size_t i = 0; i < buckets(); ++i) {
        seen += countAt(i);
        if (seen >= rank) {
            const auto edge = static_cast<std::int64_t>(upperEdge(m_first + i));
            return std::min(SimTime::fromNanos(edge), m_max);
        }
    }
    return m_max;
}

} // namespace evsim
