#include "gui/views/topology/edge_item.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"
#include "gui/views/topology/node_item.h"

#include <QApplication>
#include <QFontMetrics>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QPalette>
#include <cmath>

namespace evsim::gui {
namespace {

constexpr int kSamples = 48;
constexpr double kArrow = 7;

QFont labelFont() {
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    return f;
}

// Where the segment from the centre of `rect` towards `towards` leaves the rectangle.
QPointF borderPoint(const QRectF& rect, QPointF towards) {
    const QPointF c = rect.center();
    const QPointF d = towards - c;
    if (std::abs(d.x()) < 1e-6 && std::abs(d.y()) < 1e-6) {
        return c;
    }
    const double sx = std::abs(d.x()) > 1e-6 ? rect.width() / 2 / std::abs(d.x()) : 1e9;
    const double sy = std::abs(d.y()) > 1e-6 ? rect.height() / 2 / std::abs(d.y()) : 1e9;
    return c + d * std::min(sx, sy);
}

// Where the segment from `node`'s centre to `outside` (a point on or near its box) crosses
// the node's outline; `outside` itself when it is already on or inside the shape.
QPointF shapeBorder(const NodeItem& node, QPointF outside) {
    const QPainterPath shape = node.shape();
    const QPointF far = node.mapFromScene(outside);
    if (shape.contains(far)) {
        return outside;
    }
    QPointF in(0, 0); // the centre is inside every shape
    QPointF out = far;
    for (int i = 0; i < 16; ++i) {
        const QPointF mid = (in + out) / 2;
        (shape.contains(mid) ? in : out) = mid;
    }
    return node.mapToScene(out);
}

} // namespace

EdgeItem::EdgeItem(TopologyGraph::Edge edge, const NodeItem& from, const NodeItem& to)
    : m_edge(std::move(edge)), m_from(from), m_to(to) {
    if (m_edge.kind == TopologyGraph::Edge::Kind::Binding &&
        (from.node().detail == QLatin1String("topic") ||
         from.node().detail == QLatin1String("headers"))) {
        // A long list of patterns (or of headers) is cut in its middle; the tooltip has them all.
        m_pattern = QFontMetrics(labelFont()).elidedText(m_edge.label, Qt::ElideMiddle, 160);
    }
    setZValue(0);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache); // see NodeItem
}

void EdgeItem::setRoute(std::vector<QPointF> route, QPointF fromCentre, QPointF toCentre) {
    m_route = std::move(route);
    m_routeFrom = fromCentre;
    m_routeTo = toCentre;
    updatePath();
}

void EdgeItem::updatePath() {
    prepareGeometryChange();
    QPainterPath path;
    const QPointF from = m_from.pos();
    const QPointF to = m_to.pos();
    const bool asLaidOut = m_route.size() >= 4 && (m_route.size() - 1) % 3 == 0 &&
                           QLineF(from, m_routeFrom).length() < 0.5 &&
                           QLineF(to, m_routeTo).length() < 0.5;
    if (asLaidOut) {
        // The engine ends routes at the nodes' boxes; a hexagon or a capsule is smaller than its
        // box at the corners, so the route is carried on straight to the shape itself.
        const QPointF start = shapeBorder(m_from, m_route.front());
        const QPointF end = shapeBorder(m_to, m_route.back());
        path.moveTo(start);
        if (QLineF(start, m_route.front()).length() > 0.5) {
            path.lineTo(m_route.front());
        }
        for (std::size_t i = 1; i + 2 < m_route.size(); i += 3) {
            path.cubicTo(m_route[i], m_route[i + 1], m_route[i + 2]);
        }
        if (QLineF(end, m_route.back()).length() > 0.5) {
            path.lineTo(end);
        }
    } else {
        const QRectF a = m_from.sceneBoundingRect();
        const QRectF b = m_to.sceneBoundingRect();
        if (b.left() > a.right() + 10) {
            // Along the flow: out of the right side, into the left side.
            const QPointF p0(a.right(), a.center().y());
            const QPointF p3(b.left(), b.center().y());
            const double dx = (p3.x() - p0.x()) / 2;
            path.moveTo(p0);
            path.cubicTo(p0 + QPointF(dx, 0), p3 - QPointF(dx, 0), p3);
        } else if (b.right() < a.left() - 10) {
            // Against the flow: a loop over the top of both.
            const QPointF p0(a.center().x(), a.top());
            const QPointF p3(b.center().x(), b.top());
            const double lift = 40 + std::abs(p0.x() - p3.x()) / 6;
            const double top = std::min(p0.y(), p3.y()) - lift;
            path.moveTo(p0);
            path.cubicTo(QPointF(p0.x(), top), QPointF(p3.x(), top), p3);
        } else {
            const QPointF p0 = borderPoint(a, b.center());
            const QPointF p3 = borderPoint(b, a.center());
            path.moveTo(p0);
            path.lineTo(p3);
        }
    }
    m_path = path;
    m_samples.clear();
    m_samples.reserve(kSamples + 1);
    for (int i = 0; i <= kSamples; ++i) {
        m_samples.push_back(m_path.pointAtPercent(static_cast<double>(i) / kSamples));
    }
    update();
}

