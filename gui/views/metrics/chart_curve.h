#pragma once

#include "gui/views/metrics/min_max_buckets.h"

#include <QList>
#include <QPen>
#include <QPointF>
#include <QString>
#include <optional>
#include <vector>

class QAbstractAxis;
class QChart;
class QLineSeries;

namespace evsim::gui {

// One curve of a metrics chart, as Qt Charts series. Values are reduced to about one point per
// pixel column (MinMaxBuckets). Where values are missing for at least a whole bucket (latency
// when nothing was processed) the curve breaks: each stretch of values is its own line
// series, so no line is drawn across a gap; a lone point is drawn as a dot.
//
// Values come in order of x; flush() hands the series only what changed since the last flush:
// the points of buckets closed since, and the open bucket's points.
class ChartCurve {
public:
    // The series it makes belong to `chart` and use its axes `x` and `y`.
    ChartCurve(QChart& chart, QAbstractAxis& x, QAbstractAxis& y, QString name);

    // Removes every point; x now spans [from, to] in `buckets` buckets.
    void reset(double from, double to, int buckets);
    void add(double x, std::optional<double> y);
    void flush();
    void setPen(const QPen& pen);

    const QString& name() const { return m_name; }
    // Every point drawn, stretch after stretch.
    QList<QPointF> points() const;
    // How many stretches the curve is drawn as.
    int segmentCount() const { return static_cast<int>(m_segments.size()); }
    QList<QLineSeries*> series() const;
    bool empty() const { return m_segments.empty(); }
    double maxY() const { return m_maxY; }

private:
    struct Segment {
        QLineSeries* series = nullptr;
        MinMaxBuckets buckets;
        std::size_t committed = 0; // closed points already in the series
    };
    void startSegment();

    QChart& m_chart;
    QAbstractAxis& m_x;
    QAbstractAxis& m_y;
    QString m_name;
    QPen m_pen;
    double m_from = 0;
    double m_to = 1;
    int m_buckets = 1;
    std::vector<Segment> m_segments;
    std::size_t m_flushed = 0; // segments before this one are complete and fully shown
    bool m_broken = true;      // a value was missing since the last one
    int m_lastBucket = -1;     // the bucket of the last value
    double m_maxY = 0;
};

} // namespace evsim::gui
