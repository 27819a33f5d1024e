#pragma once

#include "simulator/kernel/sim_time.h"

#include <QWidget>
#include <vector>

namespace evsim::gui {

class SessionController;

// The strip under the canvas: the whole run on one axis, with a sparkline of activity (records
// per slice of time), markers for interventions (●, faults ▲), alerts (◆) and consumer-group
// rebalances (○ on the axis), the part of the run computed so far, and the time cursor, which
// a click or a drag moves.
class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(SessionController& controller, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {800, 64}; }
    QSize minimumSizeHint() const override { return {200, 56}; }
    // The label of the axis tick `seconds` into the run, ticks `step` seconds apart: "0",
    // "500ms", "1.5s", "2m".
    static QString tickLabel(double seconds, double step);
    // What the tooltip says of the markers at time `t` ("" when there are none).
    QString tipAt(SimTime t) const { return markerTip(xOf(t)); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override; // tooltips on markers

private:
    // The tooltip's lines for the partitions that got a leader near `x`, one per instant.
    QStringList leaderChangesNear(double x) const;
    static constexpr int kBins = 600;
    void countNewRecords();
    QRectF plotArea() const;
    double xOf(SimTime t) const;
    SimTime timeAt(double x) const;
    QString markerTip(double x) const;

    SessionController& m_controller;
    std::vector<std::uint32_t> m_bins;
    std::size_t m_counted = 0;
    // The alert records (raised and resolved) among the counted ones, by index: a paint or a
    // tooltip reads these, never the run's millions of records.
    std::vector<std::size_t> m_alerts;
    std::vector<std::size_t> m_rebalances; // Rebalanced records, by index
    std::vector<std::size_t> m_leaders;    // LeaderElected records, by index (KAFKA12)
};

} // namespace evsim::gui
