#include "gui/views/sequence/hop_painter.h"

#include "gui/models/event_log_model.h"
#include "gui/theme/theme.h"

#include <QCoreApplication>
#include <QPainter>

namespace evsim::gui {
namespace {

constexpr double kRepeatLabelAfter = 160; // pixels

void drawHead(QPainter& p, const QLineF& line, double size, bool filled) {
    if (line.length() < 1) {
        return;
    }
    const QPointF tip = line.p2();
    const QLineF back(tip, line.p1());
    QLineF a = back;
    a.setLength(size);
    QLineF b = a;
    a.setAngle(back.angle() + 25);
    b.setAngle(back.angle() - 25);
    if (filled) {
        p.save();
        p.setBrush(p.pen().color());
        p.setPen(QPen(p.pen().color(), 1));
        p.drawPolygon(QPolygonF{tip, a.p2(), b.p2()});
        p.restore();
    } else {
        p.drawPolyline(QPolygonF{a.p2(), tip, b.p2()});
    }
}

void drawDiamond(QPainter& p, QPointF c, double r) {
    p.save();
    p.setBrush(p.pen().color());
    p.drawPolygon(
        QPolygonF{c + QPointF(0, -r), c + QPointF(r, 0), c + QPointF(0, r), c + QPointF(-r, 0)});
    p.restore();
}

void drawCross(QPainter& p, QPointF c, double r) {
    p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
    p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
}

} // namespace

HopPainter::HopPainter(QPainter& painter, const QFont& font, const QPalette& palette, int lanes)
    : m_painter(painter), m_font(font), m_small(font),
      m_highlight(palette.color(QPalette::Highlight)), m_base(palette.color(QPalette::Base)),
      m_lastLabelY(static_cast<std::size_t>(std::max(0, lanes)), -1e9),
      m_lastLabel(static_cast<std::size_t>(std::max(0, lanes))) {
    m_small.setPointSizeF(font.pointSizeF() * 0.85);
}

void HopPainter::draw(const Hop& hop, const QLineF& line, int lane, const QColor& colour,
                      bool selected, bool faded, const QString& eventName) {
    QPainter& p = m_painter;
    const auto fade = [faded](QColor c) {
        if (faded) {
            c.setAlphaF(c.alphaF() * (Theme::dark() ? 0.5f : 0.35f));
        }
        return c;
    };
    const double wide = selected ? 2.0 : 0.0;
    if (selected) {
        // A halo under the selected message's hops.
        QColor halo = m_highlight;
        halo.setAlphaF(0.35f);
        p.setPen(QPen(halo, 8, Qt::SolidLine, Qt::RoundCap));
        if (hop.to == 0) {
            p.drawPoint(line.p1());
        } else {
            p.drawLine(line);
        }
    }
    const QFontMetrics fm(m_font);
    // A label needs a line of its own in its lane, and repeats the lane's previous one only
    // after a good stretch: a column of "OrderPlaced" says nothing the colour does not.
    const auto label = [&](const QString& text, QPointF at, const QColor& c) {
        if (lane < 0) {
            return;
        }
        const auto i = static_cast<std::size_t>(lane);
        const double gap = at.y() - m_lastLabelY[i];
        const bool repeat = text == m_lastLabel[i];
        if (!selected && (gap < fm.height() + 2 || (repeat && gap < kRepeatLabelAfter))) {
            return;
        }
        m_lastLabelY[i] = at.y();
        m_lastLabel[i] = text;
        p.setFont(m_small);
        // On a plate of the background, so that lines under it do not cross the letters.
        const QFontMetrics small(m_small);
        const QRectF plate(at.x() - 2, at.y() - small.ascent() - 1,
                           small.horizontalAdvance(text) + 4, small.height() + 2);
        QColor base = m_base;
        base.setAlphaF(selected ? 1.0f : 0.8f);
        p.fillRect(plate, base);
        p.setPen(Theme::readable(c));
        p.drawText(at, text);
        p.setFont(m_font);
    };
    switch (hop.kind) {
    case Hop::Kind::Publish:
    case Hop::Kind::Deliver:
    case Hop::Kind::Route: {
        const double width = (hop.kind == Hop::Kind::Route ? 1.0 : 1.5) + wide;
        const bool open = hop.end == SimTime::max();
        p.setPen(QPen(fade(colour), width, open ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(colour), width));
        drawHead(p, line, 7 + wide, true);
        if (hop.redelivered) {
            // A white ring at the start: delivered again.
            p.setPen(QPen(fade(Theme::warning()), 1.5 + wide / 2));
            p.setBrush(m_base);
            p.drawEllipse(line.p1(), 3.5, 3.5);
            p.setBrush(Qt::NoBrush);
        }
        if (hop.kind == Hop::Kind::Publish) {
            const QString& event = eventName;
            const double dir = line.dx() >= 0 ? 1 : -1;
            const QPointF at =
                line.p1() + QPointF(dir > 0 ? 6 : -6 - fm.horizontalAdvance(event), -3);
            label(event, at, fade(Theme::text()));
        }
        break;
    }
    case Hop::Kind::Ack:
        p.setPen(QPen(fade(Theme::ok()), 1.0 + wide, Qt::DotLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(Theme::ok()), 1.0 + wide));
        drawHead(p, line, 6 + wide, false);
        break;
    case Hop::Kind::Requeue:
        p.setPen(QPen(fade(Theme::warning()), 1.5 + wide, Qt::DashLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(Theme::warning()), 1.5 + wide));
        drawHead(p, line, 7 + wide, false);
        break;
    case Hop::Kind::DeadLetter:
        p.setPen(QPen(fade(Theme::error()), 2.0 + wide, Qt::DashLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(Theme::error()), 1.5));
        drawDiamond(p, line.p2(), 5 + wide / 2);
        label(QCoreApplication::translate("SequenceCanvas", "dead-lettered"),
              line.p1() + QPointF(6, -4), fade(Theme::error()));
        break;
    case Hop::Kind::Lost:
        p.setPen(QPen(fade(Theme::error()), 1.5 + wide, Qt::DashLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(Theme::error()), 2.5));
        drawCross(p, line.p2(), 5);
        label(QCoreApplication::translate("SequenceCanvas", "lost"), line.p2() + QPointF(8, -4),
              fade(Theme::error()));
        break;
    case Hop::Kind::Failed:
        p.setPen(QPen(fade(Theme::error()), 2.0 + wide / 2));
        p.setBrush(m_base);
        p.drawEllipse(line.p1(), 7, 7);
        p.setBrush(Qt::NoBrush);
        drawCross(p, line.p1(), 3.5);
        label(failedLabel(hop), line.p1() + QPointF(10, -5), fade(Theme::error()));
        break;
    case Hop::Kind::Dropped: {
        p.setPen(QPen(fade(Theme::error()), 3.0 + wide / 2));
        drawCross(p, line.p1(), 5.5);
        Record r;
        r.kind = RecordKind::Dropped;
        r.detail = hop.detail;
        label(QCoreApplication::translate("SequenceCanvas", "dropped: %1")
                  .arg(EventLogModel::detailText(r)),
              line.p1() + QPointF(9, -5), fade(Theme::error()));
        break;
    }
    case Hop::Kind::Return:
    case Hop::Kind::NotFound: {
        const QColor c = hop.kind == Hop::Kind::Return ? Theme::warning() : Theme::error();
        p.setPen(QPen(fade(c), 1.5 + wide, Qt::DashDotLine, Qt::FlatCap));
        p.drawLine(line);
        p.setPen(QPen(fade(c), 1.5 + wide));
        drawHead(p, line, 7 + wide, false);
        const QString text =
            hop.kind == Hop::Kind::Return
                ? QCoreApplication::translate("SequenceCanvas", "returned: 312 NO_ROUTE")
                : QCoreApplication::translate("SequenceCanvas", "channel closed: 404 NOT_FOUND");
        const double dir = line.dx() >= 0 ? 1 : -1;
        label(text, line.p1() + QPointF(dir > 0 ? 6 : -6 - fm.horizontalAdvance(text), -4),
              fade(c));
        break;
    }
    case Hop::Kind::Expired:
        p.setPen(QPen(fade(Theme::warning()), 2.0 + wide / 2));
        p.setBrush(m_base);
        p.drawEllipse(line.p1(), 5, 5);
        p.setBrush(Qt::NoBrush);
        label(QCoreApplication::translate("SequenceCanvas", "expired"), line.p1() + QPointF(8, -5),
              fade(Theme::warning()));
        break;
    }
}

QString HopPainter::failedLabel(const Hop& hop) {
    return hop.detail == static_cast<std::uint8_t>(FailureCause::SchemaMismatch)
               ? QCoreApplication::translate("SequenceCanvas", "failed: schema mismatch")
               : QCoreApplication::translate("SequenceCanvas", "failed");
}

} // namespace evsim::gui
