#include "gui/views/topology/topology_minimap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>

namespace evsim::gui {
namespace {

constexpr int kLongSide = 180;
constexpr int kLeastSide = 48;
constexpr int kMargin = 10;

} // namespace

TopologyMinimap::TopologyMinimap(QGraphicsView& canvas)
    : QGraphicsView(canvas.viewport()), m_canvas(canvas) {
    setObjectName(QStringLiteral("topologyMinimap"));
    setInteractive(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::Box);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("The whole system; click or drag to go there"));
    hide();
    connect(canvas.horizontalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { viewport()->update(); });
    connect(canvas.verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { viewport()->update(); });
}

void TopologyMinimap::follow() {
    // Only while much of the canvas is out of sight: a scroll bar is enough for a sliver.
    constexpr double kMostInSight = 0.6;
    QGraphicsScene* scene = m_canvas.scene();
    const QRectF all = scene != nullptr ? scene->sceneRect() : QRectF();
    const QRectF seen = inSight().intersected(all);
    if (all.isEmpty() ||
        seen.width() * seen.height() >= kMostInSight * all.width() * all.height()) {
        hide();
        return;
    }
    setScene(scene);
    // At most 180 px a side, and never more than a quarter of a short canvas's width or two
    // fifths of its height: at 1280x720 the canvas may be a strip 230 px tall.
    const QSize room = m_canvas.viewport()->size();
    const QSizeF most(std::min(kLongSide, room.width() / 4),
                      std::min(kLongSide, room.height() * 2 / 5));
    const QSize size = QSizeF(all.size())
                           .scaled(most, Qt::KeepAspectRatio)
                           .toSize()
                           .expandedTo(QSize(kLeastSide, kLeastSide));
    resize(size);
    move(room.width() - size.width() - kMargin, room.height() - size.height() - kMargin);
    fitInView(all, Qt::KeepAspectRatio);
    show();
    raise();
    viewport()->update();
}

QRectF TopologyMinimap::inSight() const {
    return m_canvas.mapToScene(m_canvas.viewport()->rect()).boundingRect();
}

void TopologyMinimap::drawForeground(QPainter* painter, const QRectF& /*rect*/) {
    QColor outline = palette().color(QPalette::Highlight);
    painter->setPen(QPen(outline, 0)); // cosmetic: one pixel at any scale
    outline.setAlphaF(0.15f);
    painter->setBrush(outline);
    painter->drawRect(inSight());
}

void TopologyMinimap::moveCanvasTo(QPoint at) {
    m_canvas.centerOn(mapToScene(at));
    viewport()->update();
}

void TopologyMinimap::mousePressEvent(QMouseEvent* event) {
    moveCanvasTo(event->position().toPoint());
    event->accept();
}

void TopologyMinimap::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) {
        moveCanvasTo(event->position().toPoint());
    }
    event->accept();
}

void TopologyMinimap::wheelEvent(QWheelEvent* event) {
    event->accept(); // the minimap's scale is fixed; the canvas's wheel zooms
}

} // namespace evsim::gui
