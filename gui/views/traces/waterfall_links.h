#pragma once

#include <QColor>
#include <QLineF>
#include <vector>

class QPainter;

namespace evsim::gui {

class WaterfallWidget;

// The waterfall's links between spans: from the processing in which a consumer published an
// event (or the queue a copy was dead-lettered from) down to the row of what it published, at
// the instant it was published - the OpenTelemetry parent of the new message's send span. One
// line per row that has a parent row, top to bottom.
std::vector<QLineF> spanLinkLines(const WaterfallWidget& widget);
void paintSpanLinks(QPainter& p, const WaterfallWidget& widget);

// One link: a line down from `line.p1()` ending in a small arrowhead at `line.p2()`. The legend
// draws its sample with it too.
void drawSpanLink(QPainter& p, const QLineF& line, const QColor& colour);

} // namespace evsim::gui
