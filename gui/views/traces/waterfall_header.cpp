#include "gui/views/traces/waterfall_header.h"

#include "gui/theme/theme.h"
#include "gui/views/time_ticks.h"
#include "gui/views/traces/waterfall_links.h"
#include "gui/views/traces/waterfall_marks.h"
#include "gui/views/traces/waterfall_widget.h"
#include "gui/widgets/counted.h"
#include "harness/session/run_data.h"
#include "simulator/engine/trace_context.h"

#include <QFontDatabase>
#include <QPainter>
#include <algorithm>
#include <array>

namespace evsim::gui {
namespace {

// What the legend shows a sample of.
enum class Swatch { Link, Wire, Queued, Processing, Failed, Ack, Loss, Requeue, DeadLetter };

// The legend's sample of one mark or bar, 16 px wide, from `x`, centred on `y`.
void drawSwatch(QPainter& p, Swatch shape, double x, double y, const QColor& colour) {
    const QRectF swatch(x, y - 5, 16, 10);
    QColor light = colour;
    light.setAlphaF(0.3f);
    switch (shape) {
    case Swatch::Link:
        drawSpanLink(p, QLineF(QPointF(x + 8, y - 6), QPointF(x + 8, y + 6)), Theme::mutedText());
        break;
    case Swatch::Wire:
        p.setPen(QPen(colour, 2));
        p.drawLine(QPointF(swatch.left(), y), QPointF(swatch.right(), y));
        break;
    case Swatch::Queued:
        p.setPen(QPen(colour, 1));
        p.setBrush(light);
        p.drawRect(swatch);
        break;
    case Swatch::Processing:
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawRect(swatch);
        break;
    case Swatch::Failed:
        p.setPen(QPen(Theme::error(), 1));
        p.setBrush(QBrush(Theme::error(), Qt::BDiagPattern));
        p.drawRect(swatch);
        break;
    case Swatch::Ack:
        p.setPen(QPen(Theme::ok(), 2));
        p.drawPolyline(QPolygonF{QPointF(x + 3, y), QPointF(x + 7, y + 4), QPointF(x + 13, y - 4)});
        break;
    case Swatch::Requeue:
        p.setPen(QPen(Theme::warning(), 1));
        p.setBrush(Theme::warning());
        p.drawPolygon(
            QPolygonF{QPointF(x + 8, y - 5), QPointF(x + 4, y + 3), QPointF(x + 12, y + 3)});
        break;
    case Swatch::DeadLetter:
        p.setPen(QPen(Theme::error(), 1));
        p.setBrush(Theme::error());
        p.drawPolygon(QPolygonF{QPointF(x + 8, y - 5), QPointF(x + 13, y), QPointF(x + 8, y + 5),
                                QPointF(x + 3, y)});
        break;
    case Swatch::Loss:
        p.setPen(QPen(Theme::error(), 2));
        drawCross(p, QPointF(x + 8, y), 4);
        break;
    }
}

// Line 1: the trace id; line 2: the root message, how many messages and rows, how long.
void paintTitle(QPainter& p, const WaterfallWidget& widget) {
    const RunData& data = widget.data();
    const TraceSpans& spans = widget.trace();
    const QFontMetrics fm = widget.fontMetrics();
    const Message* root = data.message(spans.root);
    std::vector<std::uint32_t> ids;
    for (const SpanRow& row : spans.rows) {
        ids.push_back(row.message);
    }
    std::sort(ids.begin(), ids.end());
    const auto messages = std::unique(ids.begin(), ids.end()) - ids.begin();
    const std::string traceId = hexId(traceIdOf(data.seed(), spans.root));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    p.setPen(Theme::text());
    QFont bold = widget.font();
    bold.setBold(true);
    p.setFont(bold);
    const QString title = WaterfallWidget::tr("Trace");
    p.drawText(QPointF(kWaterfallMargin, kWaterfallMargin + fm.ascent()), title);
    p.setFont(mono);
    p.drawText(QPointF(kWaterfallMargin + QFontMetrics(bold).horizontalAdvance(title) + 8,
                       kWaterfallMargin + fm.ascent()),
               QString::fromStdString(traceId));
    p.setFont(widget.font());
    const QString event = root != nullptr && root->eventType < data.eventTypes().size()
                              ? QString::fromStdString(data.eventTypes()[root->eventType])
                              : QString();
    p.setPen(Theme::line());
    p.drawText(QPointF(kWaterfallMargin, kWaterfallMargin + fm.height() + fm.ascent()),
               WaterfallWidget::tr("root msg-%1 %2 · %3 in %4 · %5")
                   .arg(spans.root)
                   .arg(event)
                   .arg(counted(static_cast<long long>(messages), WaterfallWidget::tr("message"),
                                WaterfallWidget::tr("messages")))
                   .arg(counted(static_cast<long long>(spans.rows.size()),
                                WaterfallWidget::tr("row"), WaterfallWidget::tr("rows")))
                   .arg(shortDuration(spans.end - spans.start)));
}

// The legend, right-aligned on line 2, as far as there is room.
void paintLegend(QPainter& p, const WaterfallWidget& widget) {
    const QFontMetrics fm = widget.fontMetrics();
    const Message* root = widget.data().message(widget.trace().root);
    struct Item {
        QString text;
        Swatch shape;
    };
    const std::array<Item, 9> legend{{{WaterfallWidget::tr("caused"), Swatch::Link},
                                      {WaterfallWidget::tr("wire"), Swatch::Wire},
                                      {WaterfallWidget::tr("queued"), Swatch::Queued},
                                      {WaterfallWidget::tr("processing"), Swatch::Processing},
                                      {WaterfallWidget::tr("failed"), Swatch::Failed},
                                      {WaterfallWidget::tr("ack"), Swatch::Ack},
                                      {WaterfallWidget::tr("requeue"), Swatch::Requeue},
                                      {WaterfallWidget::tr("dead-letter"), Swatch::DeadLetter},
                                      {WaterfallWidget::tr("drop / loss"), Swatch::Loss}}};
    double x = widget.width() - kWaterfallMargin;
    const double y = kWaterfallMargin + fm.height() + fm.height() / 2.0;
    QColor colour = Theme::eventType(root != nullptr ? root->eventType : 1);
    for (auto it = legend.rbegin(); it != legend.rend(); ++it) {
        const double w = fm.horizontalAdvance(it->text);
        x -= w;
        p.setPen(Theme::line());
        p.drawText(QPointF(x, kWaterfallMargin + fm.height() + fm.ascent()), it->text);
        x -= 20;
        drawSwatch(p, it->shape, x, y, colour);
        p.setBrush(Qt::NoBrush);
        x -= 14;
        if (x < widget.labelWidth()) {
            break; // no room: the tooltips still say it all
        }
    }
}

// Line 3: the axis, times from the trace's start, with a faint grid line below each tick.
void paintAxis(QPainter& p, const WaterfallWidget& widget) {
    const TraceSpans& spans = widget.trace();
    const QFontMetrics fm = widget.fontMetrics();
    const double axisY = widget.headerHeight() - 4;
    const double left = widget.xOf(spans.start);
    const double right = widget.xOf(spans.end);
    p.setPen(Theme::line());
    p.drawLine(QPointF(left, axisY), QPointF(right, axisY));
    const double spanNs =
        std::max<double>(1, static_cast<double>((spans.end - spans.start).nanos()));
    const double step = niceTickStep(spanNs, right - left, 90);
    for (double t = 0; t <= spanNs + 1; t += step) {
        const double tx = left + (right - left) * t / spanNs;
        p.setPen(Theme::line());
        p.drawLine(QPointF(tx, axisY - 4), QPointF(tx, axisY));
        QColor grid = Theme::line();
        grid.setAlphaF(0.12f);
        p.setPen(grid);
        p.drawLine(QPointF(tx, axisY), QPointF(tx, widget.height()));
        p.setPen(Theme::text());
        const QString label =
            t < 0.5 ? QStringLiteral("0")
                    : QStringLiteral("+") +
                          shortDuration(SimTime::fromNanos(static_cast<std::int64_t>(t)));
        const double w = fm.horizontalAdvance(label);
        p.drawText(QPointF(std::clamp(tx - w / 2, left - 4, widget.width() - kWaterfallMargin - w),
                           axisY - 6),
                   label);
    }
}

} // namespace

void paintWaterfallHeader(QPainter& p, const WaterfallWidget& widget) {
    paintTitle(p, widget);
    paintLegend(p, widget);
    paintAxis(p, widget);
}

} // namespace evsim::gui
