#include "gui/views/topology/topology_scene.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/broker_frame.h"
#include "gui/views/topology/edge_item.h"
#include "gui/views/topology/graph_layout.h"
#include "gui/views/topology/link_faults.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/token_layer.h"
#include "gui/views/topology/topology_tooltips.h"
#include "harness/session/run_data.h"
#include "simulator/scenario/scenario.h"

#include <algorithm>
#include <set>

namespace evsim::gui {
namespace {

using Kind = TopologyGraph::Node::Kind;

bool isService(Kind kind) {
    return kind == Kind::Producer || kind == Kind::Consumer;
}

// Where a hop that has not ended yet waits on its edge (a delivery held by a hung consumer).
constexpr double kHeldAt = 0.9;

bool inBroker(Kind kind) {
    return kind == Kind::Exchange || kind == Kind::Queue;
}

} // namespace

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {
    // A few hundred items at most, one of them (the tokens) changing every frame: an index
    // would cost more than it saves.
    setItemIndexMethod(NoIndex);
    m_tokens = new TokenLayer;
    addItem(m_tokens);
    m_frame = new BrokerFrame;
    addItem(m_frame);
}

TopologyScene::~TopologyScene() = default;

void TopologyScene::clearTopology() {
    for (EdgeItem* e : m_edges) {
        delete e;
    }
    for (NodeItem* n : m_nodes) {
        delete n;
    }
    m_edges.clear();
    m_nodes.clear();
    m_graph = {};
    m_laidOut.clear();
    m_consumersOf.clear();
    m_tokens->setTokens({}, {});
    m_frame->setFrame({});
    m_moved = false;
    restartRun();
}

void TopologyScene::build(TopologyGraph graph, const Scenario& scenario,
                          const EntityTable& entities, const std::optional<NodePositions>& saved) {
    clearTopology();
    m_graph = std::move(graph);
    for (EntityId id = 1; id < entities.size(); ++id) {
        if (entities[id].kind == EntityKind::Consumer) {
            m_consumersOf[{entities[id].parent, entities[id].instance}].push_back(id);
        }
    }
    LayoutInput input;
    input.clusterMargin = BrokerFrame::titleHeight() + 10;
    for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
        auto* item = new NodeItem(m_graph.nodes[i], static_cast<int>(i));
        item->setToolTip(nodeToolTip(*item));
        item->onMoved = [this](int index) {
            nodeMoved(index);
        };
        addItem(item);
        m_nodes.push_back(item);
        input.nodes.push_back({item->size(), inBroker(m_graph.nodes[i].kind)});
    }
    for (const TopologyGraph::Edge& e : m_graph.edges) {
        // Emitted events and dead letters run back against the flow: routed, not ranked.
        const bool ranks = e.kind != TopologyGraph::Edge::Kind::Emit &&
                           e.kind != TopologyGraph::Edge::Kind::DeadLetter;
        input.edges.push_back({e.from, e.to, ranks});
        auto* item = new EdgeItem(e, *m_nodes[static_cast<std::size_t>(e.from)],
                                  *m_nodes[static_cast<std::size_t>(e.to)]);
        item->setToolTip(edgeToolTip(item->edge(), m_graph, scenario));
        addItem(item);
        m_edges.push_back(item);
        // A label sits between two columns with room to spare around it.
        input.columnGap = std::max(input.columnGap, item->patternWidth() + 56);
    }
    const LayoutResult layout = layoutGraph(input);
    m_layoutError = layout.error;
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        m_laidOut[m_nodes[i]->node().key] = layout.centres[i];
    }
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const TopologyGraph::Edge& e = m_edges[i]->edge();
        m_edges[i]->setRoute(layout.edges[i], layout.centres[static_cast<std::size_t>(e.from)],
                             layout.centres[static_cast<std::size_t>(e.to)]);
    }
    place(saved ? *saved : m_laidOut);
    m_moved = false;
}

void TopologyScene::restartRun() {
    m_scannedData = nullptr;
    m_scanned = 0;
    m_deadLettered.clear();
}

void TopologyScene::resetLayout() {
    place(m_laidOut);
    m_moved = true;
}

void TopologyScene::place(const NodePositions& positions) {
    m_placing = true;
    for (NodeItem* n : m_nodes) {
        const auto it = positions.find(n->node().key);
        if (it != positions.end()) {
            n->setPos(it->second);
        }
    }
    m_placing = false;
    for (EdgeItem* e : m_edges) {
        e->updatePath();
    }
    updateArea();
}

