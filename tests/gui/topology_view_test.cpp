#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/topology/canvas_text.h"
#include "gui/views/topology/edge_item.h"
#include "gui/views/topology/layout_file.h"
#include "gui/views/topology/legend_bar.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/token_layer.h"
#include "gui/views/topology/topology_canvas.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_tooltips.h"
#include "gui/views/topology/topology_view.h"
#include "simulator/broker/broker_factory.h"
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QFile>
#include <QFontMetricsF>
#include <QGraphicsView>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QStandardPaths>
#include <QStyleOptionGraphicsItem>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace evsim;
using namespace evsim::gui;

namespace {

QStringList bundledScenarioFiles() {
    return QDir(test::sourcePath(QStringLiteral("scenarios")))
        .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

// The node key an entity should appear as, worked out from the entity table alone.
QString expectedKey(const EntityTable& entities, EntityId id) {
    const EntityInfo& e = entities[id];
    switch (e.kind) {
    case EntityKind::Producer:
        return QStringLiteral("producer:") + QString::fromStdString(entities[e.parent].name);
    case EntityKind::Consumer:
        return QStringLiteral("consumer:") + QString::fromStdString(entities[e.parent].name);
    case EntityKind::Queue:
        return QStringLiteral("queue:") + QString::fromStdString(e.name);
    case EntityKind::Exchange:
        return QStringLiteral("exchange:") + QString::fromStdString(e.name);
    default:
        return {};
    }
}

double distanceToPath(const QPainterPath& path, QPointF p) {
    double best = 1e9;
    for (int i = 0; i <= 400; ++i) {
        best = std::min(best, QLineF(path.pointAtPercent(i / 400.0), p).length());
    }
    return best;
}

// A copy of a bundled scenario in a folder of its own, so layout files land there.
QString copyScenario(const QTemporaryDir& dir, const QString& name) {
    const QString target = dir.filePath(name);
    QFile::remove(target);
    if (!QFile::copy(test::sourcePath(QStringLiteral("scenarios/") + name), target)) {
        return {};
    }
    return target;
}

bool openFile(SessionController& controller, const QString& path) {
    QString errors;
    if (!controller.openFile(path, &errors)) {
        qWarning("%s", qPrintable(errors));
        return false;
    }
    controller.runToEnd();
    return controller.data().finished();
}

void sendMouse(QWidget* target, QEvent::Type type, QPoint at, Qt::MouseButtons buttons) {
    QMouseEvent event(type, QPointF(at), target->mapToGlobal(QPointF(at)), Qt::LeftButton, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(target, &event);
}

} // namespace

class TopologyViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyEntityHasANode_data() {
        QTest::addColumn<QString>("scenario");
        for (const QString& name : bundledScenarioFiles()) {
            QTest::newRow(qPrintable(name)) << name;
        }
    }

    void everyEntityHasANode() {
        QFETCH(QString, scenario);
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/") + scenario));
        const EntityTable& entities = controller.data().entities();
        const TopologyScene& scene = view.scene();
        QVERIFY(!scene.nodes().empty());
        for (EntityId id = 1; id < entities.size(); ++id) {
            const EntityInfo& e = entities[id];
            if (e.kind == EntityKind::Exchange && e.name == "(default)") {
                continue; // shown only when something publishes through it
            }
            if (e.kind == EntityKind::Instance) {
                const std::string service = entities[e.parent].name;
                bool found = false;
                for (const NodeItem* n : scene.nodes()) {
                    const auto& ids = n->node().instances;
                    found = found || std::find(ids.begin(), ids.end(), id) != ids.end();
                }
                QVERIFY2(found, e.name.c_str());
                continue;
            }
            const QString key = expectedKey(entities, id);
            if (key.isEmpty()) {
                continue; // links are edges; services appear through producers and consumers
            }
            QVERIFY2(scene.node(key) != nullptr, qPrintable(key));
        }
        // Every exchange and queue of the file (a log's topics and groups), once.
        const Scenario& s = controller.session().scenario();
        const BrokerTopology topology = describeBroker(s.broker);
        const auto declaredTargets =
            std::count_if(topology.targets.begin(), topology.targets.end(),
                          [](const BrokerTopology::Target& t) { return !t.routesByName; });
        int brokerNodes = 0;
        for (const NodeItem* n : scene.nodes()) {
            brokerNodes += n->node().kind == TopologyGraph::Node::Kind::Queue ||
                           (n->node().kind == TopologyGraph::Node::Kind::Exchange &&
                            n->node().name != QLatin1String("(default)"));
        }
        QCOMPARE(brokerNodes, static_cast<int>(topology.sources.size() + declaredTargets));
    }

    // A service node's tooltip counts its instances in the right number: billing has two,
    // email one.
    void aServiceTooltipCountsItsInstancesInTheRightNumber() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QStringList seen;
        for (const NodeItem* n : view.scene().nodes()) {
            const QString tip = nodeToolTip(*n);
            QVERIFY2(!tip.contains(QStringLiteral("(s)")), qPrintable(tip));
            if (n->node().instances.size() == 1) {
                QVERIFY2(tip.contains(QStringLiteral("1 instance:")), qPrintable(tip));
                seen << QStringLiteral("one");
            } else if (n->node().instances.size() == 2) {
                QVERIFY2(tip.contains(QStringLiteral("2 instances:")), qPrintable(tip));
                seen << QStringLiteral("two");
            }
        }
        QVERIFY(seen.contains(QStringLiteral("one")) && seen.contains(QStringLiteral("two")));
    }

