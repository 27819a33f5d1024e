#pragma once

#include "gui/views/topology/layout_file.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_graph.h"
#include "harness/session/run_index.h"

#include <QGraphicsScene>
#include <map>
#include <set>
#include <vector>

namespace evsim {
class RunData;
struct Scenario;
} // namespace evsim

namespace evsim::gui {

class BrokerFrame;
class EdgeItem;
class NodeItem;
class TokenLayer;
struct PlacedToken;

// The canvas's contents: the topology of one scenario, laid out left to right, and the run at
// one instant drawn over it (depth bars, instance states, link faults, tokens in flight).
// Built on the GUI thread (the layout engine is not thread-safe).
class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit TopologyScene(QObject* parent = nullptr);
    ~TopologyScene() override;

    // Draws `graph` (of `scenario`, as its run numbered the entities: buildTopologyGraph, maybe
    // grouped by collapseGroups) and places it: at `saved` when given (it names every node),
    // otherwise where the layout engine says.
    void build(TopologyGraph graph, const Scenario& scenario, const EntityTable& entities,
               const std::optional<NodePositions>& saved);
    void clearTopology();
    bool built() const { return !m_nodes.empty(); }
    // Back to the layout engine's places.
    void resetLayout();

    // Shows the run at `t`: `state` and `tokens` come from its RunIndex.
    void showAt(const RunData& data, const Scenario& effective, const RunState& state,
                const std::vector<Token>& tokens, SimTime t);
    // The run starts again from the beginning (same scenario, same entities): forget what was
    // learnt from its records.
    void restartRun();
    // Lights up the nodes and edges a message went through (0: none), or focuses one entity, or
    // one node (a collapsed group, which is no one entity; -1: none).
    void highlight(const RunData& data, std::uint32_t message, EntityId entity, int node = -1);
    // Lights up `nodes` (an exchange and the queues a key reaches; -1 entries are skipped)
    // and the edges between them; the rest steps back.
    void highlightRoute(const std::vector<int>& nodes);

    const TopologyGraph& graph() const { return m_graph; }
    const std::vector<NodeItem*>& nodes() const { return m_nodes; }
    const std::vector<EdgeItem*>& edges() const { return m_edges; }
    NodeItem* node(const QString& key) const;
    const TokenLayer& tokenLayer() const { return *m_tokens; }
    const std::vector<PlacedToken>& tokens() const;
    NodePositions positions() const;
    // Whether the user moved a node since the last build or markSaved().
    bool moved() const { return m_moved; }
    void markSaved() { m_moved = false; }
    QString layoutError() const { return m_layoutError; }

protected:
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

private:
    void place(const NodePositions& positions);
    void nodeMoved(int index);
    // The broker's frame and the tokens' area around the nodes, and the scene's rectangle too
    // unless `sceneRectToo` is false.
    void updateArea(bool sceneRectToo = true);

    // (service entity, instance number) of the producer instances with a publish in flight.
    using Publishing = std::set<std::pair<EntityId, std::uint32_t>>;
    void scanDeadLetters(const RunData& data);
    // The broker frame's note on a cluster's brokers (KAFKA12): stopped, slow.
    void showCluster(const RunData& data, const RunState& state);
    Publishing placeTokens(const RunData& data, const std::vector<Token>& tokens, SimTime t);
    void showNodeStates(const RunData& data, const RunState& state, const Publishing& publishing,
                        SimTime t);
    InstanceState instanceState(const TopologyGraph::Node& spec, const EntityInfo& instance,
                                const RunState::Instance& s, const RunState& state,
                                const Publishing& publishing) const;
    void showLinkFaults(const Scenario& effective, SimTime t);

    TopologyGraph m_graph;
    std::vector<NodeItem*> m_nodes;
    std::vector<EdgeItem*> m_edges;
    TokenLayer* m_tokens = nullptr;
    BrokerFrame* m_frame = nullptr;
    NodePositions m_laidOut;
    // Consumer entities by (service entity, instance number): what makes an instance busy.
    std::map<std::pair<EntityId, std::uint32_t>, std::vector<EntityId>> m_consumersOf;
    // When each message was first dead-lettered (by id), from the records seen so far.
    std::vector<SimTime> m_deadLettered;
    std::size_t m_scanned = 0;
    const RunData* m_scannedData = nullptr;
    const RunData* m_clusterData = nullptr;
    std::vector<EntityId> m_clusterNodes; // a cluster's brokers, by entity
    bool m_moved = false;
    bool m_placing = false;
    bool m_areaBehind = false; // a drag moved a node: the scene's rectangle follows at its end
    QString m_layoutError;
};

} // namespace evsim::gui