void TopologyScene::nodeMoved(int index) {
    if (m_placing) {
        return;
    }
    m_moved = true;
    for (EdgeItem* e : m_edges) {
        if (e->edge().from == index || e->edge().to == index) {
            e->updatePath();
        }
    }
    // While a node is dragged the scene keeps its rectangle: a new one scrolls the view, the
    // view replays the mouse move, which moves the node again, and so on until the stack runs
    // out. The rectangle follows when the drag ends.
    const bool dragging = mouseGrabberItem() != nullptr;
    updateArea(!dragging);
    m_areaBehind = m_areaBehind || dragging;
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_areaBehind && mouseGrabberItem() == nullptr) {
        m_areaBehind = false;
        updateArea(true);
    }
}

void TopologyScene::updateArea(bool sceneRectToo) {
    QRectF broker;
    QRectF all;
    for (NodeItem* n : m_nodes) {
        all |= n->sceneBoundingRect();
        if (inBroker(n->node().kind)) {
            broker |= n->sceneBoundingRect();
        }
    }
    if (!broker.isEmpty()) {
        broker.adjust(-16, -BrokerFrame::titleHeight() - 4, 16, 14);
    }
    m_frame->setFrame(broker);
    for (EdgeItem* e : m_edges) {
        all |= e->sceneBoundingRect();
    }
    all |= broker;
    m_tokens->setArea(all.adjusted(-20, -20, 20, 20));
    if (sceneRectToo) {
        setSceneRect(all.adjusted(-40, -40, 40, 40));
    }
}

NodeItem* TopologyScene::node(const QString& key) const {
    const int i = m_graph.nodeOfKey(key);
    return i < 0 ? nullptr : m_nodes[static_cast<std::size_t>(i)];
}

const std::vector<PlacedToken>& TopologyScene::tokens() const {
    return m_tokens->tokens();
}

NodePositions TopologyScene::positions() const {
    NodePositions out;
    for (NodeItem* n : m_nodes) {
        out[n->node().key] = n->pos();
    }
    return out;
}

void TopologyScene::showAt(const RunData& data, const Scenario& effective, const RunState& state,
                           const std::vector<Token>& tokens, SimTime t) {
    if (m_nodes.empty()) {
        return;
    }
    scanDeadLetters(data);
    const Publishing publishing = placeTokens(data, tokens, t);
    showNodeStates(data, state, publishing, t);
    m_frame->setDown(state.brokerDown);
    showCluster(data, state);
    showLinkFaults(effective, t);
}

void TopologyScene::showCluster(const RunData& data, const RunState& state) {
    if (m_clusterData != &data) { // a cluster's brokers are "broker-1", "broker-2", …
        m_clusterData = &data;
        m_clusterNodes.clear();
        const EntityTable& entities = data.entities();
        for (EntityId e = 1; e < entities.size(); ++e) {
            if (isClusterBroker(entities[e])) {
                m_clusterNodes.push_back(e);
            }
        }
    }
    if (m_clusterNodes.empty()) {
        return;
    }
    QStringList parts{tr("%1 brokers").arg(m_clusterNodes.size())};
    bool trouble = false;
    for (const EntityId e : m_clusterNodes) {
        const QString name = QString::fromStdString(data.entities()[e].name);
        if (e < state.nodeDown.size() && state.nodeDown[e]) {
            parts << tr("%1 stopped").arg(name);
            trouble = true;
        } else if (e < state.nodeSlow.size() && state.nodeSlow[e]) {
            parts << tr("%1 slow").arg(name);
            trouble = true;
        }
    }
    m_frame->setNote(parts.join(QStringLiteral(" · ")), trouble);
}

// When each message was dead-lettered, from the records not read yet.
void TopologyScene::scanDeadLetters(const RunData& data) {
    if (m_scannedData != &data || m_scanned > data.records().size()) {
        m_scannedData = &data;
        m_scanned = 0;
        m_deadLettered.clear();
    }
    for (; m_scanned < data.records().size(); ++m_scanned) {
        const Record& r = data.records()[m_scanned];
        if (r.kind == RecordKind::DeadLettered) {
            if (m_deadLettered.size() <= r.message) {
                m_deadLettered.resize(r.message + 1, SimTime::max());
            }
            m_deadLettered[r.message] = std::min(m_deadLettered[r.message], r.time);
        }
    }
}

