#include "gui/views/topology/node_item.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"
#include "gui/widgets/counted.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <algorithm>
#include <cmath>

namespace evsim::gui {
namespace {

constexpr double kPadding = 12;
constexpr double kDot = 9;       // an instance dot's diameter
constexpr double kDotPitch = 14; // from one dot to the next
constexpr int kMostDotsPerRow = 16;
constexpr double kBarHeight = 8;
// A collapsed group of more instances than fit in one row shows one bar of their states, not
// dots: groups then stand as tall as one another, and their rows line up across the canvas.
constexpr std::size_t kMostGroupDots = 16;

QFont titleFont() {
    QFont f = QApplication::font();
    f.setWeight(QFont::DemiBold);
    return f;
}

QFont smallFont() {
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.82);
    return f;
}

double textWidth(const QFont& font, const QString& text) {
    return QFontMetricsF(font).horizontalAdvance(text);
}

double lineHeight(const QFont& font) {
    return QFontMetricsF(font).height();
}

// The depth a queue's bar is drawn against: its max-length, or the next round figure.
double barScale(std::uint64_t maxLength, std::int64_t depth) {
    if (maxLength > 0) { // unacked deliveries come on top of max-length's ready ones
        return std::max(static_cast<double>(maxLength), static_cast<double>(depth));
    }
    double scale = 10;
    // 10, 20, 50, 100, 200, 500, …: the bar never fills past its end.
    for (int step = 0; scale < static_cast<double>(depth); ++step) {
        scale *= step % 3 == 1 ? 2.5 : 2;
    }
    return scale;
}

// "0/s", "2.5/s", "120/s", "1.2k/s", "35k/s": a rate in at most four figures.
QString rateText(double perSecond) {
    if (perSecond >= 9999.5) {
        return QStringLiteral("%1k/s").arg(perSecond / 1000, 0, 'f', 0);
    }
    if (perSecond >= 999.5) {
        return QStringLiteral("%1k/s").arg(perSecond / 1000, 0, 'f', 1);
    }
    if (perSecond >= 9.95 || perSecond == 0) {
        return QStringLiteral("%1/s").arg(perSecond, 0, 'f', 0);
    }
    return QStringLiteral("%1/s").arg(perSecond, 0, 'f', 1);
}

QColor highlightColour() {
    return QApplication::palette().color(QPalette::Highlight);
}

} // namespace

QString instanceStateName(InstanceState state) {
    switch (state) {
    case InstanceState::Idle:
        return QStringLiteral("idle");
    case InstanceState::Busy:
        return QStringLiteral("busy");
    case InstanceState::Crashed:
        return QStringLiteral("crashed");
    case InstanceState::Paused:
        return QStringLiteral("paused");
    case InstanceState::Hung:
        return QStringLiteral("hung");
    case InstanceState::NotConsuming:
        return QStringLiteral("not consuming");
    }
    return {};
}

