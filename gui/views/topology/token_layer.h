#pragma once

#include "harness/session/run_index.h"

#include <QColor>
#include <QGraphicsItem>
#include <QPixmap>
#include <map>
#include <optional>
#include <vector>

namespace evsim::gui {

// A message in flight as the canvas shows it: a hop from RunIndex::tokensAt placed on its edge.
struct PlacedToken {
    Token token;
    int edge = -1;             // TopologyGraph edge it rides on
    QPointF pos;               // scene position
    QColor colour;             // its event type's
    bool deadLettered = false; // the message was dead-lettered before this hop
    bool merged = false;       // drawn as part of its edge's count badge, not on its own
};

// Every token in flight, drawn by one item (thousands of tokens would be slow as items): small
// discs in the event type's colour; a white ring for a redelivery, a second disc behind for a
// duplicate, a red outline for a dead-lettered message. An edge carrying more than
// kMergeAbove tokens shows one count badge instead, so dense runs stay readable.
class TokenLayer : public QGraphicsItem {
public:
    static constexpr int kMergeAbove = 50;
    static constexpr double kRadius = 5;

    TokenLayer();

    // A count drawn on the canvas: an edge's merged tokens ("120 in flight"), or a pile of
    // deliveries held at the same spot, still unprocessed ("×50").
    struct Badge {
        QPointF at;
        int count = 0;
        bool pile = false;
    };
    void setTokens(std::vector<PlacedToken> tokens, std::vector<Badge> badges);
    const std::vector<PlacedToken>& tokens() const { return m_tokens; }
    // The token drawn at `scenePos` (the topmost), if any.
    std::optional<PlacedToken> tokenAt(QPointF scenePos) const;
    void setSelectedMessage(std::uint32_t message);
    void setArea(const QRectF& sceneArea);

    QRectF boundingRect() const override { return m_area; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    enum Style { Duplicate = 1, Redelivered = 2, DeadLettered = 4 };
    static constexpr double kSpriteMargin = 5;
    const QPixmap& sprite(const QColor& colour, int style, double scale, double pixelRatio) const;

    std::vector<PlacedToken> m_tokens;
    std::vector<Badge> m_badges;
    std::uint32_t m_selected = 0;
    QRectF m_area;
    // Token pictures by colour and style, for one zoom, pixel ratio and background.
    mutable std::map<quint64, QPixmap> m_sprites;
    mutable double m_spriteScale = 0;
    mutable double m_spriteRatio = 0;
    mutable QColor m_spriteBase;
};

} // namespace evsim::gui