// The tokens in flight at `t` on their edges (merged into a count where an edge has many), and
// which producer instances are publishing.
TopologyScene::Publishing TopologyScene::placeTokens(const RunData& data,
                                                     const std::vector<Token>& tokens, SimTime t) {
    const EntityTable& entities = data.entities();
    Publishing publishing;
    std::vector<PlacedToken> placed;
    placed.reserve(tokens.size());
    std::vector<int> perEdge(m_edges.size(), 0);
    std::vector<QColor> colours; // by event type, looked up once per frame
    for (const Token& token : tokens) {
        const int edge = m_graph.edgeBetween(m_graph.nodeOf(token.from, entities),
                                             m_graph.nodeOf(token.to, entities));
        if (edge < 0) {
            continue; // published by an operator: no node to start from
        }
        if (token.kind == Token::Kind::Publish && token.from < entities.size()) {
            publishing.insert({entities[token.from].parent, entities[token.from].instance});
        }
        const double fraction = token.end == SimTime::max()
                                    ? kHeldAt
                                    : static_cast<double>((t - token.start).nanos()) /
                                          static_cast<double>(std::max<std::int64_t>(
                                              1, (token.end - token.start).nanos()));
        PlacedToken p;
        p.token = token;
        p.edge = edge;
        p.pos = m_edges[static_cast<std::size_t>(edge)]->pointAt(fraction);
        const Message* message = data.message(token.message);
        const std::size_t type = message != nullptr ? message->eventType : 0;
        while (colours.size() <= type) {
            colours.push_back(Theme::eventType(static_cast<int>(colours.size())));
        }
        p.colour = colours[type];
        p.deadLettered =
            token.message < m_deadLettered.size() && m_deadLettered[token.message] <= token.start;
        ++perEdge[static_cast<std::size_t>(edge)];
        placed.push_back(p);
    }
    std::vector<TokenLayer::Badge> badges;
    std::vector<int> held(m_edges.size(), 0); // deliveries not processed (yet) at the frontier
    for (PlacedToken& p : placed) {
        p.merged = perEdge[static_cast<std::size_t>(p.edge)] > TokenLayer::kMergeAbove;
        held[static_cast<std::size_t>(p.edge)] += !p.merged && p.token.end == SimTime::max();
    }
    for (std::size_t e = 0; e < perEdge.size(); ++e) {
        if (perEdge[e] > TokenLayer::kMergeAbove) {
            badges.push_back({m_edges[e]->pointAt(0.5), perEdge[e], false});
        } else if (held[e] > 1) {
            badges.push_back({m_edges[e]->pointAt(kHeldAt), held[e], true});
        }
    }
    m_tokens->setTokens(std::move(placed), std::move(badges));
    return publishing;
}

// Queue depths and rates, faults and each instance's state (crashed, hung, paused, busy, idle)
// at the state shown; a collapsed group adds up its members.
void TopologyScene::showNodeStates(const RunData& data, const RunState& state,
                                   const Publishing& publishing, SimTime t) {
    const EntityTable& entities = data.entities();
    // The last metrics sample at or before `t` gives the rates.
    const MetricsSample* sample = data.sampleAt(t);
    for (NodeItem* n : m_nodes) {
        const TopologyGraph::Node& spec = n->node();
        bool changed = false;
        if (spec.kind == Kind::Queue) {
            std::int64_t ready = 0;
            std::int64_t unacked = 0;
            for (const EntityId q : spec.members) {
                if (q < state.queues.size()) {
                    ready += state.queues[q].ready;
                    unacked += state.queues[q].unacked;
                }
            }
            double in = 0;
            double out = 0;
            for (const std::uint32_t source : spec.sources) {
                if (sample != nullptr && source < sample->queues.size()) {
                    in += sample->queues[source].publishRate;
                    out += sample->queues[source].ackRate;
                }
            }
            changed = n->setDepth(ready, unacked) | n->setRates(in, out) |
                      n->setFaulted(state.brokerDown);
        } else if (spec.kind == Kind::Exchange) {
            bool deleted = !spec.members.empty();
            for (const EntityId x : spec.members) {
                deleted = deleted && x < state.deleted.size() && state.deleted[x];
            }
            changed = n->setFaulted(state.brokerDown) | n->setDeleted(deleted);
        } else if (isService(spec.kind)) {
            std::vector<InstanceState> states;
            std::vector<std::uint8_t> versions;
            bool linkFault = false;
            for (const EntityId id : spec.instances) {
                const RunState::Instance s =
                    id < state.instances.size() ? state.instances[id] : RunState::Instance{};
                linkFault = linkFault || s.linkFault;
                states.push_back(instanceState(spec, entities[id], s, state, publishing));
                versions.push_back(s.schemaVersion);
            }
            changed = n->setInstanceStates(std::move(states)) |
                      n->setVersions(std::move(versions)) | n->setFaulted(linkFault);
        }
        if (changed) {
            n->setToolTip(nodeToolTip(*n)); // live figures
        }
    }
}

