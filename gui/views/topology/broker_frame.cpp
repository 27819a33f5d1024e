#include "gui/views/topology/broker_frame.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>

namespace evsim::gui {
namespace {

QFont titleFont() {
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setCapitalization(QFont::AllUppercase);
    f.setLetterSpacing(QFont::PercentageSpacing, 110);
    return f;
}

} // namespace

BrokerFrame::BrokerFrame() {
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(QObject::tr("The broker: its exchanges and queues"));
}

double BrokerFrame::titleHeight() {
    return QFontMetricsF(titleFont()).height() + 8;
}

void BrokerFrame::setFrame(const QRectF& rect) {
    if (rect != m_rect) {
        prepareGeometryChange();
        m_rect = rect;
    }
}

void BrokerFrame::setDown(bool down) {
    if (down != m_down) {
        m_down = down;
        setToolTip(down ? QObject::tr("The broker is down: nothing is routed or delivered")
                        : QObject::tr("The broker: its exchanges and queues"));
        update();
    }
}

void BrokerFrame::setNote(const QString& note, bool trouble) {
    if (note != m_note || trouble != m_trouble) {
        m_note = note;
        m_trouble = trouble;
        update();
    }
}

void BrokerFrame::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                        QWidget* /*widget*/) {
    if (m_rect.isEmpty()) {
        return;
    }
    QPainter& p = *painter;
    p.setRenderHint(QPainter::Antialiasing);
    QColor border = m_down ? Theme::error() : Theme::text();
    if (!m_down) {
        border.setAlphaF(0.25f);
    }
    QColor fill = Theme::text();
    fill.setAlphaF(Theme::dark() ? 0.04f : 0.025f);
    p.setPen(QPen(border, m_down ? 2 : 1));
    p.setBrush(fill);
    p.drawRoundedRect(m_rect, 10, 10);
    if (!legibleUnder(p, titleFont())) {
        return;
    }
    p.setFont(titleFont());
    QColor title = m_down      ? Theme::readable(Theme::error())
                   : m_trouble ? Theme::readable(Theme::warning())
                               : Theme::text();
    if (!m_down && !m_trouble) {
        title.setAlphaF(0.6f);
    }
    p.setPen(title);
    QString text = m_down ? QObject::tr("broker — down") : QObject::tr("broker");
    if (!m_note.isEmpty()) {
        text += QStringLiteral(" · ") + m_note;
    }
    const QRectF room = m_rect.adjusted(12, 6, -12, 0);
    p.drawText(room, Qt::AlignLeft | Qt::AlignTop,
               QFontMetricsF(titleFont()).elidedText(text, Qt::ElideRight, room.width()));
}

} // namespace evsim::gui
