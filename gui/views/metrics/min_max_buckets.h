#pragma once

#include <QPointF>
#include <vector>

namespace evsim::gui {

// Reduces a long series to about one pixel column's worth of points: x in [from, to] is cut
// into `buckets` equal buckets, and each bucket keeps only its minimum and its maximum, in the
// order they occurred (one point when they are the same sample). Spikes survive, and a chart
// never holds more than 2 × buckets points however long the run.
//
// Points are added in order of x (never decreasing), as samples arrive. A bucket is closed once
// a point falls past it: the points of closed buckets never change again, so a chart appends
// them and redraws only the open bucket's tail.
class MinMaxBuckets {
public:
    MinMaxBuckets() = default;
    MinMaxBuckets(double from, double to, int buckets);

    void add(double x, double y);

    // Points of closed buckets, in order; they never change.
    const std::vector<QPointF>& closed() const { return m_closed; }
    // The open bucket's one or two points (empty before the first point).
    std::vector<QPointF> tail() const;
    // closed() then tail(): the whole reduced series.
    std::vector<QPointF> points() const;

    bool empty() const { return m_open.index < 0; }
    // The largest y added (0 before any point).
    double maxY() const { return m_maxY; }
    int buckets() const { return m_buckets; }
    int bucketOf(double x) const;

private:
    struct Bucket {
        int index = -1;
        QPointF min;
        QPointF max;
    };
    static void appendPoints(const Bucket& bucket, std::vector<QPointF>& out);

    double m_from = 0;
    double m_to = 1;
    int m_buckets = 1;
    Bucket m_open;
    std::vector<QPointF> m_closed;
    double m_maxY = 0;
};

} // namespace evsim::gui
