#include "gui/views/metrics/chart_curve.h"

#include <QChart>
#include <QLineSeries>
#include <algorithm>

namespace evsim::gui {

ChartCurve::ChartCurve(QChart& chart, QAbstractAxis& x, QAbstractAxis& y, QString name)
    : m_chart(chart), m_x(x), m_y(y), m_name(std::move(name)) {}

void ChartCurve::reset(double from, double to, int buckets) {
    for (const Segment& s : m_segments) {
        m_chart.removeSeries(s.series);
        delete s.series;
    }
    m_segments.clear();
    m_flushed = 0;
    m_from = from;
    m_to = to;
    m_buckets = buckets;
    m_broken = true;
    m_lastBucket = -1;
    m_maxY = 0;
}

void ChartCurve::startSegment() {
    auto* series = new QLineSeries(&m_chart);
    series->setName(m_name);
    series->setPen(m_pen);
    series->setMarkerSize(3);
    m_chart.addSeries(series);
    series->attachAxis(&m_x);
    series->attachAxis(&m_y);
    m_segments.push_back({series, MinMaxBuckets(m_from, m_to, m_buckets), 0});
}

void ChartCurve::add(double x, std::optional<double> y) {
    if (!y) {
        m_broken = true;
        return;
    }
    const MinMaxBuckets grid(m_from, m_to, m_buckets);
    const int bucket = grid.bucketOf(x);
    // A gap narrower than a pixel column is not worth a break (nor a series).
    if (m_segments.empty() || (m_broken && bucket > m_lastBucket + 1)) {
        startSegment();
    }
    m_segments.back().buckets.add(x, *y);
    m_maxY = std::max(m_maxY, *y);
    m_lastBucket = bucket;
    m_broken = false;
}

void ChartCurve::flush() {
    for (std::size_t i = m_flushed; i < m_segments.size(); ++i) {
        Segment& s = m_segments[i];
        QLineSeries& series = *s.series;
        const std::vector<QPointF>& closed = s.buckets.closed();
        // Closed buckets already shown stay; the old open bucket's points go, and the buckets
        // closed since come in with the new open bucket's points.
        const auto committed = static_cast<int>(s.committed);
        if (series.count() > committed) {
            series.removePoints(committed, series.count() - committed);
        }
        QList<QPointF> points(closed.begin() + committed, closed.end());
        for (const QPointF& p : s.buckets.tail()) {
            points.append(p);
        }
        if (!points.isEmpty()) {
            series.append(points);
        }
        s.committed = closed.size();
        series.setPointsVisible(series.count() == 1);
    }
    // Only the last stretch can still grow.
    m_flushed = m_segments.empty() ? 0 : m_segments.size() - 1;
}

void ChartCurve::setPen(const QPen& pen) {
    m_pen = pen;
    for (const Segment& s : m_segments) {
        s.series->setPen(pen);
    }
}

QList<QPointF> ChartCurve::points() const {
    QList<QPointF> out;
    for (const Segment& s : m_segments) {
        out.append(s.series->points());
    }
    return out;
}

QList<QLineSeries*> ChartCurve::series() const {
    QList<QLineSeries*> out;
    for (const Segment& s : m_segments) {
        out.append(s.series);
    }
    return out;
}

} // namespace evsim::gui
