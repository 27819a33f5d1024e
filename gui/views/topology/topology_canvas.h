#pragma once

#include <QGraphicsView>

namespace evsim::gui {

class SessionController;
class TopologyMinimap;
class TopologyView;

// The QGraphicsView under TopologyView: zooms with the wheel around the pointer, pans by
// dragging the background, picks tokens and nodes, opens context menus, and keeps the picture
// fitted to the window until the user zooms.
class TopologyCanvas : public QGraphicsView {
    Q_OBJECT
public:
    TopologyCanvas(SessionController& controller, TopologyView& view);

    void fitAll();
    void zoomBy(double factor);
    bool userZoomed() const { return m_userZoomed; }
    // Centres `rect` (scene coordinates), zooming in first if labels are too small to read.
    void bringIntoSight(const QRectF& rect);
    const TopologyMinimap& minimap() const { return *m_minimap; }
    // The scene changed size: the minimap follows.
    void sceneResized();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    // On a collapsed group: shows each of its members.
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    SessionController& m_controller;
    TopologyView& m_view;
    TopologyMinimap* m_minimap;
    bool m_userZoomed = false;
};

} // namespace evsim::gui