QPointF EdgeItem::pointAt(double fraction) const {
    if (m_samples.empty()) {
        return {};
    }
    const double f = std::clamp(fraction, 0.0, 1.0) * kSamples;
    const auto i = static_cast<std::size_t>(std::min<double>(std::floor(f), kSamples - 1));
    const double rest = f - static_cast<double>(i);
    return m_samples[i] + (m_samples[i + 1] - m_samples[i]) * rest;
}

void EdgeItem::setFault(const QString& label, bool partitioned) {
    if (label != m_fault || partitioned != m_partitioned) {
        prepareGeometryChange();
        m_fault = label;
        m_partitioned = partitioned;
        // A label may be longer than its edge: over the nodes and tokens, so it stays readable.
        setZValue(label.isEmpty() ? 0 : 3);
        update();
    }
}

void EdgeItem::setHighlighted(bool highlighted) {
    if (highlighted != m_highlighted) {
        m_highlighted = highlighted;
        update();
    }
}

QRectF EdgeItem::labelRect() const {
    if (m_fault.isEmpty()) {
        return {};
    }
    const QFontMetricsF fm(labelFont());
    const QSizeF size(fm.horizontalAdvance(m_fault) + 10, fm.height() + 4);
    const QPointF at = pointAt(0.5);
    return QRectF(at - QPointF(size.width() / 2, size.height() + 4), size);
}

double EdgeItem::patternWidth() const {
    return m_pattern.isEmpty() ? 0 : QFontMetricsF(labelFont()).horizontalAdvance(m_pattern) + 8;
}

QRectF EdgeItem::patternRect() const {
    if (m_pattern.isEmpty()) {
        return {};
    }
    const QFontMetricsF fm(labelFont());
    const QSizeF size(fm.horizontalAdvance(m_pattern) + 8, fm.height() + 2);
    const auto at = [&](double t) {
        return QRectF(pointAt(t) - QPointF(size.width() / 2, size.height() / 2), size);
    };
    // Near the queue, where arrows have spread apart; but a long label slides back along its
    // arrow rather than run under the queue it names.
    const QRectF to = m_to.sceneBoundingRect();
    for (double t = 0.62; t > 0.3; t -= 0.04) {
        if (!at(t).intersects(to)) {
            return at(t);
        }
    }
    return at(0.5);
}

QRectF EdgeItem::boundingRect() const {
    return m_path.boundingRect().adjusted(-kArrow, -kArrow, kArrow, kArrow) | labelRect() |
           patternRect();
}

QPainterPath EdgeItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(m_path);
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                     QWidget* /*widget*/) {
    QPainter& p = *painter;
    p.setRenderHint(QPainter::Antialiasing);
    QColor colour = Theme::line();
    double width = 1.3;
    Qt::PenStyle style = Qt::SolidLine;
    if (m_edge.kind == TopologyGraph::Edge::Kind::DeadLetter ||
        m_edge.kind == TopologyGraph::Edge::Kind::Alternate) {
        style = Qt::DashLine;
    }
    if (!m_fault.isEmpty()) {
        colour = Theme::error();
        width = 1.8;
    }
    if (m_highlighted && m_fault.isEmpty()) {
        colour = QApplication::palette().color(QPalette::Highlight);
        width = 2;
    }
    QPen pen(colour, width, style, Qt::FlatCap);
    p.setBrush(Qt::NoBrush);
    if (m_partitioned) {
        // A broken edge: the middle fifth is missing.
        QPainterPath first;
        QPainterPath last;
        first.moveTo(pointAt(0));
        last.moveTo(pointAt(0.6));
        for (int i = 1; i <= 20; ++i) {
            first.lineTo(pointAt(0.4 * i / 20));
            last.lineTo(pointAt(0.6 + 0.4 * i / 20));
        }
        p.setPen(pen);
        p.drawPath(first);
        p.drawPath(last);
    } else {
        p.setPen(pen);
        p.drawPath(m_path);
    }
    // The arrowhead, along the path's last stretch.
    const QPointF tip = pointAt(1);
    const QPointF back = pointAt(0.97);
    QLineF direction(tip, back);
    if (direction.length() > 0.1) {
        direction.setLength(kArrow);
        const QLineF left = QLineF(tip, direction.p2()).normalVector();
        QPointF side(left.dx() * 0.5, left.dy() * 0.5);
        QPolygonF head;
        head << tip << direction.p2() + side << direction.p2() - side;
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawPolygon(head);
    }
    if (!m_pattern.isEmpty() && m_fault.isEmpty() && legibleUnder(p, labelFont())) {
        const QRectF r = patternRect();
        p.setPen(Qt::NoPen);
        p.setBrush(Theme::base());
        p.drawRoundedRect(r, 3, 3);
        p.setFont(labelFont());
        p.setPen(m_highlighted ? Theme::readable(QApplication::palette().color(QPalette::Highlight))
                               : Theme::text());
        p.drawText(r, Qt::AlignCenter, m_pattern);
    }
    if (!m_fault.isEmpty() && legibleUnder(p, labelFont())) {
        const QRectF r = labelRect();
        p.setPen(QPen(Theme::error(), 1));
        p.setBrush(Theme::base());
        p.drawRoundedRect(r, 3, 3);
        p.setFont(labelFont());
        p.setPen(Theme::readable(Theme::error()));
        p.drawText(r, Qt::AlignCenter, m_fault);
    }
}

} // namespace evsim::gui
