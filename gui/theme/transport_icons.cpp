#include "gui/theme/transport_icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace evsim::gui {

namespace {

// A triangle pointing right (or left) inside the box x..x+w, y..y+h.
QPainterPath triangle(double x, double y, double w, double h, bool right) {
    QPainterPath path;
    if (right) {
        path.moveTo(x, y);
        path.lineTo(x + w, y + h / 2);
        path.lineTo(x, y + h);
    } else {
        path.moveTo(x + w, y);
        path.lineTo(x, y + h / 2);
        path.lineTo(x + w, y + h);
    }
    path.closeSubpath();
    return path;
}

QPixmap draw(TransportIcon kind, const QColor& color, int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.scale(size / 24.0, size / 24.0); // drawn on a 24 × 24 grid
    switch (kind) {
    case TransportIcon::GoToStart:
        p.drawRect(QRectF(5, 6, 2.5, 12));
        p.drawPath(triangle(8, 6, 11, 12, false));
        break;
    case TransportIcon::StepBack:
        p.drawPath(triangle(3, 6, 9, 12, false));
        p.drawPath(triangle(12, 6, 9, 12, false));
        break;
    case TransportIcon::Play:
        p.drawPath(triangle(7, 5, 12, 14, true));
        break;
    case TransportIcon::Pause:
        p.drawRect(QRectF(6.5, 5, 4, 14));
        p.drawRect(QRectF(13.5, 5, 4, 14));
        break;
    case TransportIcon::StepForward:
        p.drawPath(triangle(3, 6, 9, 12, true));
        p.drawPath(triangle(12, 6, 9, 12, true));
        break;
    }
    return pixmap;
}

} // namespace

QIcon transportIcon(TransportIcon kind, const QColor& color) {
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        icon.addPixmap(draw(kind, color, size), QIcon::Normal);
        QColor faded = color;
        faded.setAlphaF(0.35f);
        icon.addPixmap(draw(kind, faded, size), QIcon::Disabled);
    }
    return icon;
}

} // namespace evsim::gui
