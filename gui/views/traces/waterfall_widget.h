#pragma once

#include "gui/views/traces/trace_spans.h"
#include "simulator/engine/trace_context.h"

#include <QWidget>
#include <cstdint>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// One trace as a waterfall, as in Jaeger: a row per message copy (see SpanRow), nested by
// parent, on a time axis shared by all rows. Each row shows the publish on the wire (a thin
// line), the time in the queue (a light bar, dashed for a dead-lettered copy), each processing
// attempt (a solid bar; a failed one hatched in the error colour) and marks for acks (tick),
// requeues (triangle), dead-lettering (diamond) and drops and losses (cross). The header names
// the trace id; each row its message, event type, queue and span id (and its parent's).
// Clicking a row emits messageClicked.
class WaterfallWidget : public QWidget {
    Q_OBJECT
public:
    explicit WaterfallWidget(const RunData& data, QWidget* parent = nullptr);

    // Shows `spans` (an empty TraceSpans clears the view).
    void setTrace(TraceSpans spans);
    const TraceSpans& trace() const { return m_spans; }
    // Rows of this message are emphasised (0: none).
    void setHighlighted(std::uint32_t message);
    // The time cursor, drawn as a vertical line when it falls inside the trace.
    void setCursor(SimTime t);

    // Geometry, for clicks and tests: the x of an instant, the rectangle of a row's bars and
    // the message of the row at a point (0 for none).
    double xOf(SimTime t) const;
    QRectF rowRect(int row) const;
    std::uint32_t messageAt(QPointF point) const;
    int headerHeight() const; // above the rows: trace id, legend, axis
    int labelWidth() const;   // of the column of row labels on the left
    const RunData& data() const { return m_data; }

    QSize sizeHint() const override;
    // As tall as its rows: in a scroll area, a long trace scrolls instead of being cut off.
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void messageClicked(std::uint32_t message);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override; // row tooltips

private:
    int rowHeight() const;
    int rowAt(double y) const;
    QString rowLabel(const SpanRow& row, bool withEvent = true) const;
    QString rowTip(const SpanRow& row) const;
    // The trace context the row's message carries.
    TraceContext contextOf(const SpanRow& row) const;
    void paintRow(QPainter& p, int index) const;
    void paintRowLabel(QPainter& p, const SpanRow& row, double top, bool highlighted) const;
    void paintRowBars(QPainter& p, const SpanRow& row, double y) const;
    void paintStillQueued(QPainter& p, double x0, double y, const QRectF& bar,
                          const QColor& colour) const;

    const RunData& m_data;
    TraceSpans m_spans;
    std::uint32_t m_highlighted = 0;
    SimTime m_cursor;
    bool m_openEnded = false; // a copy is still queued at the trace's end
};

} // namespace evsim::gui
