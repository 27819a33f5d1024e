#pragma once

#include "gui/views/topology/topology_graph.h"

#include <QString>

namespace evsim {
struct Scenario;
}

namespace evsim::gui {

class NodeItem;

// What hovering a node says: what it is, what its shape and marks mean, and its live figures
// (depth, instance states) as the item holds them at the cursor.
QString nodeToolTip(const NodeItem& item);
// What an edge carries, its routing keys and, for edges over the network, the link's latency.
QString edgeToolTip(const TopologyGraph::Edge& edge, const TopologyGraph& graph,
                    const Scenario& scenario);

} // namespace evsim::gui
