#pragma once

#include "gui/views/topology/topology_graph.h"

#include <QString>
#include <optional>
#include <set>

namespace evsim::gui {

// How the canvas gathers nodes into groups, so that a system of hundreds of queues reads as a
// few dozen boxes.
enum class NodeGrouping {
    None,
    // Nodes of one kind whose names start with the same word: "billing.invoices" and
    // "billing.refunds" (words end at . - _ / :), or "worker3" and "worker12" (a name's
    // trailing number).
    NamePrefix,
    // The queues that one service consumes, and nothing else.
    ConsumingService,
};

QString groupingName(NodeGrouping grouping); // "none", "prefix", "service"
std::optional<NodeGrouping> groupingNamed(const QString& name);

// The group `node` of `graph` belongs to under `grouping`: a key naming its kind and what its
// members share ("queue:billing"); "" when it stays on its own.
QString groupOf(const TopologyGraph& graph, int node, NodeGrouping grouping);
// What a group is called on the canvas: "billing.*", "queues of worker".
QString groupDisplayName(const QString& key);

// `full` with every group of two or more nodes drawn as one node, except the groups whose keys
// are in `expanded`. A collapsed node adds up what it stands for (members, instances, queue
// positions), answers nodeOf() for each member's entity, and keeps the arrows of its members,
// merged where several ran to the same node. Every node is marked with its group (Node::group).
TopologyGraph collapseGroups(const TopologyGraph& full, NodeGrouping grouping,
                             const std::set<QString>& expanded);

} // namespace evsim::gui
