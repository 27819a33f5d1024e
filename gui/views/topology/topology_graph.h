#pragma once

#include "simulator/observe/entity_table.h"

#include <QString>
#include <QStringList>
#include <map>
#include <utility>
#include <vector>

namespace evsim {
struct Scenario;
}

namespace evsim::gui {

// What the canvas draws, as plain data derived from a scenario and its run's entity table:
// one node per exchange and queue, and per service one node for its producing side and one
// for its consuming side (a service that does both gets both, so that the flow still reads
// left to right), and the arrows between them.
struct TopologyGraph {
    struct Node {
        enum class Kind { Producer, Exchange, Queue, Consumer };
        Kind kind = Kind::Queue;
        // Stable across runs and edits of unrelated parts of the scenario: "queue:billing.orders",
        // "producer:order-service", … (the layout file keys positions by it).
        QString key;
        QString name;
        QString detail;                  // exchange type; queue type and arguments
        EntityId entity = kNoEntity;     // the exchange, queue or service
        std::vector<EntityId> instances; // services: their instance entities, in order
        EntityId linkOut = kNoEntity;    // services: the service->broker link
        EntityId linkIn = kNoEntity;     // services: the broker->service link
        bool deadLetter = false;         // a queue only dead letters (or given-up messages) reach
        std::uint64_t maxLength = 0;     // queues: x-max-length, 0 when unbounded
        // The entities the node stands for: itself alone, or every member of a collapsed group.
        std::vector<EntityId> members;
        // Queues: their positions in the broker's queue statistics (and metrics samples).
        std::vector<std::uint32_t> sources;
        // Groups (node_groups.h): the group the node belongs to ("" for none); `collapsed` when
        // the node stands for the whole group, whose members' names it then lists.
        QString group;
        bool collapsed = false;
        QStringList memberNames;
    };
    struct Edge {
        // Alternate: where an exchange sends what its bindings route nowhere.
        enum class Kind { Publish, Binding, Consume, Emit, DeadLetter, Alternate };
        Kind kind = Kind::Publish;
        int from = 0;
        int to = 0;
        EntityId link = kNoEntity; // the network link messages on it cross, if any
        QString label;             // routing keys, for tooltips
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;

    // The node an entity appears as: exchanges and queues as themselves, producers and
    // consumers as their service's producing or consuming node. -1 if none (an operator).
    int nodeOf(EntityId entity, const EntityTable& entities) const;
    int nodeOfKey(const QString& key) const;
    // The node a user means by `text` (any case): the one of that name, else the first whose
    // name starts with it, else the first whose name contains it; -1 if none. A collapsed
    // group answers for its members' names too.
    int findByName(const QString& text) const;
    // The edge from node `from` to node `to`; -1 if none.
    int edgeBetween(int from, int to) const;

    std::map<EntityId, int> byEntity;          // exchanges, queues
    std::map<EntityId, int> producerOf;        // service entity -> producing node
    std::map<EntityId, int> consumerOf;        // service entity -> consuming node
    std::map<std::pair<int, int>, int> edgeOf; // (from, to) -> edge
};

// "producer", "exchange", "queue", "consumer": what a node's key starts with.
QString nodeKindName(TopologyGraph::Node::Kind kind);

// Builds the graph of `scenario` as its run numbered the entities.
TopologyGraph buildTopologyGraph(const Scenario& scenario, const EntityTable& entities);

} // namespace evsim::gui
