#include "gui/control/session_controller.h"
#include "gui/views/routing/routing_view.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"
#include "tests/gui/gui_test_support.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

// The Routing view answers as `evsim route` does, on the scenario as it is open.
class RoutingViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aTypedKeyShowsTheQueuesItReaches() {
        SessionController controller;
        RoutingView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/topic-routing.json")));
        auto* exchange = view.findChild<QComboBox*>(QStringLiteral("routingExchange"));
        // A scenario opens on its first exchange.
        QCOMPARE(exchange->currentData().toString(), QStringLiteral("events"));
        auto* key = view.findChild<QLineEdit*>(QStringLiteral("routingKey"));
        key->clear();
        QTest::keyClicks(key, QStringLiteral("order.placed.us"));
        // As `evsim route scenarios/topic-routing.json --exchange events order.placed.us`.
        QCOMPARE(view.answer(), QStringLiteral("Reaches 2 queues: audit.all, fulfilment.orders"));
        // The default exchange routes by queue name: an unknown name reaches nothing.
        view.ask(QString(), QStringLiteral("no.such.queue"));
        QVERIFY(view.answer().startsWith(QStringLiteral("Reaches no queue")));
        view.ask(QString(), QStringLiteral("audit.all"));
        QCOMPARE(view.answer(), QStringLiteral("Reaches 1 queue: audit.all"));
        QVERIFY(view.findChild<QListWidget*>(QStringLiteral("routingBindings"))->count() > 0);
    }

    // The canvas lights up the exchange and the queues the key reaches; the rest steps back,
    // until the key is cleared.
    void theCanvasLightsUpTheRoute() {
        SessionController controller;
        TopologyView topology(controller);
        RoutingView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/topic-routing.json")));
        view.ask(QStringLiteral("events"), QStringLiteral("order.placed.us"));
        const TopologyScene& scene = topology.scene();
        const auto lit = [&](const QString& key) {
            const NodeItem* n = scene.node(key);
            return n != nullptr && n->highlighted() && n->opacity() == 1.0;
        };
        QVERIFY(lit(QStringLiteral("exchange:events")));
        QVERIFY(lit(QStringLiteral("queue:audit.all")));
        QVERIFY(lit(QStringLiteral("queue:fulfilment.orders")));
        QVERIFY(!lit(QStringLiteral("queue:compliance.eu")));
        view.ask(QStringLiteral("events"), QString());
        QVERIFY(!scene.node(QStringLiteral("queue:audit.all"))->highlighted());
        QCOMPARE(scene.node(QStringLiteral("queue:compliance.eu"))->opacity(), 1.0);
    }

    // The missing-exchange scenario deletes payments from 20s to 25s (AMQP20).
    void aDeletedExchangeIsSaidToBeDeletedAtTheCursor() {
        SessionController controller;
        RoutingView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/missing-exchange.json")));
        view.ask(QStringLiteral("payments"), QStringLiteral("payment.captured"));
        auto* deleted = view.findChild<QLabel*>(QStringLiteral("routingDeleted"));
        QVERIFY(deleted != nullptr);
        controller.setCursor(SimTime::fromSeconds(10));
        QVERIFY(deleted->isHidden());
        controller.setCursor(SimTime::fromSeconds(22));
        QVERIFY(!deleted->isHidden());
        QVERIFY(deleted->text().contains(QStringLiteral("404 NOT_FOUND")));
        controller.setCursor(SimTime::fromSeconds(26));
        QVERIFY(deleted->isHidden());
    }

    void aHeadersExchangeTakesTheMessagesHeaders() {
        SessionController controller;
        RoutingView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/headers-routing.json")));
        view.ask(QStringLiteral("notifications"), QStringLiteral("{\"channel\":\"push\"}"));
        QCOMPARE(view.answer(), QStringLiteral("Reaches 1 queue: archive"));
        view.ask(QStringLiteral("notifications"), QStringLiteral("channel=push"));
        QVERIFY(view.answer().startsWith(QStringLiteral("Not a JSON object")));
    }
};

EVSIM_GUI_TEST(RoutingViewTest, "routing_view")
#include "routing_view_test.moc"