NodeItem::NodeItem(TopologyGraph::Node node, int index) : m_node(std::move(node)), m_index(index) {
    setFlag(ItemIsMovable);
    setFlag(ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setCursor(Qt::OpenHandCursor);
    setZValue(1);
    // Nodes change only when their figures do: keep their picture rather than draw their text
    // again for every frame of moving tokens.
    setCacheMode(DeviceCoordinateCache);
    const double title = textWidth(titleFont(), m_node.name);
    const double titleHeight = lineHeight(titleFont());
    const double small = lineHeight(smallFont());
    const double groupLine = m_node.collapsed ? small + 2 : 0.0;
    const double groupWidth =
        m_node.collapsed ? textWidth(smallFont(), groupText(999999, 999999)) + 2 * kPadding : 0.0;
    switch (m_node.kind) {
    case TopologyGraph::Node::Kind::Producer:
    case TopologyGraph::Node::Kind::Consumer: {
        const int n = std::max<int>(1, static_cast<int>(m_node.instances.size()));
        m_dotsPerRow = std::min(n, kMostDotsPerRow);
        const int rows = dotsShown() ? (n + m_dotsPerRow - 1) / m_dotsPerRow : 1;
        const double width = std::max(
            {120.0, title + 2 * kPadding, m_dotsPerRow * kDotPitch + 2 * kPadding, groupWidth});
        m_size = QSizeF(std::ceil(width),
                        std::ceil(8 + titleHeight + 4 + rows * kDotPitch + groupLine + 6));
        m_states.assign(m_node.instances.size(), InstanceState::Idle);
        break;
    }
    case TopologyGraph::Node::Kind::Exchange: {
        const double width = std::max(
            {100.0, title + 2 * kPadding + 24, textWidth(smallFont(), m_node.detail) + 48});
        m_size = QSizeF(std::ceil(width), std::ceil(titleHeight + small + 14));
        break;
    }
    case TopologyGraph::Node::Kind::Queue: {
        const double width = std::max({150.0, title + 2 * kPadding + 16, groupWidth + 16});
        m_size = QSizeF(std::ceil(width), std::ceil(8 + titleHeight + 4 + small + groupLine + 8));
        break;
    }
    }
}

bool NodeItem::dotsShown() const {
    return !m_node.collapsed || m_node.instances.size() <= kMostGroupDots;
}

QString NodeItem::groupText(double in, double out) const {
    switch (m_node.kind) {
    case TopologyGraph::Node::Kind::Queue:
        return QStringLiteral("%1 · in %2 · out %3")
            .arg(m_node.detail, rateText(in), rateText(out));
    case TopologyGraph::Node::Kind::Producer:
    case TopologyGraph::Node::Kind::Consumer:
        return QStringLiteral("%1 · %2").arg(
            m_node.detail, counted(static_cast<long long>(m_node.instances.size()),
                                   QStringLiteral("instance"), QStringLiteral("instances")));
    case TopologyGraph::Node::Kind::Exchange:
        break;
    }
    return m_node.detail;
}

bool NodeItem::setRates(double in, double out) {
    if (in != m_rateIn || out != m_rateOut) {
        m_rateIn = in;
        m_rateOut = out;
        if (m_node.collapsed) {
            update();
        }
        return true;
    }
    return false;
}

bool NodeItem::setDepth(std::int64_t ready, std::int64_t unacked) {
    if (ready != m_ready || unacked != m_unacked) {
        m_ready = ready;
        m_unacked = unacked;
        update();
        return true;
    }
    return false;
}

bool NodeItem::setVersions(std::vector<std::uint8_t> versions) {
    if (versions == m_versions) {
        return false;
    }
    m_versions = std::move(versions);
    update();
    return true;
}

bool NodeItem::setInstanceStates(std::vector<InstanceState> states) {
    if (states != m_states) {
        m_states = std::move(states);
        update();
        return true;
    }
    return false;
}

bool NodeItem::setDeleted(bool deleted) {
    if (deleted != m_deleted) {
        m_deleted = deleted;
        update();
        return true;
    }
    return false;
}

bool NodeItem::setFaulted(bool faulted) {
    if (faulted != m_faulted) {
        m_faulted = faulted;
        update();
        return true;
    }
    return false;
}

void NodeItem::setHighlighted(bool highlighted) {
    if (highlighted != m_highlighted) {
        m_highlighted = highlighted;
        update();
    }
}

QRectF NodeItem::boundingRect() const {
    return QRectF(QPointF(-m_size.width() / 2, -m_size.height() / 2), m_size);
}

QPainterPath NodeItem::shape() const {
    return outline();
}

QPainterPath NodeItem::outline() const {
    const QRectF r = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    QPainterPath path;
    switch (m_node.kind) {
    case TopologyGraph::Node::Kind::Producer:
    case TopologyGraph::Node::Kind::Consumer:
        path.addRoundedRect(r, 8, 8);
        break;
    case TopologyGraph::Node::Kind::Exchange: {
        const double inset = r.height() / 2;
        QPolygonF hexagon;
        hexagon << QPointF(r.left(), r.center().y()) << QPointF(r.left() + inset, r.top())
                << QPointF(r.right() - inset, r.top()) << QPointF(r.right(), r.center().y())
                << QPointF(r.right() - inset, r.bottom()) << QPointF(r.left() + inset, r.bottom())
                << QPointF(r.left(), r.center().y());
        path.addPolygon(hexagon);
        break;
    }
    case TopologyGraph::Node::Kind::Queue:
        path.addRoundedRect(r, r.height() / 2, r.height() / 2);
        break;
    }
    return path;
}

QRectF NodeItem::dotRect(int instance) const {
    const QRectF r = boundingRect();
    const int row = instance / m_dotsPerRow;
    const int column = instance % m_dotsPerRow;
    const double rowWidth = m_dotsPerRow * kDotPitch;
    const double x = r.center().x() - rowWidth / 2 + column * kDotPitch + (kDotPitch - kDot) / 2;
    const double y = r.top() + 8 + lineHeight(titleFont()) + 4 + row * kDotPitch;
    return QRectF(x, y, kDot, kDot);
}

int NodeItem::instanceAt(QPointF local) const {
    if (!dotsShown()) {
        return -1;
    }
    for (int i = 0; i < static_cast<int>(m_states.size()); ++i) {
        if (dotRect(i).adjusted(-2, -2, 2, 2).contains(local)) {
            return i;
        }
    }
    return -1;
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                     QWidget* /*widget*/) {
    QPainter& p = *painter;
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill = Theme::base();
    QColor border = Theme::text();
    border.setAlphaF(0.55f);
    double width = 1.2;
    Qt::PenStyle style = Qt::SolidLine;
    if (m_node.kind == TopologyGraph::Node::Kind::Queue && m_node.deadLetter) {
        style = Qt::DashLine;
    }
    if (m_faulted) {
        border = Theme::error();
        width = 2;
    }
    if (m_deleted) { // a gap in the topology: dashed in the error colour, hollow
        border = Theme::error();
        style = Qt::DashLine;
        fill.setAlphaF(0.35f);
    }
    if (m_highlighted) {
        // A halo around the node, so that its own border still tells its state.
        QColor halo = highlightColour();
        halo.setAlphaF(0.45f);
        p.setPen(QPen(halo, 4));
        p.setBrush(Qt::NoBrush);
        p.drawPath(outline());
    }
    p.setPen(QPen(border, width, style));
    p.setBrush(fill);
    p.drawPath(outline());
    switch (m_node.kind) {
    case TopologyGraph::Node::Kind::Producer:
    case TopologyGraph::Node::Kind::Consumer:
        paintService(p);
        break;
    case TopologyGraph::Node::Kind::Exchange:
        paintExchange(p);
        break;
    case TopologyGraph::Node::Kind::Queue:
        paintQueue(p);
        break;
    }
}

void NodeItem::paintService(QPainter& p) const {
    const QRectF r = boundingRect();
    if (legibleUnder(p, titleFont())) {
        p.setFont(titleFont());
        p.setPen(Theme::text());
        p.drawText(QRectF(r.left(), r.top() + 6, r.width(), lineHeight(titleFont())),
                   Qt::AlignHCenter | Qt::AlignVCenter, m_node.name);
    }
    if (!dotsShown()) {
        paintInstanceBar(p);
        return;
    }
    if (m_node.collapsed) {
        const int rows = (static_cast<int>(m_states.size()) + m_dotsPerRow - 1) / m_dotsPerRow;
        paintGroupLine(p, r.top() + 8 + lineHeight(titleFont()) + 4 + rows * kDotPitch);
    }
    const QColor text = Theme::text();
    for (int i = 0; i < static_cast<int>(m_states.size()); ++i) {
        const QRectF d = dotRect(i);
        switch (m_states[static_cast<std::size_t>(i)]) {
        case InstanceState::Idle:
            p.setPen(QPen(text, 1.3));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(d.adjusted(0.65, 0.65, -0.65, -0.65));
            break;
        case InstanceState::Busy:
            p.setPen(Qt::NoPen);
            p.setBrush(text);
            p.drawEllipse(d);
            break;
        case InstanceState::Crashed:
            p.setPen(QPen(Theme::error(), 2.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(d.topLeft(), d.bottomRight());
            p.drawLine(d.topRight(), d.bottomLeft());
            break;
        case InstanceState::Paused:
            p.setPen(Qt::NoPen);
            p.setBrush(Theme::neutral());
            p.drawEllipse(d);
            break;
        case InstanceState::Hung:
            p.setPen(Qt::NoPen);
            p.setBrush(Theme::warning());
            p.drawEllipse(d);
            break;
        case InstanceState::NotConsuming: // subscribed to nothing: a dotted outline
            p.setPen(QPen(text, 1.3, Qt::DotLine));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(d.adjusted(0.65, 0.65, -0.65, -0.65));
            break;
        }
        if (static_cast<std::size_t>(i) < m_versions.size() &&
            m_versions[static_cast<std::size_t>(i)] != 0) {
            p.setPen(QPen(Theme::ok(), 1.6));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(d.adjusted(-2.2, -2.2, 2.2, 2.2));
        }
    }
}

void NodeItem::paintExchange(QPainter& p) const {
    const QRectF r = boundingRect();
    const double title = lineHeight(titleFont());
    const double small = lineHeight(smallFont());
    const double top = r.center().y() - (title + small) / 2;
    if (legibleUnder(p, titleFont())) {
        p.setFont(titleFont());
        p.setPen(Theme::text());
        p.drawText(QRectF(r.left(), top, r.width(), title), Qt::AlignHCenter | Qt::AlignVCenter,
                   m_node.name);
    }
    if (!legibleUnder(p, smallFont())) {
        return;
    }
    p.setFont(smallFont());
    QColor muted = Theme::text();
    muted.setAlphaF(0.65f);
    p.setPen(m_deleted ? Theme::error() : muted);
    p.drawText(QRectF(r.left(), top + title, r.width(), small), Qt::AlignHCenter | Qt::AlignVCenter,
               m_deleted ? QStringLiteral("deleted: 404") : m_node.detail);
}

void NodeItem::paintQueue(QPainter& p) const {
    const QRectF r = boundingRect();
    const double title = lineHeight(titleFont());
    const double small = lineHeight(smallFont());
    if (legibleUnder(p, titleFont())) {
        p.setFont(titleFont());
        p.setPen(Theme::text());
        p.drawText(QRectF(r.left(), r.top() + 6, r.width(), title),
                   Qt::AlignHCenter | Qt::AlignVCenter, m_node.name);
    }

    // The bar: ready solid, unacked hatched after it; the figures to its right.
    p.setFont(smallFont());
    const QString figures = m_unacked > 0 ? QStringLiteral("%1 + %2").arg(m_ready).arg(m_unacked)
                                          : QString::number(m_ready);
    const double figuresWidth = std::max(textWidth(smallFont(), figures),
                                         textWidth(smallFont(), QStringLiteral("000 + 00")));
    const double barLeft = r.left() + r.height() / 2;
    const double barRight = r.right() - r.height() / 2 - figuresWidth - 6;
    const double rowTop = r.top() + 6 + title + 4;
    const QRectF bar(barLeft, rowTop + (small - kBarHeight) / 2, barRight - barLeft, kBarHeight);
    QColor track = Theme::text();
    track.setAlphaF(0.12f);
    p.setPen(Qt::NoPen);
    p.setBrush(track);
    p.drawRoundedRect(bar, 2, 2);
    const double scale = barScale(m_node.maxLength, m_ready + m_unacked);
    double readyWidth = bar.width() * std::min(1.0, static_cast<double>(m_ready) / scale);
    // A few unacked among many ready ones still show.
    const double unackedWidth =
        m_unacked > 0
            ? std::min(bar.width(),
                       std::max(3.0, bar.width() * static_cast<double>(m_unacked) / scale))
            : 0.0;
    if (m_unacked > 0 && readyWidth + unackedWidth > bar.width() - 0.01) {
        readyWidth = bar.width() - unackedWidth;
    }
    const QColor ink = m_node.deadLetter ? Theme::error() : Theme::eventType(1);
    p.setBrush(ink);
    p.drawRect(QRectF(bar.left(), bar.top(), readyWidth, bar.height()));
    if (unackedWidth > 0) {
        const QRectF hatched(bar.left() + readyWidth, bar.top(), unackedWidth, bar.height());
        p.setPen(QPen(ink, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(hatched.adjusted(0.5, 0.5, -0.5, -0.5));
        p.setBrush(QBrush(ink, Qt::BDiagPattern));
        p.setPen(Qt::NoPen);
        p.drawRect(hatched);
    }
    if (legibleUnder(p, smallFont())) {
        p.setPen(Theme::text());
        p.drawText(QRectF(barRight + 6, rowTop, figuresWidth, small),
                   Qt::AlignLeft | Qt::AlignVCenter, figures);
    }
    if (m_node.collapsed) {
        paintGroupLine(p, rowTop + small + 2);
    }
}

// A collapsed group's instances as one bar: crashed, hung, paused and busy ones in their
// colours from the left, idle ones as the track.
void NodeItem::paintInstanceBar(QPainter& p) const {
    const QRectF r = boundingRect();
    const double top = r.top() + 8 + lineHeight(titleFont()) + 4;
    const QRectF bar(r.left() + kPadding, top + (kDotPitch - kBarHeight) / 2,
                     r.width() - 2 * kPadding, kBarHeight);
    QColor track = Theme::text();
    track.setAlphaF(0.12f);
    p.setPen(Qt::NoPen);
    p.setBrush(track);
    p.drawRoundedRect(bar, 2, 2);
    const std::pair<InstanceState, QColor> shown[] = {{InstanceState::Crashed, Theme::error()},
                                                      {InstanceState::Hung, Theme::warning()},
                                                      {InstanceState::Paused, Theme::neutral()},
                                                      {InstanceState::Busy, Theme::text()}};
    double left = bar.left();
    for (const auto& [state, colour] : shown) {
        const auto n = std::count(m_states.begin(), m_states.end(), state);
        const double width =
            bar.width() * static_cast<double>(n) / static_cast<double>(m_states.size());
        if (n > 0) {
            p.setBrush(colour);
            p.drawRect(QRectF(left, bar.top(), std::max(2.0, width), bar.height()));
        }
        left += width;
    }
    paintGroupLine(p, top + kDotPitch);
}

void NodeItem::paintGroupLine(QPainter& p, double top) const {
    if (!legibleUnder(p, smallFont())) {
        return;
    }
    const QRectF r = boundingRect();
    p.setFont(smallFont());
    p.setPen(Theme::mutedText());
    p.drawText(QRectF(r.left(), top, r.width(), lineHeight(smallFont())),
               Qt::AlignHCenter | Qt::AlignVCenter, groupText(m_rateIn, m_rateOut));
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemPositionHasChanged && onMoved) {
        onMoved(m_index);
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace evsim::gui
