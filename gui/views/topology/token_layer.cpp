#include "gui/views/topology/token_layer.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <algorithm>
#include <cmath>

namespace evsim::gui {

TokenLayer::TokenLayer() {
    setZValue(2);                          // over edges and nodes
    setAcceptedMouseButtons(Qt::NoButton); // the view picks tokens (see tokenAt)
}

void TokenLayer::setTokens(std::vector<PlacedToken> tokens, std::vector<Badge> badges) {
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

const QPixmap& TokenLayer::sprite(const QColor& colour, int style, double scale,
                                  double pixelRatio) const {
    const QColor base = Theme::base();
    if (scale != m_spriteScale || pixelRatio != m_spriteRatio || base != m_spriteBase) {
        m_sprites.clear();
        m_spriteScale = scale;
        m_spriteRatio = pixelRatio;
        m_spriteBase = base;
    }
    const quint64 key = (quint64{colour.rgba()} << 8) | static_cast<quint64>(style);
    const auto it = m_sprites.find(key);
    if (it != m_sprites.end()) {
        return it->second;
    }
    // Room for the disc, its outline and a duplicate's second disc up and to the left.
    const double side = (2 * kRadius + 2 * kSpriteMargin) * scale;
    const int pixels = static_cast<int>(std::ceil(side * pixelRatio));
    QPixmap pixmap(pixels, pixels);
    pixmap.setDevicePixelRatio(pixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(scale, scale);
    const QPointF centre(kRadius + kSpriteMargin, kRadius + kSpriteMargin);
    const QPen outline(base, 1);
    if ((style & Duplicate) != 0) {
        p.setPen(outline);
        p.setBrush(colour.lighter(130));
        p.drawEllipse(centre - QPointF(3, 3), kRadius, kRadius);
    }
    p.setPen((style & DeadLettered) != 0 ? QPen(Theme::error(), 2) : outline);
    p.setBrush(colour);
    p.drawEllipse(centre, kRadius, kRadius);
    if ((style & Redelivered) != 0) {
        p.setPen(QPen(Qt::white, 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(centre, kRadius - 2.2, kRadius - 2.2);
    }
    p.end();
    return m_sprites.emplace(key, std::move(pixmap)).first->second;
}

void TokenLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                       QWidget* /*widget*/) {
    QPainter& p = *painter;
    // Thousands of discs: each is a small picture drawn once per colour and style and zoom,
    // then copied into place in device coordinates.
    const QTransform world = p.worldTransform();
    const double scale = std::sqrt(std::abs(world.determinant()));
    const double ratio = p.device() != nullptr ? p.device()->devicePixelRatioF() : 1.0;
    const double half = (kRadius + kSpriteMargin) * scale;
    p.save();
    p.resetTransform();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (const PlacedToken& t : m_tokens) {
        if (t.merged) {
            continue;
        }
        const int style = (t.token.duplicate ? Duplicate : 0) |
                          (t.token.redelivered ? Redelivered : 0) |
                          (t.deadLettered ? DeadLettered : 0);
        const QPointF at = world.map(t.pos);
        // Whole pixels: a plain copy rather than a resampled one.
        p.drawPixmap(QPoint(qRound(at.x() - half), qRound(at.y() - half)),
                     sprite(t.colour, style, scale, ratio));
    }
    p.restore();
    p.setRenderHint(QPainter::Antialiasing);
    if (m_selected != 0) {
        for (const PlacedToken& t : m_tokens) {
            if (t.token.message == m_selected && !t.merged) {
                p.setPen(QPen(QApplication::palette().color(QPalette::Highlight), 2.5));
                p.setBrush(Qt::NoBrush);
                p.drawEllipse(t.pos, kRadius + 3.5, kRadius + 3.5);
            }
        }
    }
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    font.setWeight(QFont::DemiBold);
    if (!m_badges.empty() && legibleUnder(p, font)) {
        p.setFont(font);
        const QFontMetricsF fm(font);
        for (const Badge& b : m_badges) {
            const QString text = b.pile ? QStringLiteral("×%1").arg(b.count)
                                        : QStringLiteral("%1 in flight").arg(b.count);
            const QSizeF size(fm.horizontalAdvance(text) + (b.pile ? 8 : 12), fm.height() + 2);
            // A pile's count sits above its tokens, a merged edge's on the edge.
            const QPointF centre =
                b.pile ? b.at - QPointF(0, kRadius + 4 + size.height() / 2) : b.at;
            const QRectF r(centre - QPointF(size.width() / 2, size.height() / 2), size);
            p.setPen(QPen(Theme::text(), 1));
            p.setBrush(Theme::base());
            p.drawRoundedRect(r, size.height() / 2, size.height() / 2);
            p.setPen(Theme::text());
            p.drawText(r, Qt::AlignCenter, text);
        }
    }
}

} // namespace evsim::gui
