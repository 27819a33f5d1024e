#pragma once

#include "gui/views/metrics/alert_periods.h"
#include "gui/views/metrics/chart_curve.h"
#include "gui/views/metrics/metric_family.h"
#include "simulator/kernel/sim_time.h"

#include <QChartView>
#include <QList>
#include <cstddef>
#include <vector>

class QCategoryAxis;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;

namespace evsim::gui {

// One small chart of the metrics view: one family of metrics (MetricFamily) of one queue over
// virtual time, from 0 to the run's end. Alert thresholds are dashed lines in the alert colour,
// periods when an alert on the queue was raised are shaded, and a vertical line shows the time
// cursor. A click (or a drag) in the chart asks to move the cursor there.
//
// Samples are fed as they arrive; each curve (ChartCurve) is reduced to about one point per
// pixel column and breaks where values are missing, and a flush hands Qt Charts only what
// changed since the last one. The plot area has fixed margins, so the time axes of all charts
// line up. Hovering shows the values of the nearest sample.
class MetricChart : public QChartView {
    Q_OBJECT
public:
    // `queue` is the queue's place in each MetricsSample (the broker's queue order).
    MetricChart(MetricFamily family, std::size_t queue, QWidget* parent = nullptr);

    MetricFamily family() const { return m_family; }
    std::size_t queue() const { return m_queue; }

    // Forgets all samples, periods and thresholds; the time axis runs from 0 to `end`.
    void reset(SimTime end);
    // Threshold lines (in the family's unit), replacing any earlier ones.
    void setThresholds(const std::vector<RuleMark>& marks);
    // Takes in one sample; call flush() once a batch is in.
    void addSample(const MetricsSample& sample);
    // Shows the samples added since the last flush and rescales the value axis if needed.
    void flush();
    // Periods when an alert on the queue was raised; open ones are drawn up to `frontier`.
    void setAlertPeriods(const std::vector<AlertPeriods::Period>& periods, SimTime frontier);
    void setCursorTime(SimTime t);
    // Colours from the current palette (after a theme change).
    void applyTheme();

    // What is drawn, for tests and tooltips.
    const ChartCurve& curve(int index) const {
        return m_curves.at(static_cast<std::size_t>(index));
    }
    int curveCount() const { return static_cast<int>(m_curves.size()); }
    const QList<QLineSeries*>& thresholdLines() const { return m_thresholds; }
    // Shaded periods in seconds of virtual time, as drawn.
    std::vector<std::pair<double, double>> shadedSeconds() const;
    // Where the cursor line is, in the view's coordinates (x), and the time it shows.
    qreal cursorX() const;
    SimTime cursorTime() const { return m_cursor; }
    // The view's x for time `t` and back.
    qreal xOf(SimTime t) const;
    SimTime timeAt(qreal x) const;
    double yTop() const { return m_yTop; }
    // The hover text at time `t`: the sample nearest to it, every curve's value ("" before any).
    QString valuesNear(SimTime t) const;
    // Whether the chart says it has nothing to show (latency when nothing was processed).
    bool showsEmptyNote() const;
    QCategoryAxis* timeAxis() const { return m_timeAxis; }
    QCategoryAxis* valueAxis() const { return m_valueAxis; }

Q_SIGNALS:
    void cursorRequested(SimTime t);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void layoutPlotArea();
    void rebuildBuckets(); // after the plot area's width changed
    void placeOverlays();  // cursor line and shading follow the plot area
    void updateTimeTicks();
    void updateValueTicks(double max);
    double timeTop() const; // the time axis's end, in seconds

    MetricFamily m_family;
    std::size_t m_queue;
    SimTime m_end = SimTime::fromSeconds(1);
    SimTime m_cursor;
    std::vector<ChartCurve> m_curves;
    QList<QLineSeries*> m_thresholds;
    std::vector<double> m_thresholdValues;
    // Every sample's time and values (NaN for none), to reduce again when the width changes.
    std::vector<double> m_rawSeconds;
    std::vector<std::vector<double>> m_rawValues; // by curve
    QCategoryAxis* m_timeAxis = nullptr;
    QCategoryAxis* m_valueAxis = nullptr;
    double m_yTop = 0;
    int m_bucketCount = 0;
    QGraphicsLineItem* m_cursorLine = nullptr;
    QList<QGraphicsRectItem*> m_shades;
    QGraphicsSimpleTextItem* m_emptyNote = nullptr;  // samples came, but none had a value
    std::vector<std::pair<double, double>> m_shaded; // seconds
};

} // namespace evsim::gui
