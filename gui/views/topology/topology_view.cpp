#include "gui/views/topology/topology_view.h"

#include "gui/control/session_controller.h"
#include "gui/views/topology/layout_file.h"
#include "gui/views/topology/legend_bar.h"
#include "gui/views/topology/node_finder.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_canvas.h"
#include "gui/views/topology/topology_scene.h"

#include <QEvent>
#include <QGraphicsItem>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <algorithm>

namespace evsim::gui {

TopologyView::TopologyView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_scene(new TopologyScene(this)),
      m_canvas(new TopologyCanvas(controller, *this)), m_legend(new LegendBar(this)),
      m_finder(new NodeFinder(this)) {
    m_canvas->setScene(m_scene);
    connect(m_scene, &QGraphicsScene::sceneRectChanged, m_canvas, &TopologyCanvas::sceneResized);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_canvas, 1);
    // The key and the find field share the strip under the canvas.
    auto* strip = new QHBoxLayout;
    strip->setContentsMargins(0, 0, 6, 0);
    strip->addWidget(m_legend, 1);
    m_finder->setFixedWidth(fontMetrics().averageCharWidth() * 28);
    strip->addWidget(m_finder, 0, Qt::AlignTop);
    layout->addLayout(strip, 0);
    connect(m_finder, &NodeFinder::findRequested, this,
            [this](const QString& text) { m_finder->setNotFound(!findNode(text)); });

    connect(&controller, &SessionController::sessionOpened, this, [this] {
        m_needsBuild = true;
        m_effective.reset();
        m_expanded.clear();
        rebuild();
    });
    connect(&controller, &SessionController::interventionsChanged, this, [this] {
        m_effective.reset();
        refresh();
    });
    connect(&controller, &SessionController::runRestarted, this, [this] {
        m_scene->restartRun(); // the same RunData object fills again from its first record
        refresh();
    });
    connect(&controller, &SessionController::dataChanged, this, [this] {
        if (m_needsBuild) {
            rebuild();
        }
        refresh();
    });
    connect(&controller, &SessionController::cursorChanged, this, [this] { refresh(); });
    connect(&controller, &SessionController::playingChanged, this, [this] { refresh(); });
    connect(&controller, &SessionController::selectionChanged, this, [this] { highlight(); });
    connect(&controller, &SessionController::shownRouteChanged, this, [this] { highlight(); });
}

TopologyView::~TopologyView() = default;

void TopologyView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (QGraphicsItem* item : m_scene->items()) {
            item->update(); // drops its cached picture
        }
    }
}

QGraphicsView& TopologyView::canvas() const {
    return *m_canvas;
}

QString TopologyView::layoutPath() const {
    const QString file = m_controller.hasSession() ? m_controller.filePath() : QString();
    return file.isEmpty() ? QString() : layoutFilePath(file);
}

void TopologyView::rebuild() {
    if (!m_controller.hasSession() || m_controller.data().entities().size() <= 1) {
        m_scene->clearTopology();
        return; // the run has not numbered its entities yet
    }
    const Scenario& scenario = m_controller.session().scenario();
    const TopologyGraph full = buildTopologyGraph(scenario, m_controller.data().entities());
    TopologyGraph shown = collapseGroups(full, m_grouping, m_expanded);
    // Keys first, to check a saved layout against; a bad or stale file is simply not used.
    QStringList keys;
    for (const auto& n : shown.nodes) {
        keys << n.key;
    }
    std::optional<NodePositions> saved;
    if (const QString path = layoutPath(); !path.isEmpty()) {
        saved = readLayoutFile(path, keys);
    }
    m_scene->build(std::move(shown), scenario, m_controller.data().entities(), saved);
    m_needsBuild = false;
    QStringList names; // a collapsed group still finds its members
    for (const auto& n : full.nodes) {
        names << n.name;
    }
    names.removeDuplicates(); // a service that produces and consumes is two nodes
    m_finder->setNames(names);
    m_canvas->fitAll();
    refresh();
    highlight();
}

void TopologyView::setGrouping(NodeGrouping grouping) {
    if (grouping == m_grouping) {
        return;
    }
    m_grouping = grouping;
    m_expanded.clear();
    if (m_scene->built()) {
        rebuild();
    }
}

void TopologyView::expandGroup(const QString& key) {
    if (m_expanded.insert(key).second && m_scene->built()) {
        rebuild();
    }
}

void TopologyView::collapseGroup(const QString& key) {
    if (m_expanded.erase(key) > 0 && m_scene->built()) {
        rebuild();
    }
}

