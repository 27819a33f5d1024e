#include "gui/views/topology/topology_canvas.h"

#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/views/topology/canvas_edits.h"
#include "gui/views/topology/canvas_text.h"
#include "gui/views/topology/edge_item.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/token_layer.h"
#include "gui/views/topology/topology_minimap.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

namespace evsim::gui {
namespace {

constexpr double kMostFitScale = 1.6; // a small topology is not blown up to fill the window
constexpr double kLeastScale = 0.05;
constexpr double kMostScale = 6;

// The node or edge under `pos` (view coordinates), skipping the token layer and the frame.
template <typename T> T* topItemAt(const QGraphicsView& view, QPoint pos) {
    for (QGraphicsItem* item : view.items(pos)) {
        if (auto* wanted = dynamic_cast<T*>(item)) {
            return wanted;
        }
    }
    return nullptr;
}

} // namespace

TopologyCanvas::TopologyCanvas(SessionController& controller, TopologyView& view)
    : QGraphicsView(&view), m_controller(controller), m_view(view),
      m_minimap(new TopologyMinimap(*this)) {
    setObjectName(QStringLiteral("topologyCanvas"));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setFrameShape(QFrame::NoFrame);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setMouseTracking(true);
}

void TopologyCanvas::fitAll() {
    if (scene() == nullptr || scene()->sceneRect().isEmpty()) {
        return;
    }
    const QRectF all = scene()->sceneRect();
    fitInView(all, Qt::KeepAspectRatio);
    const double scale = transform().m11();
    if (scale > kMostFitScale) {
        setTransform(QTransform::fromScale(kMostFitScale, kMostFitScale));
        centerOn(all.center());
    } else if (const double legible = leastLegibleScale(); scale < legible) {
        // Too large to fit legibly: what fits at the least legible scale, from where the flow
        // starts (the top left); the scroll bars and the minimap reach the rest.
        setTransform(QTransform::fromScale(legible, legible));
        const QSizeF seen = QSizeF(viewport()->size()) / legible;
        const double x =
            seen.width() >= all.width() ? all.center().x() : all.left() + seen.width() / 2;
        const double y =
            seen.height() >= all.height() ? all.center().y() : all.top() + seen.height() / 2;
        centerOn(x, y);
    }
    m_userZoomed = false;
    m_minimap->follow();
}

void TopologyCanvas::bringIntoSight(const QRectF& rect) {
    if (const double legible = leastLegibleScale(); transform().m11() < legible) {
        setTransform(QTransform::fromScale(legible, legible));
        m_userZoomed = true;
    }
    centerOn(rect.center());
    m_minimap->follow();
}

void TopologyCanvas::sceneResized() {
    m_minimap->follow();
}

void TopologyCanvas::zoomBy(double factor) {
    const double next = transform().m11() * factor;
    if (next < kLeastScale || next > kMostScale) {
        return;
    }
    scale(factor, factor);
    m_userZoomed = true;
    m_minimap->follow();
}

void TopologyCanvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0) {
        zoomBy(std::pow(1.15, steps));
    }
    event->accept();
}

void TopologyCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_controller.hasSession()) {
        const QPointF at = mapToScene(event->position().toPoint());
        if (const std::optional<PlacedToken> token = m_view.scene().tokenLayer().tokenAt(at)) {
            m_controller.select({Selection::Kind::Message, token->token.message, 0});
            event->accept();
            return;
        }
        NodeItem* node = topItemAt<NodeItem>(*this, event->position().toPoint());
        if (node != nullptr) {
            EntityId entity = node->node().entity;
            const int instance = node->instanceAt(node->mapFromScene(at));
            if (instance >= 0) {
                entity = node->node().instances[static_cast<std::size_t>(instance)];
            }
            if (entity != kNoEntity) {
                m_controller.select({Selection::Kind::Entity, entity, 0});
            } else if (node->node().collapsed) { // a group is no one entity
                m_view.focusGroup(node->node().group);
            }
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void TopologyCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    NodeItem* node = topItemAt<NodeItem>(*this, event->position().toPoint());
    if (event->button() == Qt::LeftButton && node != nullptr && node->node().collapsed) {
        event->accept();
        // After this event: expanding rebuilds the scene, the node under the mouse included.
        QMetaObject::invokeMethod(
            &m_view, [this, group = node->node().group] { m_view.expandGroup(group); },
            Qt::QueuedConnection);
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void TopologyCanvas::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    if (m_view.scene().moved()) {
        if (const Status saved = m_view.saveLayout(); !saved.ok()) {
            qWarning("cannot save the canvas layout: %s", saved.why().c_str());
        }
    }
}

void TopologyCanvas::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    if (const std::optional<PlacedToken> token =
            m_view.scene().tokenLayer().tokenAt(mapToScene(event->pos()))) {
        // From the start of the hop it is on: "its next hop" is the one the user sees.
        fillMessageMenu(menu, m_controller, token->token.message, token->token.start, this);
        menu.exec(event->globalPos());
        event->accept();
        return;
    }
    EntityId target = kNoEntity;
    QString group;
    bool collapsed = false;
    const TopologyGraph::Node* clickedNode = nullptr;
    const TopologyGraph::Edge* clickedEdge = nullptr;
    if (NodeItem* node = topItemAt<NodeItem>(*this, event->pos())) {
        clickedNode = &node->node();
        group = node->node().group;
        collapsed = node->node().collapsed;
        target = node->node().entity;
        const int instance = node->instanceAt(node->mapFromScene(mapToScene(event->pos())));
        if (instance >= 0) {
            target = node->node().instances[static_cast<std::size_t>(instance)];
        }
    } else if (EdgeItem* edge = topItemAt<EdgeItem>(*this, event->pos())) {
        clickedEdge = &edge->edge();
        target = edge->edge().link;
    }
    if (target != kNoEntity) {
        fillInjectMenu(menu, m_controller, target, this);
    }
    fillCanvasEditMenu(menu, m_controller, m_view.scene().graph(), clickedNode, clickedEdge, this);
    if (!menu.isEmpty()) {
        menu.addSeparator();
    }
    if (!group.isEmpty()) {
        const QString name = groupDisplayName(group);
        if (collapsed) {
            menu.addAction(tr("Show Each of %1").arg(name), &m_view,
                           [this, group] { m_view.expandGroup(group); });
        } else {
            menu.addAction(tr("Collapse %1 Into One").arg(name), &m_view,
                           [this, group] { m_view.collapseGroup(group); });
        }
        menu.addSeparator();
    }
    menu.addAction(tr("Fit"), this, [this] { fitAll(); });
    menu.addAction(tr("Reset Layout"), &m_view, &TopologyView::resetLayout);
    menu.exec(event->globalPos());
    event->accept();
}

void TopologyCanvas::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (!m_userZoomed) {
        fitAll(); // the minimap follows
    } else {
        m_minimap->follow();
    }
}

} // namespace evsim::gui
