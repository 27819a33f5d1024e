// Groups on the canvas: a large system read as a few boxes, each adding up what it stands for,
// opened with a double-click, found by any member's name.
#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"
#include "gui/views/topology/node_finder.h"
#include "gui/views/topology/node_groups.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"
#include "harness/session/run_data.h"
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QFile>
#include <QGraphicsView>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>

using namespace evsim;
using namespace evsim::gui;

namespace {

using Kind = TopologyGraph::Node::Kind;

// Two billing queues read by two billing workers, two order queues read by one orders worker,
// and a queue of its own. Consumers take 200 ms a message, two at a time: every queue fills.
constexpr const char* kDomains = R"({
  "name": "domains",
  "duration": "3s",
  "broker": {
    "exchanges": [{"name": "events", "type": "direct"}],
    "queues": [{"name": "billing.invoices"}, {"name": "billing.refunds"},
               {"name": "orders.created"}, {"name": "orders.paid"}, {"name": "audit"}],
    "bindings": [
      {"exchange": "events", "queue": "billing.invoices", "key": "invoice"},
      {"exchange": "events", "queue": "billing.refunds", "key": "refund"},
      {"exchange": "events", "queue": "orders.created", "key": "created"},
      {"exchange": "events", "queue": "orders.paid", "key": "paid"},
      {"exchange": "events", "queue": "audit", "key": "paid"}]
  },
  "services": [
    {"name": "shop-api", "produces": [
      {"event": "Invoice", "exchange": "events", "routing_key": "invoice", "rate": "20/s"},
      {"event": "Refund", "exchange": "events", "routing_key": "refund", "rate": "20/s"},
      {"event": "Created", "exchange": "events", "routing_key": "created", "rate": "20/s"},
      {"event": "Paid", "exchange": "events", "routing_key": "paid", "rate": "20/s"}]},
    {"name": "billing-worker-1", "consumes": [
      {"queue": "billing.invoices", "processing": "200ms"},
      {"queue": "billing.refunds", "processing": "200ms"}]},
    {"name": "billing-worker-2", "consumes": [
      {"queue": "billing.invoices", "processing": "200ms"},
      {"queue": "billing.refunds", "processing": "200ms"}]},
    {"name": "orders-worker", "instances": 2, "consumes": [
      {"queue": "orders.created", "processing": "200ms"},
      {"queue": "orders.paid", "processing": "200ms"}]},
    {"name": "auditor", "consumes": [{"queue": "audit", "processing": "200ms"}]}
  ]
})";

QString writeDomains(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("domains.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(kDomains);
    return path;
}

bool openFile(SessionController& controller, const QString& path) {
    QString errors;
    if (path.isEmpty() || !controller.openFile(path, &errors)) {
        qWarning("%s", qPrintable(errors));
        return false;
    }
    controller.runToEnd();
    return controller.data().finished();
}

QStringList names(const TopologyGraph& graph) {
    QStringList out;
    for (const auto& n : graph.nodes) {
        out << n.name;
    }
    return out;
}

int indexOf(const TopologyGraph& graph, const QString& name) {
    return static_cast<int>(names(graph).indexOf(name));
}

// The domains system on a shown canvas, grouped by name prefix.
struct GroupedCanvas {
    QTemporaryDir dir;
    SessionController controller;
    TopologyView view{controller};
    bool ready = false;

    GroupedCanvas() {
        view.resize(1200, 700);
        view.show();
        ready = QTest::qWaitForWindowExposed(&view) && openFile(controller, writeDomains(dir));
        view.setGrouping(NodeGrouping::NamePrefix);
    }
};

TopologyGraph::Node service(const QString& name, int instances, bool collapsed) {
    TopologyGraph::Node n;
    n.kind = Kind::Consumer;
    n.name = name;
    n.collapsed = collapsed;
    n.detail = QStringLiteral("2 services");
    n.instances.assign(static_cast<std::size_t>(instances), kNoEntity);
    return n;
}

} // namespace

class NodeGroupsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    // Nodes of one kind that share their first word collapse into one node; a node whose word
    // no other shares stays itself; arrows are merged, keeping their keys; every member's
    // entity leads to the group.
    void namesSharingTheirFirstWordCollapseIntoOneNode() {
        QTemporaryDir dir;
        SessionController controller;
        QVERIFY(openFile(controller, writeDomains(dir)));
        const EntityTable& entities = controller.data().entities();
        const TopologyGraph full = buildTopologyGraph(controller.session().scenario(), entities);
        const TopologyGraph grouped = collapseGroups(full, NodeGrouping::NamePrefix, {});

        QStringList shown = names(grouped);
        shown.sort();
        QCOMPARE(shown, (QStringList{"audit", "auditor", "billing-*", "billing.*", "events",
                                     "orders-worker", "orders.*", "shop-api"}));
        const int billing = indexOf(grouped, QStringLiteral("billing.*"));
        const TopologyGraph::Node& group = grouped.nodes[static_cast<std::size_t>(billing)];
        QVERIFY(group.collapsed);
        QCOMPARE(group.kind, Kind::Queue);
        QCOMPARE(group.detail, QStringLiteral("2 queues"));
        QCOMPARE(group.memberNames, (QStringList{"billing.invoices", "billing.refunds"}));
        QCOMPARE(group.group, QStringLiteral("queue:billing.*"));
        const EntityId invoices = entities.find(EntityKind::Queue, "billing.invoices");
        const EntityId refunds = entities.find(EntityKind::Queue, "billing.refunds");
        QCOMPARE(group.members, (std::vector<EntityId>{invoices, refunds}));
        QCOMPARE(group.sources.size(), std::size_t{2});
        QCOMPARE(grouped.nodeOf(refunds, entities), billing);
        QCOMPARE(grouped.nodeOf(invoices, entities), billing);

        // The two bindings into the group are one arrow, with both keys; the four consume
        // arrows of two queues to two workers are one.
        const int events = indexOf(grouped, QStringLiteral("events"));
        const int binding = grouped.edgeBetween(events, billing);
        QVERIFY(binding >= 0);
        QCOMPARE(grouped.edges[static_cast<std::size_t>(binding)].label,
                 QStringLiteral("invoice, refund"));
        const int workers = indexOf(grouped, QStringLiteral("billing-*"));
        QVERIFY(grouped.edgeBetween(billing, workers) >= 0);
        int intoWorkers = 0;
        for (const auto& e : grouped.edges) {
            intoWorkers += e.to == workers;
        }
        QCOMPARE(intoWorkers, 1);
        // A worker's consumer entity leads to the group of workers; its instances are there.
        const EntityId worker2 = entities.find(EntityKind::Service, "billing-worker-2");
        const auto& workerGroup = grouped.nodes[static_cast<std::size_t>(workers)];
        QCOMPARE(grouped.consumerOf.at(worker2), workers);
        QCOMPARE(workerGroup.instances.size(), std::size_t{2});
        QVERIFY(workerGroup.instances[1] ==
                entities.find(EntityKind::Instance, "billing-worker-2#0"));
        QCOMPARE(grouped.edges.size(), std::size_t{7}); // of 13: 2+2 bindings and 4+2 consumes

        // A node alone under its word belongs to no group; one of an open group says which.
        const TopologyGraph open =
            collapseGroups(full, NodeGrouping::NamePrefix, {QStringLiteral("queue:billing.*")});
        const int each = indexOf(open, QStringLiteral("billing.refunds"));
        QVERIFY(each >= 0);
        QCOMPARE(open.nodes[static_cast<std::size_t>(each)].group,
                 QStringLiteral("queue:billing.*"));
        QVERIFY(!open.nodes[static_cast<std::size_t>(each)].collapsed);
        QVERIFY(open.nodes[static_cast<std::size_t>(indexOf(open, "audit"))].group.isEmpty());
        QCOMPARE(collapseGroups(full, NodeGrouping::None, {}).nodes.size(), full.nodes.size());
    }

    void aNamesTrailingNumberIsNotItsWord() {
        TopologyGraph graph;
        for (const char* name : {"worker3", "worker12", "_billing.a", "_billing.b", "solo", "7"}) {
            TopologyGraph::Node n;
            n.kind = Kind::Queue;
            n.name = QString::fromLatin1(name);
            graph.nodes.push_back(n);
        }
        QCOMPARE(groupOf(graph, 0, NodeGrouping::NamePrefix), QStringLiteral("queue:worker*"));
        QCOMPARE(groupOf(graph, 1, NodeGrouping::NamePrefix), QStringLiteral("queue:worker*"));
        // A leading separator starts no word; a plain word or a number has none to share.
        QCOMPARE(groupOf(graph, 2, NodeGrouping::NamePrefix), QStringLiteral("queue:_billing.*"));
        QCOMPARE(groupOf(graph, 4, NodeGrouping::NamePrefix), QString());
        QCOMPARE(groupOf(graph, 5, NodeGrouping::NamePrefix), QString());
        QCOMPARE(collapseGroups(graph, NodeGrouping::NamePrefix, {}).nodes.size(), std::size_t{4});
    }

    // By consuming service: the queues one service alone reads; queues that two services
    // share stay apart, and services are never grouped.
    void queuesGroupByTheOneServiceThatReadsThem() {
        QTemporaryDir dir;
        SessionController controller;
        QVERIFY(openFile(controller, writeDomains(dir)));
        const TopologyGraph full =
            buildTopologyGraph(controller.session().scenario(), controller.data().entities());
        const TopologyGraph grouped = collapseGroups(full, NodeGrouping::ConsumingService, {});
        QStringList shown = names(grouped);
        shown.sort();
        QCOMPARE(shown, (QStringList{"audit", "auditor", "billing-worker-1", "billing-worker-2",
                                     "billing.invoices", "billing.refunds", "events",
                                     "orders-worker", "queues of orders-worker", "shop-api"}));
    }

    // On the canvas, a group's bar is the sum of its members' depths at the cursor, and its
    // rates the sum of theirs at the last metrics sample.
    void aGroupAddsUpItsMembersAtTheCursor() {
        QTemporaryDir dir;
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(openFile(controller, writeDomains(dir)));
        const SimTime t = SimTime::fromMillis(2500);
        controller.setCursor(t);
        const NodeItem* invoices = view.scene().node(QStringLiteral("queue:billing.invoices"));
        const NodeItem* refunds = view.scene().node(QStringLiteral("queue:billing.refunds"));
        QVERIFY(invoices != nullptr && refunds != nullptr);
        QVERIFY(invoices->ready() + invoices->unacked() > 0); // both count
        QVERIFY(refunds->ready() + refunds->unacked() > 0);
        QVERIFY(invoices->rateIn() > 0 && refunds->rateIn() > 0);
        const std::int64_t ready = invoices->ready() + refunds->ready();
        const std::int64_t unacked = invoices->unacked() + refunds->unacked();
        const double in = invoices->rateIn() + refunds->rateIn();
        const double out = invoices->rateOut() + refunds->rateOut();

        view.setGrouping(NodeGrouping::NamePrefix);
        QCOMPARE(view.scene().node(QStringLiteral("queue:billing.invoices")), nullptr);
        const NodeItem* group = view.scene().node(QStringLiteral("group:queue:billing.*"));
        QVERIFY(group != nullptr);
        QCOMPARE(group->ready(), ready);
        QCOMPARE(group->unacked(), unacked);
        QCOMPARE(group->rateIn(), in);
        QCOMPARE(group->rateOut(), out);
        QVERIFY(group->toolTip().contains(QStringLiteral("2 queues")));
        QVERIFY(group->toolTip().contains(QStringLiteral("billing.refunds")));
        // The workers' group: both workers' instances, busy as each is.
        const NodeItem* workers = view.scene().node(QStringLiteral("group:consumer:billing-*"));
        QVERIFY(workers != nullptr);
        QCOMPARE(workers->instanceStates().size(), std::size_t{2});
        QCOMPARE(std::count(workers->instanceStates().begin(), workers->instanceStates().end(),
                            InstanceState::Busy),
                 2);
        // Back at the start, nothing is queued.
        controller.setCursor(SimTime::zero());
        QCOMPARE(group->ready() + group->unacked(), std::int64_t{0});
    }

    // A double-click on a group shows each member; the right-click menu names the group and
    // puts it back into one node; finding a member's name opens its group.
    void aGroupOpensWithADoubleClickAndClosesFromItsMembersMenu() {
        GroupedCanvas grouped;
        QVERIFY(grouped.ready);
        SessionController& controller = grouped.controller;
        TopologyView& view = grouped.view;
        QGraphicsView& canvas = view.canvas();
        const auto at = [&](const QString& key) {
            return canvas.mapFromScene(view.scene().node(key)->pos());
        };
        QVERIFY(test::contextMenuAt(canvas, at(QStringLiteral("group:queue:billing.*")))
                    .contains(QStringLiteral("Show Each of billing.*")));
        QTest::mouseDClick(canvas.viewport(), Qt::LeftButton, {},
                           at(QStringLiteral("group:queue:billing.*")));
        QTRY_VERIFY(view.scene().node(QStringLiteral("queue:billing.refunds")) != nullptr);
        QCOMPARE(view.scene().node(QStringLiteral("group:queue:billing.*")), nullptr);
        QVERIFY(view.scene().node(QStringLiteral("group:queue:orders.*")) != nullptr);
        QVERIFY(test::contextMenuAt(canvas, at(QStringLiteral("queue:billing.refunds")))
                    .contains(QStringLiteral("Collapse billing.* Into One")));
        view.collapseGroup(QStringLiteral("queue:billing.*"));
        QVERIFY(view.scene().node(QStringLiteral("group:queue:billing.*")) != nullptr);

        // Finding a member by name opens its group and selects the member.
        QVERIFY(view.findNode(QStringLiteral("orders.paid")));
        const NodeItem* paid = view.scene().node(QStringLiteral("queue:orders.paid"));
        QVERIFY(paid != nullptr);
        QCOMPARE(controller.selection().id, paid->node().entity);
        QVERIFY(view.scene().node(QStringLiteral("group:queue:billing.*")) != nullptr);
    }

    // A click on a group focuses it as a click on a node does: it and its neighbours stand
    // out, the rest steps back; selecting something else ends it.
    void aClickOnAGroupFocusesItsNeighbourhood() {
        GroupedCanvas grouped;
        QVERIFY(grouped.ready);
        SessionController& controller = grouped.controller;
        TopologyView& view = grouped.view;
        controller.select({Selection::Kind::Entity,
                           controller.data().entities().find(EntityKind::Queue, "audit"), 0});
        QGraphicsView& canvas = view.canvas();
        const NodeItem* billing = view.scene().node(QStringLiteral("group:queue:billing.*"));
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {},
                          canvas.mapFromScene(billing->pos()));
        QCOMPARE(controller.selection().kind, Selection::Kind::None);
        const auto opacity = [&](const QString& key) {
            return view.scene().node(key)->opacity();
        };
        QCOMPARE(opacity(QStringLiteral("group:queue:billing.*")), 1.0);
        QCOMPARE(opacity(QStringLiteral("exchange:events")), 1.0);          // publishes to it
        QCOMPARE(opacity(QStringLiteral("group:consumer:billing-*")), 1.0); // reads it
        QVERIFY(opacity(QStringLiteral("queue:audit")) < 1.0);              // elsewhere
        QVERIFY(view.scene().node(QStringLiteral("group:queue:billing.*"))->highlighted());
        // Selecting a queue ends the group's focus.
        controller.select({Selection::Kind::Entity,
                           controller.data().entities().find(EntityKind::Queue, "audit"), 0});
        QVERIFY(opacity(QStringLiteral("group:queue:billing.*")) < 1.0);
        QCOMPARE(opacity(QStringLiteral("queue:audit")), 1.0);
    }

    // A canvas with a collapsed group does not write the layout file: the file keeps every
    // node's own place for the canvas without groups.
    void aGroupedCanvasLeavesTheLayoutFileAlone() {
        QTemporaryDir dir;
        const QString file = writeDomains(dir);
        const QString layout = dir.filePath(QStringLiteral("domains.layout.json"));
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(openFile(controller, file));
        view.setGrouping(NodeGrouping::NamePrefix);
        view.scene().node(QStringLiteral("group:queue:billing.*"))->moveBy(0, 80);
        QVERIFY(view.scene().moved());
        QVERIFY(view.saveLayout().ok());
        QVERIFY(!QFile::exists(layout));
        view.setGrouping(NodeGrouping::None);
        view.scene().node(QStringLiteral("queue:billing.invoices"))->moveBy(0, 80);
        QVERIFY(view.saveLayout().ok());
        QVERIFY(QFile::exists(layout));
    }

    // A group of more instances than fit in one row shows one bar of their states instead of a
    // dot each (no dot to click), and stays one row tall; a small group keeps dots.
    void aLargeGroupOfInstancesShowsOneBarOfTheirStates() {
        const NodeItem dots(service(QStringLiteral("workers"), 60, false), 0);
        const NodeItem bar(service(QStringLiteral("worker-*"), 60, true), 0);
        const NodeItem small(service(QStringLiteral("worker-*"), 10, true), 0);
        const NodeItem twoRows(service(QStringLiteral("worker-*"), 20, true), 0);
        QCOMPARE(twoRows.size().height(), bar.size().height());
        QVERIFY(bar.size().height() < dots.size().height() - 20);
        for (double x = -bar.size().width() / 2; x < bar.size().width() / 2; x += 3) {
            QCOMPARE(bar.instanceAt(QPointF(x, 0)), -1);
        }
        QVERIFY(dots.instanceAt(dots.boundingRect().topLeft() + QPointF(0, 0)) == -1);
        bool anyDot = false;
        for (double y = -small.size().height() / 2; y < small.size().height() / 2; y += 1) {
            for (double x = -small.size().width() / 2; x < small.size().width() / 2; x += 1) {
                anyDot = anyDot || small.instanceAt(QPointF(x, y)) >= 0;
            }
        }
        QVERIFY(anyDot);
    }

    // View › Group Nodes sets the canvas's grouping and the next window starts with it.
    void theGroupingChosenInTheViewMenuIsKept() {
        SessionController controller;
        {
            MainWindow window(controller);
            auto* topology = window.findChild<TopologyView*>();
            QVERIFY(topology != nullptr);
            QCOMPARE(topology->grouping(), NodeGrouping::None);
            QAction* prefix = nullptr;
            for (QAction* a : window.findChildren<QAction*>()) {
                if (a->data().toString() == QStringLiteral("prefix")) {
                    prefix = a;
                }
            }
            QVERIFY(prefix != nullptr);
            prefix->trigger();
            QCOMPARE(topology->grouping(), NodeGrouping::NamePrefix);
        }
        MainWindow again(controller);
        QCOMPARE(again.findChild<TopologyView*>()->grouping(), NodeGrouping::NamePrefix);
    }
};

EVSIM_GUI_TEST(NodeGroupsTest, "node_groups")
#include "node_groups_test.moc"
