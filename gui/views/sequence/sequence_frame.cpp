#include "gui/views/sequence/sequence_frame.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/sequence/sequence_canvas.h"
#include "gui/views/time_ticks.h"

#include <QPainter>
#include <cmath>

namespace evsim::gui {

void SequenceFrame::paintBody(QPainter& p, SimTime from, SimTime to) const {
    const double step = m_canvas.tickStep();
    QColor grid = Theme::line();
    grid.setAlphaF(0.10f);
    p.setPen(QPen(grid, 1));
    const double first = std::ceil(from.seconds() / step) * step;
    for (double s = first; s <= to.seconds() + step; s += step) {
        const double y =
            m_canvas.yOf(SimTime::fromNanos(static_cast<std::int64_t>(std::llround(s * 1e9))));
        p.drawLine(QPointF(m_canvas.gutterWidth(), y), QPointF(m_canvas.viewport()->width(), y));
    }

    // Lanes: broker entities on a tinted band, every lane a thin line.
    QColor band = Theme::neutral();
    band.setAlphaF(0.08f);
    for (int i = 0; i < m_canvas.lanes().count(); ++i) {
        const auto& lane = m_canvas.lanes().lanes()[static_cast<std::size_t>(i)];
        const double x = m_canvas.laneX(i);
        if (lane.kind == EntityKind::Exchange || lane.kind == EntityKind::Queue) {
            p.fillRect(QRectF(x - m_canvas.laneWidth(i) / 2, m_canvas.headerHeight(),
                              m_canvas.laneWidth(i), m_canvas.viewport()->height()),
                       band);
        }
        QColor line = Theme::line();
        line.setAlphaF(0.35f);
        p.setPen(QPen(line, 1));
        p.drawLine(QPointF(x, m_canvas.headerHeight()), QPointF(x, m_canvas.viewport()->height()));
    }
}

void SequenceFrame::paintGutter(QPainter& p, SimTime from, SimTime to) const {
    const QRectF gutter(0, m_canvas.headerHeight(), m_canvas.gutterWidth(),
                        m_canvas.viewport()->height() - m_canvas.headerHeight());
    p.fillRect(gutter, m_canvas.palette().color(QPalette::Window));
    p.setPen(Theme::line());
    p.drawLine(gutter.topRight(), gutter.bottomRight());
    const double step = m_canvas.tickStep();
    const double first = std::ceil(from.seconds() / step) * step;
    QFont small = m_canvas.font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetrics fm(small);
    for (double s = first; s <= to.seconds() + step; s += step) {
        const SimTime t = SimTime::fromNanos(static_cast<std::int64_t>(std::llround(s * 1e9)));
        const double y = m_canvas.yOf(t);
        if (y < m_canvas.headerHeight() + fm.height() / 2.0) {
            continue;
        }
        p.setPen(Theme::line());
        p.drawLine(QPointF(m_canvas.gutterWidth() - 5, y), QPointF(m_canvas.gutterWidth(), y));
        p.setPen(Theme::text());
        p.drawText(QRectF(2, y - fm.height() / 2.0, m_canvas.gutterWidth() - 9, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, tickLabel(s, step));
    }
    // The cursor's time, over the ticks.
    const double cy = m_canvas.yOf(m_cursor);
    if (cy >= m_canvas.headerHeight() && cy <= m_canvas.viewport()->height()) {
        const QRectF tag(0, cy - fm.height() / 2.0 - 1, m_canvas.gutterWidth() - 1,
                         fm.height() + 2);
        p.fillRect(tag, m_canvas.palette().color(QPalette::Highlight));
        p.setPen(m_canvas.palette().color(QPalette::HighlightedText));
        p.drawText(tag.adjusted(2, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter,
                   tickLabel(m_cursor.seconds(), step / 10));
    }
    p.setFont(m_canvas.font());
}

void SequenceFrame::paintHeader(QPainter& p) const {
    const QRectF header(0, 0, m_canvas.viewport()->width(), m_canvas.headerHeight());
    p.fillRect(header, m_canvas.palette().color(QPalette::Window));
    const QFontMetrics fm = m_canvas.fontMetrics();
    QFont bold = m_canvas.font();
    bold.setBold(true);
    QFont small = m_canvas.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.save();
    p.setClipRect(QRectF(m_canvas.gutterWidth(), 0,
                         m_canvas.viewport()->width() - m_canvas.gutterWidth(),
                         m_canvas.headerHeight()));
    for (int i = 0; i < m_canvas.lanes().count(); ++i) {
        const auto& lane = m_canvas.lanes().lanes()[static_cast<std::size_t>(i)];
        const double x = m_canvas.laneX(i);
        const QRectF box(x - m_canvas.laneWidth(i) / 2 + 4, 4, m_canvas.laneWidth(i) - 8,
                         m_canvas.headerHeight() - 8);
        if (box.right() < m_canvas.gutterWidth() || box.left() > m_canvas.viewport()->width()) {
            continue;
        }
        if (m_canvas.collapsed(i)) {
            p.setFont(small);
            p.setPen(Theme::line());
            p.drawText(QRectF(box.left() - 4, box.top(), box.width() + 8, fm.height()),
                       Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("▸"));
            p.setFont(bold);
            p.setPen(Theme::text());
            p.drawText(
                QRectF(box.left() - 4, box.top() + fm.height(), box.width() + 8, fm.height() + 2),
                Qt::AlignHCenter | Qt::AlignTop, lane.name.left(1));
            continue;
        }
        const BrokerSpec& broker = m_canvas.controller().session().scenario().broker;
        const QString kind =
            lane.kind == EntityKind::Exchange
                ? QString::fromUtf8(broker.targetNoun().data(),
                                    static_cast<qsizetype>(broker.targetNoun().size()))
            : lane.kind == EntityKind::Queue
                ? QString::fromUtf8(broker.sourceNoun().data(),
                                    static_cast<qsizetype>(broker.sourceNoun().size()))
            : lane.kind == EntityKind::Operator ? SequenceCanvas::tr("operator")
                                                : (lane.consumes ? SequenceCanvas::tr("consumer")
                                                                 : SequenceCanvas::tr("publisher"));
        p.setFont(small);
        p.setPen(Theme::line());
        p.drawText(QRectF(box.left(), box.top(), box.width(), fm.height()),
                   Qt::AlignHCenter | Qt::AlignTop, kind);
        p.setFont(bold);
        p.setPen(Theme::text());
        const QString name = lane.name.isEmpty() ? SequenceCanvas::tr("(default)") : lane.name;
        p.drawText(
            QRectF(box.left(), box.top() + fm.height(), box.width(), fm.height() + 2),
            Qt::AlignHCenter | Qt::AlignTop,
            QFontMetrics(bold).elidedText(name, Qt::ElideMiddle, static_cast<int>(box.width())));
    }
    p.restore();
    p.setFont(m_canvas.font());
    p.setPen(Theme::line());
    p.drawLine(header.bottomLeft(), header.bottomRight());
}

} // namespace evsim::gui
