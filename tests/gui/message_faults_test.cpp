// Acting on one message from the app (FLT01): a right-click on a log row, a sequence arrow or a
// token on the canvas offers to drop, duplicate or delay it on its next hop, or to crash the
// instance it reaches; the intervention names the message, and the run recomputed with it
// shows its effect.
#include "gui/control/session_controller.h"
#include "gui/models/event_log_model.h"
#include "gui/views/log/log_view.h"
#include "gui/views/sequence/sequence_canvas.h"
#include "gui/views/sequence/sequence_view.h"
#include "gui/views/topology/token_layer.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"
#include "harness/session/run_data.h"
#include "tests/gui/gui_test_support.h"

#include <QGraphicsView>
#include <QTableView>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

namespace {

// The one intervention the session added, as a message fault; a default one (message 0) when
// there is not exactly one.
MessageFault onlyAdded(const SessionController& controller, SimTime* at = nullptr) {
    const std::vector<Intervention>& added = controller.session().added();
    if (added.size() != 1 || !std::holds_alternative<MessageFault>(added[0].action)) {
        return {};
    }
    if (at != nullptr) {
        *at = added[0].at;
    }
    return std::get<MessageFault>(added[0].action);
}

} // namespace

class MessageFaultsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The publish row of msg-5: dropped on that publish, it never reaches a queue.
    void aLogRowsMenuDropsItsMessage() {
        SessionController controller;
        LogView view(controller);
        view.resize(1000, 500);
        view.show();
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        view.setFilter(QStringLiteral("msg:5 kind:published"));
        QCOMPARE(view.model().rowCount(), 1);
        const Record published = controller.data().records()[view.model().recordAt(0)];
        QTableView& table = view.table();
        const QPoint row = table.visualRect(view.model().index(0, 1)).center();
        const QStringList entries = test::contextMenuAt(table, row);
        QVERIFY2(entries.contains(QStringLiteral("Drop on its next hop")) &&
                     entries.contains(QStringLiteral("Crash the instance it reaches for…")),
                 qPrintable(entries.join(u'|')));
        QVERIFY(test::chooseFromContextMenu(table, row, QStringLiteral("Drop on its next hop")));
        SimTime at;
        const MessageFault drop = onlyAdded(controller, &at);
        QCOMPARE(drop.message, 5u);
        QCOMPARE(drop.kind, MessageFaultKind::Drop);
        QCOMPARE(at, published.time);
        controller.runToEnd();
        QCOMPARE(test::timeOf(controller.data(), 5, RecordKind::SingledOut), published.time);
        QCOMPARE(test::timeOf(controller.data(), 5, RecordKind::Enqueued), SimTime::max());
        QVERIFY(controller.unsaved());
    }

    // A row about no message (a fault starting, an alert) has no message menu; the delay asks
    // how much, naming the message, and adds nothing when cancelled.
    void aRowAboutNoMessageOffersNothingAndTheDelayAsksHowMuch() {
        SessionController controller;
        LogView view(controller);
        view.resize(1000, 500);
        view.show();
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        view.setFilter(QStringLiteral("kind:fault_started"));
        QVERIFY(view.model().rowCount() > 0);
        QTableView& table = view.table();
        QVERIFY(test::contextMenuAt(table, table.visualRect(view.model().index(0, 1)).center())
                    .isEmpty());
        view.setFilter(QStringLiteral("msg:3 kind:published"));
        QCOMPARE(view.model().rowCount(), 1);
        test::DialogCatcher dialogs;
        QVERIFY(test::chooseFromContextMenu(table,
                                            table.visualRect(view.model().index(0, 1)).center(),
                                            QStringLiteral("Delay its next hop by…")));
        QCOMPARE(dialogs.seen(), 1);
        QVERIFY2(
            dialogs.lastText().contains(QStringLiteral("msg-3: delay its next hop by how much?")),
            qPrintable(dialogs.lastText()));
        QVERIFY(controller.session().added().empty());
    }

    // An arrow of the sequence view: duplicated from its start, the publish arrives twice.
    void aSequenceArrowsMenuDuplicatesItsMessage() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        canvas.setPixelsPerSecond(20000, canvas.headerHeight());
        const std::uint32_t message = 7;
        const SimTime published = test::timeOf(data, message, RecordKind::Published);
        const SimTime arrived = test::timeOf(data, message, RecordKind::Enqueued);
        canvas.scrollToTime(published, 0.6);
        const int from = canvas.lanes().laneOf(data.publisherOf(message));
        const int to = canvas.lanes().laneOf(data.entities().find(EntityKind::Exchange, "orders"));
        const QPoint middle(static_cast<int>((canvas.laneX(from) + canvas.laneX(to)) / 2),
                            static_cast<int>((canvas.yOf(published) + canvas.yOf(arrived)) / 2));
        QCOMPARE(canvas.hopAt(QPointF(middle))->message, message);
        QVERIFY(test::chooseFromContextMenu(canvas, middle,
                                            QStringLiteral("Duplicate on its next hop")));
        SimTime at;
        QCOMPARE(onlyAdded(controller, &at).message, message);
        QCOMPARE(onlyAdded(controller).kind, MessageFaultKind::Duplicate);
        QCOMPARE(at, published);
        controller.runToEnd();
        int duplicated = 0;
        for (const Record& r : controller.data().records()) {
            duplicated += r.kind == RecordKind::Duplicated ? 1 : 0;
        }
        QCOMPARE(duplicated, 1);
    }

    // A token on the canvas: the crash waits for the message's delivery, and the instance it
    // reaches crashes as it arrives.
    void aTokensMenuCrashesTheInstanceItReaches() {
        SessionController controller;
        TopologyView view(controller);
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        std::optional<PlacedToken> publish;
        for (int ms = 100; ms < 3000 && !publish; ms += 7) {
            controller.setCursor(SimTime::fromMillis(ms));
            for (const PlacedToken& p : view.scene().tokens()) {
                if (p.token.kind == Token::Kind::Publish && !p.merged) {
                    publish = p;
                    break;
                }
            }
        }
        QVERIFY(publish.has_value());
        QGraphicsView& canvas = view.canvas();
        const QPoint on = canvas.mapFromScene(publish->pos);
        const QStringList entries = test::contextMenuAt(canvas, on);
        QVERIFY2(entries.contains(QStringLiteral("Drop on its next hop")) &&
                     !entries.contains(QStringLiteral("Fit")),
                 qPrintable(entries.join(u'|')));
        const std::uint32_t message = publish->token.message;
        test::DialogCatcher dialogs(QStringLiteral("2s"));
        QVERIFY(test::chooseFromContextMenu(canvas, on,
                                            QStringLiteral("Crash the instance it reaches for…")));
        QVERIFY2(
            dialogs.lastText().contains(
                QStringLiteral("msg-%1: crash the instance it reaches for how long?").arg(message)),
            qPrintable(dialogs.lastText()));
        SimTime at;
        const MessageFault crash = onlyAdded(controller, &at);
        QCOMPARE(crash.message, message);
        QCOMPARE(crash.kind, MessageFaultKind::CrashReceiver);
        QCOMPARE(crash.restartAfter, std::optional<SimTime>(SimTime::fromSeconds(2)));
        QCOMPARE(at, publish->token.start);
        controller.runToEnd();
        const RunData& data = controller.data();
        const SimTime delivered = test::timeOf(data, message, RecordKind::Delivered);
        QVERIFY(delivered != SimTime::max());
        int crashes = 0;
        for (const Record& r : data.records()) {
            if (r.kind == RecordKind::FaultStarted && r.message == 1 &&
                static_cast<FaultKind>(r.detail) == FaultKind::Crash) {
                ++crashes;
                QVERIFY(r.time > delivered); // as the delivery arrives
                QCOMPARE(data.entities()[r.entity].kind, EntityKind::Instance);
            }
        }
        QCOMPARE(crashes, 1);
    }
};

EVSIM_GUI_TEST(MessageFaultsTest, "message_faults")
#include "message_faults_test.moc"
