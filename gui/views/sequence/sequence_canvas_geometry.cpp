#include "gui/control/session_controller.h"
#include "gui/views/sequence/sequence_canvas.h"
#include "gui/views/time_ticks.h"

#include <QScrollBar>
#include <algorithm>
#include <cmath>

// SequenceCanvas, continued: where lanes and instants are in the viewport, and which hop is
// where (for clicks, tooltips and the selected message).

namespace evsim::gui {
namespace {

constexpr double kMinLaneWidth = 128;
constexpr double kCollapsedLaneWidth = 28;
constexpr double kPickDistance = 6;
constexpr double kBackOffset = 4; // pixels between a delivery and an ack or requeue at one instant

double distanceToSegment(QPointF p, const QLineF& l) {
    const QPointF d = l.p2() - l.p1();
    const double len2 = d.x() * d.x() + d.y() * d.y();
    double t = 0;
    if (len2 > 0) {
        t = std::clamp(((p.x() - l.p1().x()) * d.x() + (p.y() - l.p1().y()) * d.y()) / len2, 0.0,
                       1.0);
    }
    const QPointF q = l.p1() + t * d;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

} // namespace

int SequenceCanvas::headerHeight() const {
    return fontMetrics().height() * 2 + 12;
}

double SequenceCanvas::tickStep() const {
    const double span = (viewport()->height() - headerHeight()) / m_pixelsPerSecond;
    return niceTickStep(span, viewport()->height() - headerHeight(), 80);
}

int SequenceCanvas::gutterWidth() const {
    // Room for the cursor's time, one decimal finer than the ticks.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    const QString widest = tickLabel(std::max(10.0, m_controller.end().seconds()), tickStep() / 10);
    return QFontMetrics(small).horizontalAdvance(widest) + 16;
}

const SequenceCanvas::Columns& SequenceCanvas::columns() const {
    Columns& c = m_columns;
    const int width = viewport()->width();
    const int height = viewport()->height();
    if (c.valid && c.width == width && c.height == height &&
        c.pixelsPerSecond == m_pixelsPerSecond) {
        return c;
    }
    c.width = width;
    c.height = height;
    c.pixelsPerSecond = m_pixelsPerSecond;
    c.gutter = gutterWidth();
    int folded = 0;
    for (int i = 0; i < m_lanes.count(); ++i) {
        folded += collapsed(i) ? 1 : 0;
    }
    const double room = width - c.gutter - folded * kCollapsedLaneWidth;
    c.expanded = std::max(kMinLaneWidth, room / std::max(1, m_lanes.count() - folded));
    c.left.assign(static_cast<std::size_t>(m_lanes.count()) + 1, 0.0);
    for (int i = 0; i < m_lanes.count(); ++i) {
        c.left[static_cast<std::size_t>(i) + 1] =
            c.left[static_cast<std::size_t>(i)] + (collapsed(i) ? kCollapsedLaneWidth : c.expanded);
    }
    c.valid = true;
    return c;
}

double SequenceCanvas::laneWidth() const {
    return columns().expanded;
}

double SequenceCanvas::laneWidth(int lane) const {
    return collapsed(lane) ? kCollapsedLaneWidth : laneWidth();
}

double SequenceCanvas::laneX(int lane) const {
    const Columns& c = columns();
    const auto at = static_cast<std::size_t>(std::clamp(lane, 0, m_lanes.count()));
    return c.gutter - horizontalScrollBar()->value() + c.left[at] + laneWidth(lane) / 2;
}

int SequenceCanvas::laneAt(double x) const {
    const Columns& c = columns();
    const double from = x - c.gutter + horizontalScrollBar()->value();
    if (m_lanes.count() == 0 || from < 0 || from >= c.left.back()) {
        return -1;
    }
    const auto after = std::upper_bound(c.left.begin(), c.left.end(), from);
    return static_cast<int>(after - c.left.begin()) - 1;
}

bool SequenceCanvas::collapsed(int lane) const {
    if (lane < 0 || lane >= m_lanes.count()) {
        return false;
    }
    const EntityId id = m_lanes.lanes()[static_cast<std::size_t>(lane)].entity;
    return id < m_collapsed.size() && m_collapsed[id] != 0;
}

void SequenceCanvas::setCollapsed(int lane, bool collapsed) {
    if (lane < 0 || lane >= m_lanes.count()) {
        return;
    }
    const EntityId id = m_lanes.lanes()[static_cast<std::size_t>(lane)].entity;
    if (m_collapsed.size() <= id) {
        m_collapsed.resize(std::size_t{id} + 1, 0);
    }
    m_collapsed[id] = collapsed ? 1 : 0;
    m_columns.valid = false;
    updateScrollBars();
    viewport()->update();
}

double SequenceCanvas::yOf(SimTime t) const {
    return headerHeight() + kTopPad + t.seconds() * m_pixelsPerSecond -
           verticalScrollBar()->value();
}

SimTime SequenceCanvas::timeAt(double y) const {
    const double seconds =
        (y - headerHeight() - kTopPad + verticalScrollBar()->value()) / m_pixelsPerSecond;
    return SimTime::fromNanos(static_cast<std::int64_t>(std::max(0.0, seconds) * 1e9));
}

std::pair<SimTime, SimTime> SequenceCanvas::visibleWindow() const {
    return {timeAt(headerHeight()), timeAt(viewport()->height())};
}

void SequenceCanvas::scrollToTime(SimTime t, double fraction) {
    const double body = viewport()->height() - headerHeight();
    verticalScrollBar()->setValue(
        static_cast<int>(t.seconds() * m_pixelsPerSecond + kTopPad - body * fraction));
}

std::optional<QLineF> SequenceCanvas::hopLine(const Hop& hop) const {
    const int from = m_lanes.laneOf(hop.from);
    if (from < 0) {
        return std::nullopt;
    }
    const double y0 = yOf(hop.start);
    if (hop.to == 0) {
        return QLineF(laneX(from), y0, laneX(from), y0);
    }
    const int to = m_lanes.laneOf(hop.to);
    if (to < 0) {
        return std::nullopt;
    }
    const SimTime end = hop.end == SimTime::max() ? m_data.frontier() : hop.end;
    // Acks and requeues run back along deliveries, often at the same instant as the next
    // delivery: a few pixels lower, so the two stay apart.
    const double back =
        hop.kind == Hop::Kind::Ack || hop.kind == Hop::Kind::Requeue ? kBackOffset : 0.0;
    return QLineF(laneX(from), y0 + back, laneX(to), yOf(end) + back);
}

std::optional<Hop> SequenceCanvas::hopAt(QPointF point) const {
    if (point.y() < headerHeight() || point.x() < gutterWidth()) {
        return std::nullopt;
    }
    const SimTime slack =
        SimTime::fromNanos(static_cast<std::int64_t>(kPickDistance / m_pixelsPerSecond * 1e9) + 1);
    const SimTime at = timeAt(point.y());
    std::optional<Hop> best;
    double bestDistance = kPickDistance;
    m_hops.forEach(m_data, at - slack, at + slack, [&](const Hop& hop) {
        if (!shows(hop)) {
            return;
        }
        const std::optional<QLineF> line = hopLine(hop);
        if (!line) {
            return;
        }
        // Ties go to the earlier record: a failure before the requeue it causes.
        const double d = distanceToSegment(point, *line);
        if (d < bestDistance) {
            bestDistance = d;
            best = hop;
        }
    });
    return best;
}

bool SequenceCanvas::showsMessage(std::uint32_t message) const {
    const auto [from, to] = visibleWindow();
    bool found = false;
    m_hops.forEach(m_data, from, to,
                   [&](const Hop& hop) { found = found || hop.message == message; });
    return found;
}

} // namespace evsim::gui
