#pragma once

#include "gui/views/topology/topology_graph.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <vector>

namespace evsim::gui {

class NodeItem;

// An arrow between two nodes. It follows the layout engine's route while both ends stay where
// the layout put them, and a plain curve between their borders once the user moved one. Tokens
// ride on it: pointAt(f) is the point a fraction f of the way along (by length).
class EdgeItem : public QGraphicsItem {
public:
    EdgeItem(TopologyGraph::Edge edge, const NodeItem& from, const NodeItem& to);

    const TopologyGraph::Edge& edge() const { return m_edge; }
    const NodeItem& fromNode() const { return m_from; }
    const NodeItem& toNode() const { return m_to; }

    // The layout engine's Bézier points for the nodes at their laid-out centres.
    void setRoute(std::vector<QPointF> route, QPointF fromCentre, QPointF toCentre);
    // Recomputes the path after a node moved.
    void updatePath();
    QPointF pointAt(double fraction) const;
    const QPainterPath& path() const { return m_path; }

    // The link's condition at the cursor: "" when healthy, otherwise a short label ("loss 20 %",
    // "partitioned") drawn on the edge; a partition breaks the line.
    void setFault(const QString& label, bool partitioned);
    const QString& faultLabel() const { return m_fault; }
    // What a binding of a topic or headers exchange matches ("order.*.*", "channel=email"),
    // written on the arrow near its queue: the patterns are what a reader of such a system
    // needs to see. "" for other edges.
    const QString& patternLabel() const { return m_pattern; }
    // How wide the pattern's label is drawn; 0 without one.
    double patternWidth() const;
    void setHighlighted(bool highlighted);
    bool highlighted() const { return m_highlighted; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QRectF labelRect() const;
    QRectF patternRect() const;

    TopologyGraph::Edge m_edge;
    const NodeItem& m_from;
    const NodeItem& m_to;
    std::vector<QPointF> m_route;
    QPointF m_routeFrom;
    QPointF m_routeTo;
    QPainterPath m_path;
    std::vector<QPointF> m_samples; // equally spaced along the path, for tokens
    QString m_fault;
    QString m_pattern;
    bool m_partitioned = false;
    bool m_highlighted = false;
};

} // namespace evsim::gui
