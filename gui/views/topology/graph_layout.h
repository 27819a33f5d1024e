#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <vector>

namespace evsim::gui {

// A graph to place, as plain data: boxes of a given size and the arrows between them. Sizes
// and positions are in scene units (1 unit = 1 pixel at 100 % zoom).
struct LayoutInput {
    struct Node {
        QSizeF size;
        bool inCluster = false; // drawn inside the one shared frame (the broker's)
    };
    struct Edge {
        int from = 0;
        int to = 0;
        // False for edges that run against the flow (emitted events, dead letters back into a
        // work exchange): they are routed but do not push their target further right.
        bool ranks = true;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    double clusterMargin = 24; // room around the cluster's nodes, for its title
    // Room between one column and the next: enough for a link's fault label, or more for the
    // widest label an arrow between columns carries (a binding's pattern or headers).
    double columnGap = 79.2;
};

// Where everything went, in scene units with y growing downwards and the top left at (0, 0).
// Edge routes run from the border of the `from` box to the border of the `to` box as cubic
// Bézier control points (1 + 3n points).
struct LayoutResult {
    std::vector<QPointF> centres;            // by node
    std::vector<std::vector<QPointF>> edges; // by edge; empty when the engine gave none
    QRectF cluster;                          // empty when no node is in the cluster
    QRectF bounds;
    QString error; // "" on success; otherwise the nodes are on a simple grid
};

// Lays the graph out left to right with Graphviz's dot engine: nodes in ranks along the flow,
// crossings minimised, no two boxes overlapping (dot keeps `nodesep`/`ranksep` between
// them). Not thread-safe: Graphviz keeps global state, so call it from one thread only.
LayoutResult layoutGraph(const LayoutInput& input);

} // namespace evsim::gui
