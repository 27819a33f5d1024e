#pragma once

// What the waterfall and its legend draw alike, so that the legend shows the marks as drawn.
#include "simulator/kernel/sim_time.h"

#include <QPainter>
#include <QPointF>
#include <QString>

namespace evsim::gui {

// Pixels between the widget's edge and the time axis, in the waterfall and its header.
inline constexpr int kWaterfallMargin = 8;

inline QString shortDuration(SimTime t) {
    return QString::fromStdString(formatDurationShort(t));
}

// A dropped or lost message's mark: an × of half-size `r` at `c`.
inline void drawCross(QPainter& p, QPointF c, double r) {
    p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
    p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
}

} // namespace evsim::gui
