#pragma once

#include <QGraphicsView>

namespace evsim::gui {

// A small picture of the whole canvas in its bottom right corner, with the part in sight
// outlined: clicking or dragging in it moves the canvas there. Shown only while the canvas
// shows less than 60 % of it.
class TopologyMinimap : public QGraphicsView {
    Q_OBJECT
public:
    explicit TopologyMinimap(QGraphicsView& canvas);

    // Follows the canvas: shows or hides, fits the scene, moves the outline and the corner.
    void follow();

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    QRectF inSight() const;
    void moveCanvasTo(QPoint at);

    QGraphicsView& m_canvas;
};

} // namespace evsim::gui
