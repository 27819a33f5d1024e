#include "gui/views/topology/canvas_text.h"

#include <QApplication>
#include <QFont>
#include <QFontInfo>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace evsim::gui {
namespace {

// The smallest text on the canvas: labels on edges and tokens are 0.8 of the app's font.
constexpr double kSmallestFontFactor = 0.8;

double pixelsAtFullSize(const QFont& font) {
    return QFontInfo(font).pixelSize();
}

} // namespace

bool legibleUnder(const QPainter& painter, const QFont& font) {
    const double scale =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter.worldTransform());
    return pixelsAtFullSize(font) * scale >= kLeastLabelPixels - 0.01;
}

double leastLegibleScale() {
    QFont smallest = QApplication::font();
    smallest.setPointSizeF(smallest.pointSizeF() * kSmallestFontFactor);
    return kLeastLabelPixels / pixelsAtFullSize(smallest);
}

} // namespace evsim::gui
