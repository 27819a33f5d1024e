#include "gui/views/traces/waterfall_widget.h"

#include "gui/models/event_log_model.h"
#include "gui/theme/theme.h"
#include "gui/views/time_ticks.h"
#include "gui/views/traces/waterfall_header.h"
#include "gui/views/traces/waterfall_links.h"
#include "gui/views/traces/waterfall_marks.h"
#include "harness/session/run_data.h"
#include "simulator/engine/envelope.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

namespace evsim::gui {
namespace {

constexpr double kBarHeight = 12;
constexpr double kOpenEndRoom = 40; // pixels after the axis for "still in the queue"

QString name(const RunData& data, EntityId id) {
    return id == 0 ? QString() : QString::fromStdString(data.entities()[id].name);
}

// The mark of one event on a row's bar, at `c`: an ack's tick, a requeue's arrow, ...
void drawMark(QPainter& p, const SpanRow::Event& e, QPointF c) {
    p.setBrush(Qt::NoBrush);
    switch (e.kind) {
    case RecordKind::Acked:
        p.setPen(QPen(Theme::ok(), 2));
        p.drawPolyline(QPolygonF{c + QPointF(-1, 0), c + QPointF(3, 4), c + QPointF(9, -5)});
        break;
    case RecordKind::Requeued: {
        p.setPen(QPen(Theme::warning(), 1.5));
        p.setBrush(Theme::warning());
        p.drawPolygon(QPolygonF{c + QPointF(0, -kBarHeight / 2 - 6),
                                c + QPointF(-4, -kBarHeight / 2 - 1),
                                c + QPointF(4, -kBarHeight / 2 - 1)});
        break;
    }
    case RecordKind::DeadLettered: {
        p.setPen(QPen(Theme::error(), 1.5));
        p.setBrush(Theme::error());
        p.drawPolygon(QPolygonF{c + QPointF(0, -6), c + QPointF(6, 0), c + QPointF(0, 6),
                                c + QPointF(-6, 0)});
        break;
    }
    case RecordKind::Dropped:
    case RecordKind::LostInTransit:
        p.setPen(QPen(Theme::error(), 2.5));
        drawCross(p, c, 5);
        break;
    case RecordKind::Expired:
        p.setPen(QPen(Theme::warning(), 2));
        p.drawEllipse(c, 5, 5);
        break;
    case RecordKind::Duplicated:
        p.setPen(QPen(Theme::warning(), 1.5));
        p.drawEllipse(c + QPointF(-3, 0), 3.5, 3.5);
        p.drawEllipse(c + QPointF(3, 0), 3.5, 3.5);
        break;
    case RecordKind::Confirmed:
        p.setPen(QPen(e.detail == 1 ? Theme::error() : Theme::line(), 1.5));
        p.drawLine(c + QPointF(0, -kBarHeight / 2 - 2), c + QPointF(0, kBarHeight / 2 + 2));
        break;
    default:
        break;
    }
}

} // namespace

WaterfallWidget::WaterfallWidget(const RunData& data, QWidget* parent)
    : QWidget(parent), m_data(data) {
    setObjectName(QStringLiteral("waterfall"));
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void WaterfallWidget::setTrace(TraceSpans spans) {
    m_spans = std::move(spans);
    // Room after the axis for copies still waiting when the run (so far) ends.
    m_openEnded = std::any_of(m_spans.rows.begin(), m_spans.rows.end(), [](const SpanRow& r) {
        return !r.settled && r.enqueued != SimTime::max() &&
               (r.attempts.empty() || r.attempts.back().done != SimTime::max());
    });
    updateGeometry();
    update();
}

void WaterfallWidget::setHighlighted(std::uint32_t message) {
    if (message != m_highlighted) {
        m_highlighted = message;
        update();
    }
}

void WaterfallWidget::setCursor(SimTime t) {
    if (t != m_cursor) {
        m_cursor = t;
        update();
    }
}

int WaterfallWidget::headerHeight() const {
    return fontMetrics().height() * 3 + 16;
}

int WaterfallWidget::rowHeight() const {
    return fontMetrics().height() * 2 + 8;
}

int WaterfallWidget::labelWidth() const {
    return std::clamp(width() * 2 / 5, 220, 420);
}

QSize WaterfallWidget::sizeHint() const {
    return {800, headerHeight() + rowHeight() * static_cast<int>(m_spans.rows.size()) +
                     kWaterfallMargin};
}

QSize WaterfallWidget::minimumSizeHint() const {
    return {320, std::max(80, sizeHint().height())};
}

double WaterfallWidget::xOf(SimTime t) const {
    const double left = labelWidth() + kWaterfallMargin;
    const double right = width() - kWaterfallMargin * 2 - (m_openEnded ? kOpenEndRoom : 0);
    const double span =
        std::max<double>(1.0, static_cast<double>((m_spans.end - m_spans.start).nanos()));
    return left + (right - left) * static_cast<double>((t - m_spans.start).nanos()) / span;
}

QRectF WaterfallWidget::rowRect(int row) const {
    const double top = headerHeight() + static_cast<double>(row) * rowHeight();
    return QRectF(labelWidth() + kWaterfallMargin, top,
                  width() - labelWidth() - kWaterfallMargin * 3, rowHeight());
}

int WaterfallWidget::rowAt(double y) const {
    if (y < headerHeight()) {
        return -1;
    }
    const int row = static_cast<int>((y - headerHeight()) / rowHeight());
    return row < static_cast<int>(m_spans.rows.size()) ? row : -1;
}

std::uint32_t WaterfallWidget::messageAt(QPointF point) const {
    const int row = rowAt(point.y());
    return row < 0 ? 0 : m_spans.rows[static_cast<std::size_t>(row)].message;
}

QString WaterfallWidget::rowLabel(const SpanRow& row, bool withEvent) const {
    const QString event =
        row.eventType < m_data.eventTypes().size() && withEvent
            ? QString::fromStdString(m_data.eventTypes()[row.eventType]) + QLatin1Char(' ')
            : QString();
    const QString where = row.queue != 0 ? name(m_data, row.queue) : name(m_data, row.exchange);
    return (row.deadLettered ? tr("msg-%1 %2→ %3 (dead-lettered)") : tr("msg-%1 %2→ %3"))
        .arg(row.message)
        .arg(event, where);
}

TraceContext WaterfallWidget::contextOf(const SpanRow& row) const {
    if (const Message* m = m_data.message(row.message)) {
        return traceContextOf(m_data.seed(), *m, m_data.publisherOf(row.message));
    }
    TraceContext context;
    context.traceId = hexId(traceIdOf(m_data.seed(), m_spans.root));
    context.spanId = hexId(sendSpanIdOf(m_data.seed(), row.message));
    return context;
}

QString WaterfallWidget::rowTip(const SpanRow& row) const {
    QStringList lines{rowLabel(row)};
    const TraceContext context = contextOf(row);
    lines << tr("traceparent %1").arg(QString::fromStdString(context.traceparent()));
    if (!context.parentSpanId.empty()) {
        lines << tr("parent span %1").arg(QString::fromStdString(context.parentSpanId));
    }
    lines
        << tr("published %1 by %2").arg(shortDuration(row.published), name(m_data, row.publisher));
    if (row.enqueued != SimTime::max()) {
        lines << tr("enqueued %1 (%2 on the wire)")
                     .arg(shortDuration(row.enqueued), shortDuration(row.enqueued - row.published));
    }
    for (const SpanRow::Attempt& a : row.attempts) {
        const QString done = a.done == SimTime::max() ? tr("still processing")
                             : a.failed
                                 ? tr("failed after %1").arg(shortDuration(a.done - a.delivered))
                                 : tr("done in %1").arg(shortDuration(a.done - a.delivered));
        lines << tr("delivery %1 to %2 at %3: %4")
                     .arg(a.number)
                     .arg(name(m_data, a.consumer), shortDuration(a.delivered), done);
    }
    for (const SpanRow::Event& e : row.events) {
        Record r;
        r.kind = e.kind;
        r.detail = e.detail;
        const QString detail = EventLogModel::detailText(r);
        lines << QStringLiteral("%1 %2%3 at %4")
                     .arg(EventLogModel::kindText(r), name(m_data, e.entity),
                          detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail),
                          shortDuration(e.time));
    }
    return lines.join(QLatin1Char('\n'));
}

void WaterfallWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_spans.rows.empty()) {
        p.setPen(Theme::line());
        p.drawText(rect().adjusted(kWaterfallMargin, kWaterfallMargin, -kWaterfallMargin,
                                   -kWaterfallMargin),
                   Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Select a trace above, or a message anywhere, to see its waterfall."));
        return;
    }
    paintWaterfallHeader(p, *this);
    for (int i = 0; i < static_cast<int>(m_spans.rows.size()); ++i) {
        paintRow(p, i);
    }
    paintSpanLinks(p, *this);
    if (m_cursor >= m_spans.start && m_cursor <= m_spans.end) {
        const double x = xOf(m_cursor);
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawLine(QPointF(x, headerHeight() - 6), QPointF(x, height()));
    }
}

