#include "gui/views/traces/waterfall_links.h"

#include "gui/theme/theme.h"
#include "gui/views/traces/waterfall_widget.h"

#include <QPainter>
#include <QPolygonF>

namespace evsim::gui {
namespace {

// Clear of the parent's bars (12 px tall) and of the child's publish tick (8 px).
constexpr double kBelowParent = 7;
constexpr double kAboveChild = 5;

} // namespace

std::vector<QLineF> spanLinkLines(const WaterfallWidget& widget) {
    std::vector<QLineF> lines;
    const std::vector<SpanRow>& rows = widget.trace().rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const SpanRow& row = rows[i];
        if (row.parentRow < 0) {
            continue;
        }
        const double x = widget.xOf(row.published);
        const double from = widget.rowRect(row.parentRow).center().y() + kBelowParent;
        const double to = widget.rowRect(static_cast<int>(i)).center().y() - kAboveChild;
        lines.emplace_back(QPointF(x, from), QPointF(x, to));
    }
    return lines;
}

void drawSpanLink(QPainter& p, const QLineF& line, const QColor& colour) {
    p.setPen(QPen(colour, 1.2, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(line.p1(), line.p2() - QPointF(0, 3));
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    const QPointF tip = line.p2();
    p.drawPolygon(QPolygonF{tip, tip + QPointF(-3.5, -5), tip + QPointF(3.5, -5)});
    p.setBrush(Qt::NoBrush);
}

void paintSpanLinks(QPainter& p, const WaterfallWidget& widget) {
    QColor colour = Theme::mutedText();
    colour.setAlphaF(0.85f);
    for (const QLineF& line : spanLinkLines(widget)) {
        drawSpanLink(p, line, colour);
    }
}

} // namespace evsim::gui
