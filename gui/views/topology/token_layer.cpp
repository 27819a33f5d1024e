#include "views/topology/token_layer.h"

#include "theme/theme.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <algorithm>

namespace evsim::gui {

TokenLayer::TokenLayer() {
    setZValue(2);                          // over edges and nodes
    setAcceptedMouseButtons(Qt::NoButton); // the view picks tokens (see tokenAt)
}

void TokenLayer::setTokens(std::vector<PlacedToken> tokens,
                           std::vector<std::pair<QPointF, int>> badges) {
    m_tokens = std::move(tokens);
    m_badges = std::move(badges);
    update();
}

void TokenLayer::setSelectedMessage(std::uint32_t message) {
    if (message != m_selected) {
        m_selected = message;
        update();
    }
}

void TokenLayer::setArea(const QRectF& sceneArea) {
    prepareGeometryChange();
    m_area = sceneArea;
}

std::optional<PlacedToken> TokenLayer::tokenAt(QPointF scenePos) const {
    const double reach = (kRadius + 2) * (kRadius + 2);
    for (auto it = m_tokens.rbegin(); it != m_tokens.rend(); ++it) {
        if (it->merged) {
            continue;
        }
        const QPointF d = it->pos - scenePos;
        if (d.x() * d.x() + d.y() * d.y() <= reach) {
            return *it;
        }
    }
    return std::nullopt;
}

void TokenLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                       QWidget* /*widget*/) {
    QPainter& p = *painter;
    p.setRenderHint(QPainter::Antialiasing);
    const QColor base = Theme::base();
    const QColor ring(Qt::white);
    const QColor dead = Theme::error();
    const QPen outline(base, 1);
    const QPen deadPen(dead, 2);
    const QPen ringPen(ring, 1.4);
    const QPointF behind(-3, -3);
    // Duplicates' second discs first, so that no token hides under another's shadow.
    for (const PlacedToken& t : m_tokens) {
        if (t.merged || !t.token.duplicate) {
            continue;
        }
        p.setPen(outline);
        p.setBrush(t.colour.lighter(130));
        p.drawEllipse(t.pos + behind, kRadius, kRadius);
    }
    for (const PlacedToken& t : m_tokens) {
        if (t.merged) {
            continue;
        }
        p.setPen(t.deadLettered ? deadPen : outline);
        p.setBrush(t.colour);
        p.drawEllipse(t.pos, kRadius, kRadius);
        if (t.token.redelivered) {
            p.setPen(ringPen);
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(t.pos, kRadius - 2.2, kRadius - 2.2);
        }
        if (t.token.message == m_selected && m_selected != 0) {
            p.setPen(QPen(QApplication::palette().color(QPalette::Highlight), 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(t.pos, kRadius + 3.5, kRadius + 3.5);
        }
    }
    if (!m_badges.empty()) {
        QFont font = QApplication::font();
        font.setPointSizeF(font.pointSizeF() * 0.8);
        font.setWeight(QFont::DemiBold);
        p.setFont(font);
        const QFontMetricsF fm(font);
        for (const auto& [at, count] : m_badges) {
            const QString text = QStringLiteral("%1 in flight").arg(count);
            const QSizeF size(fm.horizontalAdvance(text) + 12, fm.height() + 4);
            const QRectF r(at - QPointF(size.width() / 2, size.height() / 2), size);
            p.setPen(QPen(Theme::text(), 1));
            p.setBrush(Theme::base());
            p.drawRoundedRect(r, size.height() / 2, size.height() / 2);
            p.setPen(Theme::text());
            p.drawText(r, Qt::AlignCenter, text);
        }
    }
}

} // namespace evsim::gui
