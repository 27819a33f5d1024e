#include "gui/control/session_controller.h"
#include "gui/models/message_history_model.h"
#include "gui/views/inspector/inspector_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

class InspectorViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aSelectedMessageShowsItsEnvelopeAndHistory() {
        SessionController controller;
        InspectorView view(controller);
        QAbstractItemModelTester tester(const_cast<MessageHistoryModel*>(&view.history()),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        controller.select({Selection::Kind::Message, 5, 0});
        QVERIFY(view.title().startsWith(QStringLiteral("msg-5 · OrderPlaced")));
        const QString envelope = view.envelopeText();
        QVERIFY(envelope.contains(QStringLiteral("\"specversion\": \"1.0\"")));
        QVERIFY(envelope.contains(QStringLiteral("\"traceparent\": \"00-")));
        QVERIFY(envelope.contains(QStringLiteral("\"source\"")));
        QCOMPARE(static_cast<std::size_t>(view.history().rowCount()),
                 controller.data().recordsOf(5).size());
        // Published, then enqueued in both queues of the fanout, delivered, processed, acked.
        QVERIFY(view.history().rowCount() >= 8);
        QCOMPARE(view.history()
                     .data(view.history().index(0, MessageHistoryModel::Kind), Qt::DisplayRole)
                     .toString(),
                 QStringLiteral("published"));
    }

    // The poison message msg-500 is returned to its quorum queue three times: each redelivery
    // carries the count of its returns, as `evsim run --events` shows it.
    void aSelectedMessageShowsTheHeadersOfEachDelivery() {
        SessionController controller;
        InspectorView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        controller.select({Selection::Kind::Message, 500, 0});
        const QString text = view.envelopeText();
        QVERIFY(text.contains(QStringLiteral("headers delivered at")));
        for (int returns = 1; returns <= 3; ++returns) {
            QVERIFY(text.contains(QStringLiteral("\"x-delivery-count\": %1").arg(returns)));
        }
        QVERIFY(!text.contains(QStringLiteral("\"x-delivery-count\": 4")));
        // Past its delivery limit it is dead-lettered, carrying the x-death of that death.
        QVERIFY(text.contains(QStringLiteral("headers dead-lettered at")));
        QVERIFY(text.contains(QStringLiteral("\"reason\": \"delivery_limit\"")));
    }

    void aSelectedQueueShowsItsDepthAtTheCursor() {
        SessionController controller;
        InspectorView view(controller);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/slow-consumer-overflow.json")));
        const EntityId queue = controller.data().entities().find(EntityKind::Queue, "drop-head");
        QVERIFY(queue != kNoEntity);
        controller.setCursor(SimTime::fromNanos(controller.end().nanos() / 2));
        controller.select({Selection::Kind::Entity, queue, 0});
        QVERIFY(view.title().contains(QStringLiteral("drop-head")));
        const RunState state = controller.index().stateAt(controller.cursor());
        auto* text = view.findChild<QLabel*>(QStringLiteral("entityState"));
        QVERIFY(text != nullptr);
        QVERIFY(text->text().contains(
            QStringLiteral("ready (waiting for a consumer): %1").arg(state.queues[queue].ready)));
    }

    void nothingSelectedExplainsWhatToDo() {
        SessionController controller;
        InspectorView view(controller);
        QCOMPARE(view.title(), QStringLiteral("Nothing selected"));
    }
};

EVSIM_GUI_TEST(InspectorViewTest, "inspector_view")
#include "inspector_view_test.moc"
