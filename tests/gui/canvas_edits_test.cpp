// Adding and removing parts of the scenario on the canvas: the right-click menus of an
// exchange, a queue, a service, a binding and the empty canvas, driven with their dialogs
// answered as a user would; the run starts again with the change, and a removal that takes
// other parts with it says which and waits for a yes.
#include "gui/control/session_controller.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"
#include "tests/gui/gui_test_support.h"

#include <QGraphicsView>
#include <QTest>
#include <algorithm>

using namespace evsim;
using namespace evsim::gui;

namespace {

struct Canvas {
    SessionController controller;
    TopologyView view{controller};
    bool ready = false;

    Canvas() {
        view.resize(1200, 800);
        view.show();
        ready = test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json"));
    }
    QPoint at(const QString& key) const {
        const NodeItem* node = view.scene().node(key);
        return node != nullptr ? view.canvas().mapFromScene(node->pos()) : QPoint(-1, -1);
    }
    bool choose(const QString& key, const QString& entry) {
        return test::chooseFromContextMenu(view.canvas(), at(key), entry);
    }
    bool hasQueue(const std::string& name) const {
        const auto& queues = controller.session().scenario().broker.amqp.queues;
        return std::any_of(queues.begin(), queues.end(),
                           [&](const QueueSpec& q) { return q.name == name; });
    }
};

} // namespace

class CanvasEditsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A queue bound to the exchange, then a new service consuming it: both appear on the
    // canvas, and the run delivers every order to the new queue too.
    void aQueueAndItsConsumerAreAddedFromTheMenus() {
        Canvas c;
        QVERIFY(c.ready);
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("audit")});
            QVERIFY(c.choose(QStringLiteral("exchange:orders"),
                             QStringLiteral("Bind a Queue to orders…")));
            QCOMPARE(dialogs.seen(), 1); // a fanout exchange asks no routing key
            QVERIFY(dialogs.lastText().contains(QStringLiteral("The queue to bind to orders")));
        }
        QVERIFY(c.hasQueue("audit"));
        QVERIFY(c.controller.unsaved());
        c.controller.runToEnd();
        QTRY_VERIFY(c.view.scene().node(QStringLiteral("queue:audit")) != nullptr);
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("auditor")});
            QVERIFY(c.choose(QStringLiteral("queue:audit"),
                             QStringLiteral("Add a Consumer of audit…")));
        }
        c.controller.runToEnd();
        QTRY_VERIFY(c.view.scene().node(QStringLiteral("consumer:auditor")) != nullptr);
        const QueueStats* audit = c.controller.data().summary().queue("audit");
        QVERIFY(audit != nullptr);
        QCOMPARE(audit->acked, std::uint64_t{200});
    }

    // Removing a queue that others lean on names them and waits for a yes: cancelled, nothing
    // changes; agreed, the queue, its binding and its consumer (with its service) go.
    void aRemovalSaysWhatGoesWithItAndWaitsForAYes() {
        Canvas c;
        QVERIFY(c.ready);
        const QString remove = QStringLiteral("Remove Queue email.orders…");
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("Cancel")});
            QVERIFY(c.choose(QStringLiteral("queue:email.orders"), remove));
            QCOMPARE(dialogs.seen(), 1);
            QVERIFY(dialogs.lastText().contains(QStringLiteral("binding orders -> email.orders")));
            QVERIFY(dialogs.lastText().contains(
                QStringLiteral("consumer email <- email.orders, and with it service email")));
        }
        QVERIFY(c.hasQueue("email.orders"));
        QVERIFY(!c.controller.unsaved());
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("Yes")});
            QVERIFY(c.choose(QStringLiteral("queue:email.orders"), remove));
        }
        QVERIFY(!c.hasQueue("email.orders"));
        c.controller.runToEnd();
        QTRY_COMPARE(c.view.scene().node(QStringLiteral("queue:email.orders")), nullptr);
        QCOMPARE(c.view.scene().node(QStringLiteral("consumer:email")), nullptr);
        QVERIFY(c.view.scene().node(QStringLiteral("queue:billing.orders")) != nullptr);
    }

    // The producer's and consumer's menus list their own parts; the empty canvas adds a queue;
    // a refused change (a name taken) says why and changes nothing.
    void eachPartOffersWhatItCanLoseAndTheCanvasAQueue() {
        Canvas c;
        QVERIFY(c.ready);
        QVERIFY(test::contextMenuAt(c.view.canvas(), c.at(QStringLiteral("producer:order-service")))
                    .contains(QStringLiteral("Remove Producer OrderPlaced -> orders")));
        QVERIFY(test::contextMenuAt(c.view.canvas(), c.at(QStringLiteral("consumer:billing")))
                    .contains(QStringLiteral("Remove Consumer of billing.orders")));
        const QPoint empty(4, 4);
        QVERIFY(
            test::contextMenuAt(c.view.canvas(), empty).contains(QStringLiteral("Add a Queue…")));
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("billing.orders")});
            QVERIFY(test::chooseFromContextMenu(c.view.canvas(), empty,
                                                QStringLiteral("Add a Queue…")));
            QCOMPARE(dialogs.seen(), 2); // the name, then why it cannot be
            QVERIFY(dialogs.lastText().contains(QStringLiteral("already")));
        }
        QVERIFY(!c.controller.unsaved());
        {
            test::DialogCatcher dialogs(QStringList{QStringLiteral("spare")});
            QVERIFY(test::chooseFromContextMenu(c.view.canvas(), empty,
                                                QStringLiteral("Add a Queue…")));
        }
        QVERIFY(c.hasQueue("spare"));
    }
};

EVSIM_GUI_TEST(CanvasEditsTest, "canvas_edits")
#include "canvas_edits_test.moc"
