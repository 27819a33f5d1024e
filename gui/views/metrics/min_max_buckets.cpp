#include "gui/views/metrics/min_max_buckets.h"

#include <algorithm>
#include <cmath>

namespace evsim::gui {

MinMaxBuckets::MinMaxBuckets(double from, double to, int buckets)
    : m_from(from), m_to(std::max(to, from + 1e-12)), m_buckets(std::max(1, buckets)) {}

int MinMaxBuckets::bucketOf(double x) const {
    const double position = (x - m_from) / (m_to - m_from) * m_buckets;
    return std::clamp(static_cast<int>(std::floor(position)), 0, m_buckets - 1);
}

void MinMaxBuckets::add(double x, double y) {
    m_maxY = empty() ? y : std::max(m_maxY, y);
    const int index = bucketOf(x);
    if (index != m_open.index) {
        if (!empty()) {
            appendPoints(m_open, m_closed);
        }
        m_open = {index, {x, y}, {x, y}};
        return;
    }
    // Strictly lower or higher: on a tie the earlier point stays, so a flat bucket is one point.
    if (y < m_open.min.y()) {
        m_open.min = {x, y};
    }
    if (y > m_open.max.y()) {
        m_open.max = {x, y};
    }
}

void MinMaxBuckets::appendPoints(const Bucket& bucket, std::vector<QPointF>& out) {
    if (bucket.min == bucket.max) {
        out.push_back(bucket.min);
    } else if (bucket.min.x() <= bucket.max.x()) {
        out.push_back(bucket.min);
        out.push_back(bucket.max);
    } else {
        out.push_back(bucket.max);
        out.push_back(bucket.min);
    }
}

std::vector<QPointF> MinMaxBuckets::tail() const {
    std::vector<QPointF> out;
    if (!empty()) {
        appendPoints(m_open, out);
    }
    return out;
}

std::vector<QPointF> MinMaxBuckets::points() const {
    std::vector<QPointF> out = m_closed;
    if (!empty()) {
        appendPoints(m_open, out);
    }
    return out;
}

} // namespace evsim::gui