void WaterfallWidget::paintRow(QPainter& p, int index) const {
    const SpanRow& row = m_spans.rows[static_cast<std::size_t>(index)];
    const double top = rowRect(index).top();
    const bool highlighted = row.message == m_highlighted;
    if (highlighted) {
        QColor h = palette().color(QPalette::Highlight);
        h.setAlphaF(0.15f);
        p.fillRect(QRectF(0, top, width(), rowHeight()), h);
    } else if (index % 2 == 1) {
        p.fillRect(QRectF(0, top, width(), rowHeight()), palette().color(QPalette::AlternateBase));
    }
    paintRowLabel(p, row, top, highlighted);
    const double y = top + rowHeight() / 2.0;
    paintRowBars(p, row, y);
    for (const SpanRow::Event& e : row.events) {
        drawMark(p, e, QPointF(xOf(e.time), y));
    }
}

// The label: message, event type and queue; under it the span id and its parent's.
void WaterfallWidget::paintRowLabel(QPainter& p, const SpanRow& row, double top,
                                    bool highlighted) const {
    const QFontMetrics fm = fontMetrics();
    const double indent = kWaterfallMargin + row.depth * 14;
    const QColor colour = Theme::eventType(row.eventType);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawEllipse(QPointF(indent + 4, top + 4 + fm.height() / 2.0), 4, 4);
    QFont f = font();
    f.setBold(highlighted);
    p.setFont(f);
    p.setPen(Theme::text());
    const double textLeft = indent + 14;
    const double textWidth = labelWidth() - textLeft;
    // Without the event type (its dot's colour says it) before cutting anything else.
    QString label = rowLabel(row, true);
    if (QFontMetrics(f).horizontalAdvance(label) > textWidth) {
        label = rowLabel(row, false);
    }
    p.drawText(QPointF(textLeft, top + 4 + fm.ascent()),
               QFontMetrics(f).elidedText(label, Qt::ElideRight, static_cast<int>(textWidth)));
    const TraceContext context = contextOf(row);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(mono);
    p.setPen(Theme::line());
    QString ids = tr("span %1").arg(QString::fromStdString(context.spanId));
    if (!context.parentSpanId.empty()) {
        ids += tr(" ← %1").arg(QString::fromStdString(context.parentSpanId));
    }
    if (row.retries > 0) {
        ids += tr("  retry %1").arg(row.retries);
    }
    if (row.publishRetry) {
        ids += tr("  publish retry");
    }
    p.drawText(QPointF(textLeft, top + 4 + fm.height() + QFontMetrics(mono).ascent()),
               QFontMetrics(mono).elidedText(ids, Qt::ElideRight, static_cast<int>(textWidth)));
    p.setFont(font());
}

