// A large system on the canvas: it fits at a legible scale and scrolls the rest, a node is
// found by name, the minimap shows where the canvas is and moves it, and a selected entity is
// focused with its neighbours.
#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"
#include "gui/views/topology/edge_item.h"
#include "gui/views/topology/node_finder.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_canvas.h"
#include "gui/views/topology/topology_minimap.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"
#include "tests/gui/gui_test_support.h"

#include <QGraphicsView>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

class TopologyNavigationTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A system too large to fit legibly is shown at the least legible scale from where its
    // flow starts, and the rest scrolls; zooming still goes both ways from there.
    void aLargeSystemFitsAtALegibleScaleAndScrollsTheRest() {
        QTemporaryDir dir;
        SessionController controller;
        TopologyView view(controller);
        view.resize(1200, 700);
        view.show(); // the viewport takes its size
        QString errors;
        QVERIFY2(controller.openFile(test::writeWideScenario(dir.path(), 120), &errors),
                 qPrintable(errors));
        controller.runToEnd();
        QGraphicsView& canvas = view.canvas();
        view.fit();
        const double fitted = canvas.transform().m11();
        QVERIFY2(fitted >= leastLegibleScale() - 1e-9, qPrintable(QString::number(fitted)));
        const QRectF visible = canvas.mapToScene(canvas.viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(
            view.scene().node(QStringLiteral("producer:p000"))->sceneBoundingRect()));
        QVERIFY(!visible.intersects(
            view.scene().node(QStringLiteral("consumer:c119"))->sceneBoundingRect()));
        QVERIFY(canvas.verticalScrollBar()->maximum() > 0);
        view.zoomOut();
        QVERIFY(canvas.transform().m11() < fitted);
        view.zoomIn();
        view.zoomIn();
        QVERIFY(canvas.transform().m11() > fitted);
    }

    void findByNamePrefersTheWholeNameThenItsStartThenAnyPart() {
        TopologyGraph graph;
        for (const char* name : {"billing-dlq", "email", "billing", "order-billing"}) {
            TopologyGraph::Node n;
            n.name = QString::fromLatin1(name);
            graph.nodes.push_back(n);
        }
        QCOMPARE(graph.findByName(QStringLiteral("Billing")), 2);  // the whole name, any case
        QCOMPARE(graph.findByName(QStringLiteral("bill")), 0);     // the first that starts so
        QCOMPARE(graph.findByName(QStringLiteral("order-b")), 3);  // its start
        QCOMPARE(graph.findByName(QStringLiteral("-billing")), 3); // any part
        QCOMPARE(graph.findByName(QStringLiteral(" email ")), 1);  // spaces around do not count
        QCOMPARE(graph.findByName(QStringLiteral("payments")), -1);
        QCOMPARE(graph.findByName(QString()), -1);
    }

    // On a system too large to see at once: the find field goes to a node and selects it, a
    // name that matches nothing turns red, and the minimap shows where the canvas is and
    // takes it elsewhere with a click.
    void aNodeIsFoundByNameAndTheMinimapMovesTheCanvas() {
        QTemporaryDir dir;
        SessionController controller;
        TopologyView view(controller);
        view.resize(1200, 700);
        view.show();
        QString errors;
        QVERIFY2(controller.openFile(test::writeWideScenario(dir.path(), 120), &errors),
                 qPrintable(errors));
        controller.runToEnd();
        view.fit();
        QGraphicsView& canvas = view.canvas();
        const auto inSight = [&canvas](const NodeItem* node) {
            return canvas.mapToScene(canvas.viewport()->rect())
                .boundingRect()
                .contains(node->sceneBoundingRect());
        };
        const NodeItem* q100 = view.scene().node(QStringLiteral("queue:q100"));
        QVERIFY(!inSight(q100));

        NodeFinder& finder = view.finder();
        QTest::keyClicks(&finder, QStringLiteral("Q100"));
        QTest::keyClick(&finder, Qt::Key_Return);
        QVERIFY(inSight(q100));
        QCOMPARE(controller.selection().kind, Selection::Kind::Entity);
        QCOMPARE(controller.selection().id, q100->node().entity);
        QVERIFY(canvas.transform().m11() >= leastLegibleScale() - 1e-9);
        QVERIFY(q100->highlighted());

        finder.clear();
        QTest::keyClicks(&finder, QStringLiteral("no-such-node"));
        QTest::keyClick(&finder, Qt::Key_Return);
        QCOMPARE(finder.palette().color(QPalette::Text), Theme::readable(Theme::error()));
        QCOMPARE(controller.selection().id, q100->node().entity); // nothing else selected
        QTest::keyClick(&finder, Qt::Key_Backspace);
        QVERIFY(finder.palette().color(QPalette::Text) != Theme::readable(Theme::error()));

        // The minimap: shown while the canvas does not show everything; a click at its
        // bottom brings the last consumer into sight.
        view.fit();
        const TopologyMinimap& minimap = view.topologyCanvas().minimap();
        QVERIFY(minimap.isVisible());
        const NodeItem* last = view.scene().node(QStringLiteral("consumer:c119"));
        QVERIFY(!inSight(last));
        const QPoint target = minimap.mapFromScene(last->sceneBoundingRect().center());
        QTest::mouseClick(const_cast<TopologyMinimap&>(minimap).viewport(), Qt::LeftButton, {},
                          target);
        QVERIFY(inSight(last));
        QVERIFY(minimap.width() <= 180 && minimap.height() <= 180);

        // On a short strip of canvas (a 1280x720 window's) it stays small beside the system.
        view.resize(930, 300);
        view.fit();
        QVERIFY(minimap.isVisible());
        QVERIFY2(minimap.height() <= canvas.viewport()->height() * 2 / 5 &&
                     minimap.width() <= canvas.viewport()->width() / 4,
                 qPrintable(QStringLiteral("%1x%2 on %3x%4")
                                .arg(minimap.width())
                                .arg(minimap.height())
                                .arg(canvas.viewport()->width())
                                .arg(canvas.viewport()->height())));

        // A system that fits has no minimap.
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        view.fit();
        QVERIFY(!minimap.isVisible());
    }

    // Selecting a queue (or an instance) focuses it: its node, its edges and its neighbours
    // stand out, the rest steps back; selecting a message lights its path and dims nothing.
    void aSelectedEntityIsFocusedWithItsNeighbours() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1200, 700);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const TopologyScene& scene = view.scene();
        const auto node = [&scene](const char* key) {
            return scene.node(QString::fromLatin1(key));
        };
        const auto lit = [&]() {
            QStringList keys;
            for (const NodeItem* n : scene.nodes()) {
                if (n->highlighted()) {
                    keys << n->node().key;
                }
                const bool dimmed = n->opacity() < 1.0;
                if (dimmed == n->highlighted() &&
                    controller.selection().kind == Selection::Kind::Entity) {
                    keys << QStringLiteral("(dimmed and lit at once: ") + n->node().key;
                }
            }
            keys.sort();
            return keys;
        };
        controller.select(
            {Selection::Kind::Entity, node("queue:billing.orders")->node().entity, 0});
        QCOMPARE(lit(),
                 (QStringList{QStringLiteral("consumer:billing"), QStringLiteral("exchange:orders"),
                              QStringLiteral("queue:billing.orders")}));
        QVERIFY(node("queue:email.orders")->opacity() < 1.0);
        const TopologyGraph& graph = scene.graph();
        const auto edge = [&](const char* from, const char* to) {
            return scene.edges()[static_cast<std::size_t>(
                graph.edgeBetween(graph.nodeOfKey(QString::fromLatin1(from)),
                                  graph.nodeOfKey(QString::fromLatin1(to))))];
        };
        QVERIFY(edge("exchange:orders", "queue:billing.orders")->highlighted());
        QVERIFY(edge("queue:billing.orders", "consumer:billing")->highlighted());
        QVERIFY(!edge("queue:email.orders", "consumer:email")->highlighted());
        QVERIFY(edge("queue:email.orders", "consumer:email")->opacity() < 1.0);

        // An instance focuses its service's node.
        const EntityId instance = node("consumer:billing")->node().instances.at(1);
        controller.select({Selection::Kind::Entity, instance, 0});
        QCOMPARE(lit(), (QStringList{QStringLiteral("consumer:billing"),
                                     QStringLiteral("queue:billing.orders")}));

        // A message: its path, nothing dimmed.
        controller.select({Selection::Kind::Message, 1, 0});
        for (const NodeItem* n : scene.nodes()) {
            QCOMPARE(n->opacity(), 1.0);
        }
        for (const EdgeItem* e : scene.edges()) {
            QCOMPARE(e->opacity(), 1.0);
        }
    }
};

EVSIM_GUI_TEST(TopologyNavigationTest, "topology_navigation")
#include "topology_navigation_test.moc"