void TopologyView::refresh() {
    if (!m_controller.hasSession() || !m_scene->built()) {
        return;
    }
    if (!m_effective) {
        m_effective = m_controller.session().effective();
    }
    const RunData& data = m_controller.data();
    QStringList types;
    for (std::uint32_t i = 1; i < data.eventTypes().size(); ++i) {
        types << QString::fromStdString(data.eventTypes()[i]);
    }
    m_legend->setEventTypes(types);
    m_legend->setShowsDeletedExchanges(std::any_of(
        m_effective->timeline.begin(), m_effective->timeline.end(),
        [](const Intervention& i) { return std::holds_alternative<DeleteExchange>(i.action); }));
    m_legend->setShowsRollingDeploys(std::any_of(
        m_effective->timeline.begin(), m_effective->timeline.end(),
        [](const Intervention& i) { return std::holds_alternative<RollingDeploy>(i.action); }));
    const SimTime t = m_controller.cursor();
    // While playing, a hop shorter than kLeastVisibleHop of wall time stays in sight that long,
    // so that at 1x the millisecond hops of a typical system visibly move; paused or stepping,
    // every hop is shown exactly as long as it took.
    constexpr double kLeastVisibleHop = 0.25; // wall seconds
    const double speed = m_controller.playing() ? m_controller.speed() : 0.0;
    const SimTime linger =
        SimTime::fromNanos(static_cast<std::int64_t>(speed * kLeastVisibleHop * 1e9));
    m_scene->showAt(data, *m_effective, m_controller.index().stateAt(t),
                    m_controller.index().tokensAt(t, 2000, linger), t);
}

void TopologyView::highlight() {
    if (!m_controller.hasSession()) {
        return;
    }
    const Selection& s = m_controller.selection();
    if (s.kind != Selection::Kind::None) {
        m_focusedGroup.clear();
    }
    if (const SessionController::ShownRoute& route = m_controller.shownRoute();
        !route.queues.empty() && s.kind == Selection::Kind::None) {
        // The Routing view's answer: its exchange and the queues the key reaches.
        std::vector<int> nodes;
        const TopologyGraph& graph = m_scene->graph();
        nodes.push_back(
            graph.nodeOfKey(QStringLiteral("exchange:") + QString::fromStdString(route.exchange)));
        for (const std::string& q : route.queues) {
            nodes.push_back(graph.nodeOfKey(QStringLiteral("queue:") + QString::fromStdString(q)));
        }
        m_scene->highlightRoute(nodes);
        return;
    }
    const int group = m_focusedGroup.isEmpty()
                          ? -1
                          : m_scene->graph().nodeOfKey(QStringLiteral("group:") + m_focusedGroup);
    m_scene->highlight(m_controller.data(), s.kind == Selection::Kind::Message ? s.id : 0,
                       s.kind == Selection::Kind::Entity ? s.id : kNoEntity, group);
}

void TopologyView::focusGroup(const QString& key) {
    m_focusedGroup = key;
    if (m_controller.selection().kind != Selection::Kind::None) {
        m_controller.select({}); // and highlight() keeps the group while nothing is selected
    } else {
        highlight();
    }
}

void TopologyView::fit() {
    m_canvas->fitAll();
}

void TopologyView::zoomIn() {
    m_canvas->zoomBy(1.25);
}

void TopologyView::zoomOut() {
    m_canvas->zoomBy(0.8);
}

bool TopologyView::findNode(const QString& text) {
    int index = m_scene->graph().findByName(text);
    if (index < 0 || static_cast<std::size_t>(index) >= m_scene->nodes().size()) {
        return false;
    }
    const TopologyGraph::Node& found = m_scene->graph().nodes[static_cast<std::size_t>(index)];
    if (found.collapsed && found.name.compare(text.trimmed(), Qt::CaseInsensitive) != 0) {
        expandGroup(found.group); // the member asked for is then drawn on its own
        index = m_scene->graph().findByName(text);
        if (index < 0) {
            return false;
        }
    }
    const NodeItem& node = *m_scene->nodes()[static_cast<std::size_t>(index)];
    m_canvas->bringIntoSight(node.sceneBoundingRect());
    if (!node.node().collapsed) {
        m_controller.select({Selection::Kind::Entity, node.node().entity, 0});
    }
    return true;
}

void TopologyView::startFinding() {
    m_finder->setFocus(Qt::ShortcutFocusReason);
    m_finder->selectAll();
}

void TopologyView::resetLayout() {
    m_scene->resetLayout();
    if (const Status saved = saveLayout(); !saved.ok()) {
        qWarning("cannot save the canvas layout: %s", saved.why().c_str());
    }
    m_canvas->fitAll();
}

Status TopologyView::saveLayout() {
    const QString path = layoutPath();
    const auto& nodes = m_scene->graph().nodes;
    const bool grouped = std::any_of(nodes.begin(), nodes.end(),
                                     [](const TopologyGraph::Node& n) { return n.collapsed; });
    if (path.isEmpty() || !m_scene->built() || grouped) {
        return Status::done(); // nothing to keep yet, or not every node's own place
    }
    Status written = writeLayoutFile(path, m_scene->positions());
    if (written.ok()) {
        m_scene->markSaved();
    }
    return written;
}

} // namespace evsim::gui