// The bars, from the publish on: on the wire, waiting in the queue, each delivery's processing.
void WaterfallWidget::paintRowBars(QPainter& p, const SpanRow& row, double y) const {
    const QColor colour = Theme::eventType(row.eventType);
    const QRectF bar(0, y - kBarHeight / 2, 0, kBarHeight);
    const auto span = [&](SimTime from, SimTime to) {
        const double x0 = xOf(from);
        const double x1 = std::max(xOf(to), x0 + 2);
        return QRectF(x0, bar.top(), x1 - x0, bar.height());
    };
    const SimTime arrived = row.enqueued != SimTime::max() ? row.enqueued : row.end;
    if (!row.deadLettered) {
        p.setPen(QPen(colour, 2, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(xOf(row.published), y),
                   QPointF(std::max(xOf(arrived), xOf(row.published) + 2), y));
        p.drawLine(QPointF(xOf(row.published), y - 4), QPointF(xOf(row.published), y + 4));
    }
    if (row.enqueued != SimTime::max()) {
        // Time in the queue: until each delivery, and again after each requeue.
        QColor light = colour;
        light.setAlphaF(0.28f);
        SimTime waiting = row.enqueued;
        const auto queued = [&](SimTime until) {
            if (until > waiting || until == waiting) {
                p.setPen(QPen(colour, 1, row.deadLettered ? Qt::DashLine : Qt::SolidLine));
                p.setBrush(light);
                p.drawRect(span(waiting, until));
            }
        };
        for (const SpanRow::Attempt& a : row.attempts) {
            queued(a.delivered);
            const SimTime done = a.done == SimTime::max() ? row.end : a.done;
            p.setPen(a.failed ? QPen(Theme::error(), 1) : Qt::NoPen);
            p.setBrush(a.failed ? QBrush(Theme::error(), Qt::BDiagPattern) : QBrush(colour));
            p.drawRect(span(a.delivered, done));
            waiting = done;
        }
        const bool processing = !row.attempts.empty() && row.attempts.back().done == SimTime::max();
        // Waiting again after the last attempt (or never delivered) until it left the queue: a
        // TTL, a dead-letter, a drop - or it is still there.
        SimTime left = SimTime::max();
        for (const SpanRow::Event& e : row.events) {
            if (e.time >= waiting &&
                (e.kind == RecordKind::DeadLettered || e.kind == RecordKind::Dropped ||
                 e.kind == RecordKind::Expired) &&
                left == SimTime::max()) {
                left = e.time;
            }
        }
        if (left != SimTime::max()) {
            queued(left);
        } else if (!row.settled && !processing) {
            // Still queued when the run (so far) ends: an open bar past the copy's last record.
            paintStillQueued(p, xOf(waiting), y, bar, colour);
        }
    }
}

// A copy still in the queue when the run (so far) ends: an open bar fading out from `x0`, and
// "still in the queue" after it, or above its end where there is no room after it.
void WaterfallWidget::paintStillQueued(QPainter& p, double x0, double y, const QRectF& bar,
                                       const QColor& colour) const {
    QColor light = colour;
    light.setAlphaF(0.28f);
    const double x1 = std::max(xOf(m_spans.end) + kOpenEndRoom, x0 + 36);
    QLinearGradient fadeOut(x0, 0, x1, 0);
    fadeOut.setColorAt(0, light);
    QColor clear = light;
    clear.setAlphaF(0);
    fadeOut.setColorAt(1, clear);
    p.setPen(Qt::NoPen);
    p.setBrush(fadeOut);
    p.drawRect(QRectF(x0, bar.top(), x1 - x0, bar.height()));
    p.setPen(QPen(colour, 1, Qt::DashLine));
    p.drawLine(QPointF(x0, bar.top()), QPointF(x1, bar.top()));
    p.drawLine(QPointF(x0, bar.bottom()), QPointF(x1, bar.bottom()));
    // Said after the bar, or above its end where there is no room after it.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics sm(small);
    const QString still = tr("still in the queue");
    const double w = sm.horizontalAdvance(still);
    p.setFont(small);
    p.setPen(Theme::line());
    if (x1 + 6 + w < width() - kWaterfallMargin) {
        p.drawText(QPointF(x1 + 6, y + sm.ascent() / 2.0 - 1), still);
    } else {
        p.drawText(QPointF(std::min(x1, width() - kWaterfallMargin * 1.0) - w, bar.top() - 3),
                   still);
    }
    p.setFont(font());
}

void WaterfallWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        return;
    }
    const std::uint32_t message = messageAt(event->position());
    if (message != 0) {
        Q_EMIT messageClicked(message);
    }
}

bool WaterfallWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = rowAt(help->pos().y());
        if (row >= 0) {
            QToolTip::showText(help->globalPos(),
                               rowTip(m_spans.rows[static_cast<std::size_t>(row)]), this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace evsim::gui