    void nodesAndTheirLabelsDoNotOverlap_data() { everyEntityHasANode_data(); }

    void nodesAndTheirLabelsDoNotOverlap() {
        QFETCH(QString, scenario);
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/") + scenario));
        const auto& nodes = view.scene().nodes();
        QFont bold = QApplication::font();
        bold.setWeight(QFont::DemiBold);
        const QFontMetricsF fm(bold);
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const QRectF a = nodes[i]->sceneBoundingRect();
            // The label is drawn inside the node's rectangle, so it must fit there.
            QVERIFY2(fm.horizontalAdvance(nodes[i]->node().name) < a.width(),
                     qPrintable(nodes[i]->node().key));
            for (std::size_t j = i + 1; j < nodes.size(); ++j) {
                const QRectF b = nodes[j]->sceneBoundingRect();
                QVERIFY2(!a.intersects(b),
                         qPrintable(nodes[i]->node().key + QStringLiteral(" and ") +
                                    nodes[j]->node().key));
            }
        }
        // Laid out left to right: producers before the broker, consumers after their queues.
        for (const EdgeItem* e : view.scene().edges()) {
            if (e->edge().kind == TopologyGraph::Edge::Kind::Consume &&
                e->fromNode().node().kind == TopologyGraph::Node::Kind::Queue) {
                QVERIFY2(e->toNode().pos().x() > e->fromNode().pos().x(),
                         qPrintable(e->toNode().node().key));
            }
        }
    }

    void tokensAtTheCursorAreTheHopsUnderWay() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EntityTable& entities = controller.data().entities();
        int checkedTimes = 0;
        for (const double seconds : {0.5, 2.0, 4.25, 7.7}) {
            const SimTime t = SimTime::fromNanos(static_cast<std::int64_t>(seconds * 1e9));
            controller.setCursor(t);
            std::multiset<std::tuple<std::uint32_t, QString, QString>> expected;
            for (const Token& token : controller.index().tokensAt(t)) {
                expected.insert({token.message, expectedKey(entities, token.from),
                                 expectedKey(entities, token.to)});
            }
            std::multiset<std::tuple<std::uint32_t, QString, QString>> shown;
            for (const PlacedToken& p : view.scene().tokens()) {
                const EdgeItem* edge = view.scene().edges()[static_cast<std::size_t>(p.edge)];
                shown.insert(
                    {p.token.message, edge->fromNode().node().key, edge->toNode().node().key});
                QVERIFY(distanceToPath(edge->path(), p.pos) < 1.5);
                const Message* m = controller.data().message(p.token.message);
                QCOMPARE(p.colour, Theme::eventType(m->eventType));
            }
            QCOMPARE(shown, expected);
            checkedTimes += expected.empty() ? 0 : 1;
        }
        QVERIFY(checkedTimes >= 3); // the check saw tokens, not only empty canvases
    }

    void tokensMoveAlongTheirEdgeWithTime() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        // A finished hop: seen a quarter and three quarters of the way, it is further along.
        Token hop;
        for (const Token& token : controller.index().tokensAt(SimTime::fromSeconds(3))) {
            if (token.end != SimTime::max() && (token.end - token.start).nanos() > 4) {
                hop = token;
                break;
            }
        }
        QVERIFY(hop.message != 0);
        const auto positionAt = [&](double fraction) -> std::optional<PlacedToken> {
            controller.setCursor(
                hop.start + SimTime::fromNanos(static_cast<std::int64_t>(
                                static_cast<double>((hop.end - hop.start).nanos()) * fraction)));
            for (const PlacedToken& p : view.scene().tokens()) {
                if (p.token.message == hop.message && p.token.kind == hop.kind &&
                    p.token.to == hop.to) {
                    return p;
                }
            }
            return std::nullopt;
        };
        const std::optional<PlacedToken> early = positionAt(0.25);
        const std::optional<PlacedToken> late = positionAt(0.75);
        QVERIFY(early && late);
        const EdgeItem* edge = view.scene().edges()[static_cast<std::size_t>(early->edge)];
        const QPointF end = edge->pointAt(1);
        QVERIFY(QLineF(late->pos, end).length() < QLineF(early->pos, end).length());
    }

    void deadLetteredMessagesAreMarkedOnTheirLaterHops() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/retry-queue-backoff.json")));
        const RunData& data = controller.data();
        int marked = 0;
        int plain = 0;
        for (int s = 5; s <= 70; s += 5) {
            controller.setCursor(SimTime::fromSeconds(s));
            for (const PlacedToken& p : view.scene().tokens()) {
                bool expected = false;
                for (const std::size_t i : data.recordsOf(p.token.message)) {
                    const Record& r = data.records()[i];
                    expected =
                        expected || (r.kind == RecordKind::DeadLettered && r.time <= p.token.start);
                }
                QCOMPARE(p.deadLettered, expected);
                (expected ? marked : plain) += 1;
            }
        }
        QVERIFY(marked > 0); // retried messages come back through the delay queue's DLX
        QVERIFY(plain > 0);
    }

    void queueBarsShowTheDepthAtTheCursor() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/slow-consumer-overflow.json")));
        const SimTime t = SimTime::fromNanos(controller.end().nanos() / 2);
        controller.setCursor(t);
        const RunState state = controller.index().stateAt(t);
        bool anyDepth = false;
        for (const NodeItem* n : view.scene().nodes()) {
            if (n->node().kind != TopologyGraph::Node::Kind::Queue) {
                continue;
            }
            const RunState::Queue q = state.queues[n->node().entity];
            QCOMPARE(n->ready(), q.ready);
            QCOMPARE(n->unacked(), q.unacked);
            anyDepth = anyDepth || q.ready > 0;
        }
        QVERIFY(anyDepth); // queues at their max-length: the bars are not all empty
        // And back at the start, every bar is empty again.
        controller.setCursor(SimTime::zero());
        for (const NodeItem* n : view.scene().nodes()) {
            QCOMPARE(n->ready() + n->unacked(), std::int64_t{0});
        }
    }

    void aCrashedInstanceShowsCrashed() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const NodeItem* fulfilment = view.scene().node(QStringLiteral("consumer:fulfilment"));
        QVERIFY(fulfilment != nullptr);
        // The scenario crashes every fulfilment instance at 40s and restarts them 30s later.
        controller.setCursor(SimTime::fromSeconds(30));
        for (const InstanceState s : fulfilment->instanceStates()) {
            QVERIFY(s != InstanceState::Crashed);
        }
        controller.setCursor(SimTime::fromSeconds(55));
        QVERIFY(!fulfilment->instanceStates().empty());
        for (const InstanceState s : fulfilment->instanceStates()) {
            QCOMPARE(instanceStateName(s), QStringLiteral("crashed"));
        }
        QVERIFY(fulfilment->toolTip().contains(QStringLiteral("crashed")));
        controller.setCursor(SimTime::fromSeconds(75));
        for (const InstanceState s : fulfilment->instanceStates()) {
            QVERIFY(s != InstanceState::Crashed);
        }
    }

    // Checkout rolls out schema v2 at 20s, one instance every 10s (SCHEMA03): the moved
    // instances' dots get a ring, and the tooltip says which version each runs.
    void aRollingDeployRingsTheInstancesItMoved() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(
            controller, QStringLiteral("scenarios/rolling-deploy-schema-v2-broken.json")));
        const NodeItem* checkout = view.scene().node(QStringLiteral("producer:checkout"));
        QVERIFY(checkout != nullptr);
        using Versions = std::vector<std::uint8_t>;
        controller.setCursor(SimTime::fromSeconds(15));
        QCOMPARE(checkout->versions(), (Versions{0, 0, 0}));
        controller.setCursor(SimTime::fromSeconds(35));
        QCOMPARE(checkout->versions(), (Versions{2, 2, 0}));
        QVERIFY(checkout->toolTip().contains(QStringLiteral("#1 busy, schema v2")) ||
                checkout->toolTip().contains(QStringLiteral("#1 idle, schema v2")));
        controller.setCursor(SimTime::fromSeconds(45));
        QCOMPARE(checkout->versions(), (Versions{2, 2, 2}));
    }

    // The missing-exchange scenario deletes the payments exchange from 20s to 25s (AMQP20).
    void aDeletedExchangeIsDrawnDeletedWhileItIsGone() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/missing-exchange.json")));
        const NodeItem* payments = view.scene().node(QStringLiteral("exchange:payments"));
        QVERIFY(payments != nullptr);
        controller.setCursor(SimTime::fromSeconds(19));
        QVERIFY(!payments->deleted());
        controller.setCursor(SimTime::fromSeconds(22));
        QVERIFY(payments->deleted());
        QVERIFY(payments->toolTip().contains(QStringLiteral("404 NOT_FOUND")));
        controller.setCursor(SimTime::fromSeconds(26));
        QVERIFY(!payments->deleted());
    }

    void aDraggedNodeIsSavedAndRestored() {
        QTemporaryDir dir;
        const QString file = copyScenario(dir, QStringLiteral("hello-pubsub.json"));
        QVERIFY(!file.isEmpty());
        const QString layout = dir.filePath(QStringLiteral("hello-pubsub.layout.json"));
        QPointF moved;
        {
            SessionController controller;
            TopologyView view(controller);
            view.resize(1200, 800);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QVERIFY(openFile(controller, file));
            QCOMPARE(view.layoutPath(), layout);
            NodeItem* queue = view.scene().node(QStringLiteral("queue:email.orders"));
            QVERIFY(queue != nullptr);
            const QPointF before = queue->pos();
            QGraphicsView& canvas = view.canvas();
            QWidget* viewport = canvas.viewport();
            const QPoint from = canvas.mapFromScene(before);
            const QPoint to = from + QPoint(0, 60);
            sendMouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton);
            sendMouse(viewport, QEvent::MouseMove, from + QPoint(0, 20), Qt::LeftButton);
            sendMouse(viewport, QEvent::MouseMove, to, Qt::LeftButton);
            QVERIFY(!QFile::exists(layout)); // saved when the drag ends, not before
            sendMouse(viewport, QEvent::MouseButtonRelease, to, Qt::NoButton);
            moved = queue->pos();
            QVERIFY(moved.y() > before.y() + 10);
            QCOMPARE(moved.x(), before.x());
            QVERIFY(QFile::exists(layout));
            // The edges follow the node.
            for (const EdgeItem* e : view.scene().edges()) {
                if (&e->toNode() == queue) {
                    QVERIFY(QLineF(e->pointAt(1), queue->pos()).length() <
                            queue->boundingRect().width());
                }
            }
        }
        const std::optional<NodePositions> saved = readLayoutFile(layout, [&] {
            SessionController c;
            TopologyView v(c);
            openFile(c, file);
            QStringList keys;
            for (const NodeItem* n : v.scene().nodes()) {
                keys << n->node().key;
            }
            return keys;
        }());
        QVERIFY(saved.has_value());
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(openFile(controller, file));
        const QPointF restored = view.scene().node(QStringLiteral("queue:email.orders"))->pos();
        QVERIFY(QLineF(restored, moved).length() <= 0.5);
    }

    // Dragging a node past the canvas's edge: the scene's rectangle waits for the drag to end,
    // then takes the node in. (When it followed every move, the view could scroll, replay the
    // move, move the node again and so on until the stack ran out: the monkey test, seed 1,
    // found it within seconds.)
    void aNodeDraggedPastTheEdgeIsTakenInWhenTheDragEnds() {
        QTemporaryDir dir;
        const QString file = copyScenario(dir, QStringLiteral("hello-pubsub.json"));
        SessionController controller;
        TopologyView view(controller);
        view.resize(500, 400); // scroll bars: a new scene rectangle moves them
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(openFile(controller, file));
        view.zoomIn();
        view.zoomIn();
        NodeItem* node = view.scene().node(QStringLiteral("producer:order-service"));
        view.canvas().centerOn(node);
        QVERIFY(node != nullptr);
        QGraphicsView& canvas = view.canvas();
        QWidget* viewport = canvas.viewport();
        QPoint at = canvas.mapFromScene(node->pos());
        sendMouse(viewport, QEvent::MouseButtonPress, at, Qt::LeftButton);
        for (int step = 0; step < 30; ++step) {
            at -= QPoint(25, 25);
            sendMouse(viewport, QEvent::MouseMove, at, Qt::LeftButton);
        }
        sendMouse(viewport, QEvent::MouseButtonRelease, at, Qt::NoButton);
        QVERIFY(view.scene().sceneRect().contains(node->sceneBoundingRect()));
    }

    void aCorruptOrStaleLayoutFileIsIgnored() {
        QTemporaryDir dir;
        const QString file = copyScenario(dir, QStringLiteral("hello-pubsub.json"));
        const QString layout = layoutFilePath(file);
        NodePositions fresh;
        {
            SessionController controller;
            TopologyView view(controller);
            QVERIFY(openFile(controller, file));
            fresh = view.scene().positions();
        }
        QVERIFY(!fresh.empty());
        const QList<QByteArray> bad{
            "{ this is not json",
            R"({"version": 1, "nodes": {"queue:gone": [1, 2]}})",
            R"({"version": 99, "nodes": {}})",
            "[1, 2, 3]",
        };
        for (const QByteArray& bytes : bad) {
            QFile out(layout);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(bytes);
            out.close();
            SessionController controller;
            TopologyView view(controller);
            QVERIFY(openFile(controller, file));
            QCOMPARE(view.scene().positions(), fresh);
        }
        // A layout naming every node, with one position too far out to be real, is not used
        // either.
        NodePositions damaged = fresh;
        damaged.begin()->second = QPointF(1e12, 0);
        QVERIFY(writeLayoutFile(layout, damaged).ok());
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(openFile(controller, file));
        QCOMPARE(view.scene().positions(), fresh);
    }

    void clickingATokenSelectsItsMessage() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        view.fit();
        controller.setCursor(SimTime::fromMillis(4250));
        QGraphicsView& canvas = view.canvas();
        const PlacedToken* target = nullptr;
        for (const PlacedToken& p : view.scene().tokens()) {
            // One alone, so that the click cannot land on a neighbour.
            const bool alone = std::none_of(view.scene().tokens().begin(),
                                            view.scene().tokens().end(), [&](const PlacedToken& q) {
                                                return &q != &p && QLineF(q.pos, p.pos).length() <
                                                                       3 * TokenLayer::kRadius;
                                            });
            if (!p.merged && alone &&
                canvas.viewport()->rect().contains(canvas.mapFromScene(p.pos))) {
                target = &p;
                break;
            }
        }
        QVERIFY(target != nullptr);
        const std::uint32_t message = target->token.message;
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, canvas.mapFromScene(target->pos));
        QCOMPARE(controller.selection().kind, Selection::Kind::Message);
        QCOMPARE(controller.selection().id, message);
        // Clicking a queue selects the queue.
        const NodeItem* queue = view.scene().node(QStringLiteral("queue:billing.orders"));
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {},
                          canvas.mapFromScene(queue->pos() + QPointF(0, -8)));
        QCOMPARE(controller.selection().kind, Selection::Kind::Entity);
        QCOMPARE(controller.selection().id, queue->node().entity);
    }

    void zoomAndFitChangeTheScaleAndTheLegendNamesTheEventTypes() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1200, 800);
        view.show(); // the viewport takes its size
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/broker-restart-durability.json")));
        QGraphicsView& canvas = view.canvas();
        view.fit();
        const double fitted = canvas.transform().m11();
        // Fitted: the whole topology is in sight.
        const QRectF visible = canvas.mapToScene(canvas.viewport()->rect()).boundingRect();
        for (const NodeItem* n : view.scene().nodes()) {
            QVERIFY(visible.contains(n->sceneBoundingRect()));
        }
        view.zoomIn();
        QVERIFY(canvas.transform().m11() > fitted * 1.1);
        view.zoomOut();
        view.zoomOut();
        QVERIFY(canvas.transform().m11() < fitted);
        view.fit();
        QCOMPARE(canvas.transform().m11(), fitted);
        // The legend lists the run's event types, in their colours' order.
        QStringList types;
        for (std::uint32_t i = 1; i < controller.data().eventTypes().size(); ++i) {
            types << QString::fromStdString(controller.data().eventTypes()[i]);
        }
        QCOMPARE(types.size(), 3);
        QCOMPARE(view.legend().eventTypes(), types);
    }

    // At 1x, hops of a few milliseconds are in sight long enough to be seen while playing
    // (tokens in nearly every frame at 25 frames a second); paused, each is shown exactly as
    // long as it took, so many frames have none.
    void atRealTimeSomethingVisiblyMoves() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1200, 700);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        controller.setSpeed(1.0);
        const auto framesWithTokens = [&] {
            int frames = 0;
            for (int frame = 0; frame < 50; ++frame) {
                controller.setCursor(SimTime::fromSeconds(4) + SimTime::fromMillis(40 * frame));
                frames += view.scene().tokens().empty() ? 0 : 1;
            }
            return frames;
        };
        const int paused = framesWithTokens();
        controller.play();
        const int playing = framesWithTokens();
        controller.pause();
        QVERIFY2(playing >= 45, qPrintable(QString::number(playing)));
        QVERIFY2(paused < playing, qPrintable(QString::number(paused)));
    }

    // Below 9 px a label is left out: two queues that differ only in their names look the
    // same drawn that small, and differ at full size.
    void labelsTooSmallToReadAreLeftOut() {
        TopologyGraph::Node one;
        one.kind = TopologyGraph::Node::Kind::Queue;
        one.name = QStringLiteral("q001");
        TopologyGraph::Node other = one;
        other.name = QStringLiteral("q002");
        NodeItem a(one, 0);
        NodeItem b(other, 1);
        QCOMPARE(a.boundingRect(), b.boundingRect());
        const auto picture = [](NodeItem& node, double scale) {
            const QRectF r = node.boundingRect();
            QImage image((r.size() * scale).toSize() + QSize(2, 2), QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter p(&image);
            p.scale(scale, scale);
            p.translate(-r.topLeft());
            QStyleOptionGraphicsItem option;
            node.paint(&p, &option, nullptr);
            return image;
        };
        QVERIFY(picture(a, 1.0) != picture(b, 1.0));
        const double tooSmall = leastLegibleScale() * 0.6;
        QCOMPARE(picture(a, tooSmall), picture(b, tooSmall));
    }

    // A topic exchange's binding arrows carry their patterns (two patterns to one queue on
    // one arrow); a direct exchange's bindings carry none.
    void aTopicExchangesBindingArrowsShowTheirPatterns() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/topic-routing.json")));
        QStringList patterns;
        for (const EdgeItem* edge : view.scene().edges()) {
            if (!edge->patternLabel().isEmpty()) {
                patterns << edge->toNode().node().name + QStringLiteral(": ") +
                                edge->patternLabel();
            }
        }
        patterns.sort();
        QCOMPARE(
            patterns,
            QStringList({QStringLiteral("audit.all: #"), QStringLiteral("compliance.eu: *.*.eu"),
                         QStringLiteral("fulfilment.orders: order.*.*"),
                         QStringLiteral("oncall.alerts: #.high, payment.flagged.#")}));
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/retry-queue-backoff.json")));
        for (const EdgeItem* edge : view.scene().edges()) {
            QVERIFY2(edge->patternLabel().isEmpty(), qPrintable(edge->patternLabel()));
        }
    }

    // A headers exchange's binding arrows say which headers they want: & for x-match all,
    // | for any, and what a binding with nothing to match routes.
    void aHeadersExchangesBindingArrowsShowTheHeadersTheyMatch() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/headers-routing.json")));
        QStringList labels;
        for (const EdgeItem* edge : view.scene().edges()) {
            if (!edge->patternLabel().isEmpty()) {
                labels << edge->toNode().node().name + QStringLiteral(": ") + edge->patternLabel();
            }
        }
        labels.sort();
        QCOMPARE(labels, QStringList({QStringLiteral("archive: (every message)"),
                                      QStringLiteral("email.outbox: channel=email"),
                                      QStringLiteral("pager.alerts: escalate=true | priority=high"),
                                      QStringLiteral("sms.outbox: channel=sms")}));
    }

    // An exchange-to-exchange binding is an arrow between two exchanges, and an alternate
    // exchange a dashed arrow from the exchange whose unroutable messages it takes.
    void exchangesLeadingToExchangesAreArrowsBetweenThem() {
        SessionController controller;
        TopologyView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/alternate-exchange.json")));
        QStringList between;
        for (const EdgeItem* edge : view.scene().edges()) {
            if (edge->fromNode().node().kind == TopologyGraph::Node::Kind::Exchange &&
                edge->toNode().node().kind == TopologyGraph::Node::Kind::Exchange) {
                const bool alternate = edge->edge().kind == TopologyGraph::Edge::Kind::Alternate;
                between << edge->fromNode().node().name + (alternate ? " -alternate-> " : " -> ") +
                               edge->toNode().node().name;
            }
        }
        between.sort();
        QCOMPARE(between, QStringList({QStringLiteral("orders -> analytics"),
                                       QStringLiteral("orders -alternate-> orders.unrouted")}));
    }

    void rightClickOffersWhatCanBeInjectedThere() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        controller.setCursor(SimTime::zero());
        QGraphicsView& canvas = view.canvas();
        const NodeItem* queue = view.scene().node(QStringLiteral("queue:billing.orders"));
        const QStringList onQueue =
            test::contextMenuAt(canvas, canvas.mapFromScene(queue->pos() + QPointF(0, -8)));
        QVERIFY2(onQueue.contains(QStringLiteral("Purge")), qPrintable(onQueue.join(u'|')));
        // On an instance's dot: what can happen to that instance.
        const NodeItem* billing = view.scene().node(QStringLiteral("consumer:billing"));
        QPointF dot;
        for (double x = -60; x <= 60; x += 0.5) {
            for (double y = -20; y <= 20; y += 0.5) {
                if (billing->instanceAt(QPointF(x, y)) == 1) {
                    dot = QPointF(x, y);
                }
            }
        }
        QVERIFY(!dot.isNull());
        const QStringList onInstance =
            test::contextMenuAt(canvas, canvas.mapFromScene(billing->mapToScene(dot)));
        QVERIFY2(onInstance.contains(QStringLiteral("Crash (stays down)")),
                 qPrintable(onInstance.join(u'|')));
        // On the background: no faults, a queue to add and the canvas's own entries.
        const QStringList onNothing = test::contextMenuAt(canvas, QPoint(2, 2));
        QCOMPARE(onNothing, QStringList({QStringLiteral("Add a Queue…"), QStringLiteral("Fit"),
                                         QStringLiteral("Reset Layout")}));
    }
};

EVSIM_GUI_TEST(TopologyViewTest, "topology_view")
#include "topology_view_test.moc"
