#pragma once

#include "session/run_index.h"

#include <QColor>
#include <QGraphicsItem>
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

    // `badges`: for each edge that merged its tokens, where to draw the count.
    void setTokens(std::vector<PlacedToken> tokens, std::vector<std::pair<QPointF, int>> badges);
    const std::vector<PlacedToken>& tokens() const { return m_tokens; }
    // The token drawn at `scenePos` (the topmost), if any.
    std::optional<PlacedToken> tokenAt(QPointF scenePos) const;
    void setSelectedMessage(std::uint32_t message);
    void setArea(const QRectF& sceneArea);

    QRectF boundingRect() const override { return m_area; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    std::vector<PlacedToken> m_tokens;
    std::vector<std::pair<QPointF, int>> m_badges;
    std::uint32_t m_selected = 0;
    QRectF m_area;
};

} // namespace evsim::gui