InstanceState TopologyScene::instanceState(const TopologyGraph::Node& spec,
                                           const EntityInfo& instance, const RunState::Instance& s,
                                           const RunState& state,
                                           const Publishing& publishing) const {
    InstanceState shown = InstanceState::Idle;
    const std::pair owner(instance.parent, instance.instance); // (service, instance number)
    if (s.crashed) {
        shown = InstanceState::Crashed;
    } else if (s.hung) {
        shown = InstanceState::Hung;
    } else if (s.paused) {
        shown = InstanceState::Paused;
    } else if (spec.kind == Kind::Producer) {
        shown = publishing.contains(owner) ? InstanceState::Busy : InstanceState::Idle;
    } else {
        const auto it = m_consumersOf.find(owner);
        if (it != m_consumersOf.end()) {
            bool consuming = false;
            for (const EntityId c : it->second) {
                if (c < state.held.size() && state.held[c] > 0) {
                    shown = InstanceState::Busy;
                }
                consuming = consuming || c >= state.notConsuming.size() || !state.notConsuming[c];
            }
            // Cancelled everywhere and holding nothing: the queue sends it nothing.
            if (shown == InstanceState::Idle && !consuming && !it->second.empty()) {
                shown = InstanceState::NotConsuming;
            }
        }
    }
    return shown;
}

// Link faults on the edges that cross a link.
void TopologyScene::showLinkFaults(const Scenario& effective, SimTime t) {
    for (EdgeItem* e : m_edges) {
        if (e->edge().link == kNoEntity) {
            continue;
        }
        const NodeItem& service =
            e->edge().kind == TopologyGraph::Edge::Kind::Consume ? e->toNode() : e->fromNode();
        const bool toBroker = e->edge().kind != TopologyGraph::Edge::Kind::Consume;
        const std::string name = service.node().name.toStdString();
        LinkCondition c = linkConditionAt(effective, name, toBroker, t);
        if (c.label.isEmpty() && e->edge().kind == TopologyGraph::Edge::Kind::Publish) {
            // A producer hears its confirms back over the other direction.
            c = linkConditionAt(effective, name, false, t);
            if (c.partitioned) {
                c = {QStringLiteral("no confirms"), false};
            } else if (!c.label.isEmpty()) {
                c = {QStringLiteral("confirms ") + c.label, false};
            }
        }
        e->setFault(c.label, c.partitioned);
    }
}

void TopologyScene::highlightRoute(const std::vector<int>& nodes) {
    const std::set<int> lit(nodes.begin(), nodes.end());
    m_tokens->setSelectedMessage(0);
    constexpr double kSteppedBack = 0.3;
    for (NodeItem* n : m_nodes) {
        n->setHighlighted(lit.contains(n->index()));
        n->setOpacity(lit.contains(n->index()) ? 1.0 : kSteppedBack);
    }
    for (EdgeItem* e : m_edges) {
        const bool onPath = lit.contains(e->edge().from) && lit.contains(e->edge().to);
        e->setHighlighted(onPath);
        e->setOpacity(onPath ? 1.0 : kSteppedBack);
    }
}

void TopologyScene::highlight(const RunData& data, std::uint32_t message, EntityId entity,
                              int node) {
    std::set<int> touched;
    if (message != 0) {
        for (const std::size_t i : data.recordsOf(message)) {
            const Record& r = data.records()[i];
            for (const EntityId id :
                 {static_cast<EntityId>(r.entity), static_cast<EntityId>(r.aux)}) {
                const int n = m_graph.nodeOf(id, data.entities());
                if (n >= 0) {
                    touched.insert(n);
                }
            }
        }
    }
    m_tokens->setSelectedMessage(message);
    // A selected entity is focused: its node, the edges in and out of it and the nodes at
    // their other ends stand out, and the rest steps back.
    std::set<int> focused;
    if (node >= 0 && static_cast<std::size_t>(node) < m_nodes.size()) {
        focused.insert(node);
    }
    if (entity != kNoEntity) {
        for (const NodeItem* n : m_nodes) {
            const auto& instances = n->node().instances;
            const auto& members = n->node().members;
            if (std::find(members.begin(), members.end(), entity) != members.end() ||
                std::find(instances.begin(), instances.end(), entity) != instances.end()) {
                focused.insert(n->index());
            }
        }
    }
    std::set<int> neighbours = focused;
    for (const EdgeItem* e : m_edges) {
        if (focused.contains(e->edge().from) || focused.contains(e->edge().to)) {
            neighbours.insert(e->edge().from);
            neighbours.insert(e->edge().to);
        }
    }
    constexpr double kSteppedBack = 0.3;
    for (NodeItem* n : m_nodes) {
        const bool lit = touched.contains(n->index()) || neighbours.contains(n->index());
        n->setHighlighted(lit);
        n->setOpacity(focused.empty() || lit ? 1.0 : kSteppedBack);
    }
    for (EdgeItem* e : m_edges) {
        const bool onPath = touched.contains(e->edge().from) && touched.contains(e->edge().to);
        const bool atFocus = focused.contains(e->edge().from) || focused.contains(e->edge().to);
        e->setHighlighted(onPath || atFocus);
        e->setOpacity(focused.empty() || atFocus ? 1.0 : kSteppedBack);
    }
}

} // namespace evsim::gui
