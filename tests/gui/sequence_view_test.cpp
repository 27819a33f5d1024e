#include "gui/control/session_controller.h"
#include "gui/views/sequence/hop_painter.h"
#include "gui/views/sequence/sequence_canvas.h"
#include "gui/views/sequence/sequence_hops.h"
#include "gui/views/sequence/sequence_view.h"
#include "harness/session/run_data.h"
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QScrollBar>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>

using namespace evsim;
using namespace evsim::gui;

namespace {

// The records whose arrows can reach into [from, to]: those in it, and publishes before it
// whose trip (to the broker, or to where the network lost it) ends in it or later.
std::size_t recordsThatCanShow(const RunData& data, SimTime from, SimTime to) {
    SimTime longestTrip;
    std::vector<SimTime> arrived;
    for (const Record& r : data.records()) {
        const bool endsTrip =
            r.kind == RecordKind::Enqueued || r.kind == RecordKind::LostInTransit ||
            (r.kind == RecordKind::Dropped && data.entities()[r.entity].kind != EntityKind::Queue &&
             data.entities()[r.entity].kind != EntityKind::Consumer);
        if (r.kind == RecordKind::Published) {
            arrived.resize(std::max<std::size_t>(arrived.size(), r.message + 1), SimTime::max());
        } else if (endsTrip && r.message < arrived.size() && arrived[r.message] == SimTime::max()) {
            arrived[r.message] = r.time;
            longestTrip = std::max(longestTrip, r.time - data.message(r.message)->publishedAt);
        }
    }
    return static_cast<std::size_t>(
        std::count_if(data.records().begin(), data.records().end(), [&](const Record& r) {
            return r.time >= from - longestTrip && r.time <= to;
        }));
}

void paintNow(SequenceCanvas& canvas) {
    (void)canvas.viewport()->grab(); // paints, exposed or not
}

} // namespace

class SequenceViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thereIsALanePerInstanceAndBrokerEntity() {
        SessionController controller;
        SequenceView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EntityTable& entities = controller.data().entities();
        const SequenceLanes& lanes = view.canvas().lanes();
        // Publishers on the left, then exchanges, then queues, then consumers; the default
        // exchange, which no record names, has none.
        QStringList names;
        for (const auto& lane : lanes.lanes()) {
            names << lane.name;
        }
        QCOMPARE(names, (QStringList{QStringLiteral("order-service#0"), QStringLiteral("orders"),
                                     QStringLiteral("billing.orders"),
                                     QStringLiteral("email.orders"), QStringLiteral("billing#0"),
                                     QStringLiteral("billing#1"), QStringLiteral("email#0")}));
        QCOMPARE(lanes.lanes()[1].kind, EntityKind::Exchange);
        QCOMPARE(lanes.lanes()[2].kind, EntityKind::Queue);
        QCOMPARE(lanes.lanes()[4].kind, EntityKind::Instance);
        // Producers and consumers are drawn on their instance's lane: "billing#1<-billing.orders".
        for (EntityId id = 1; id < entities.size(); ++id) {
            const EntityInfo& e = entities[id];
            if (e.kind != EntityKind::Producer && e.kind != EntityKind::Consumer) {
                continue;
            }
            const int lane = lanes.laneOf(id);
            QVERIFY(lane >= 0);
            const QString instance = lanes.lanes()[static_cast<std::size_t>(lane)].name;
            QVERIFY2(QString::fromStdString(e.name).startsWith(instance + QLatin1Char('<')) ||
                         QString::fromStdString(e.name).startsWith(instance + QLatin1Char('/')),
                     qPrintable(QString::fromStdString(e.name)));
        }
    }

    void clickingAnArrowSelectsItsMessage() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        // 1 ms = 20 px: a publish's 1-3 ms trip is a long arrow, far from the others.
        canvas.setPixelsPerSecond(20000, canvas.headerHeight());
        const std::uint32_t message = 7;
        const SimTime published = test::timeOf(data, message, RecordKind::Published);
        const SimTime arrived = test::timeOf(data, message, RecordKind::Enqueued);
        canvas.scrollToTime(published, 0.6);
        const int from = canvas.lanes().laneOf(data.publisherOf(message));
        const EntityId exchange = data.entities().find(EntityKind::Exchange, "orders");
        const int to = canvas.lanes().laneOf(exchange);
        QVERIFY(from >= 0 && to > from);
        const QPointF middle((canvas.laneX(from) + canvas.laneX(to)) / 2,
                             (canvas.yOf(published) + canvas.yOf(arrived)) / 2);
        QVERIFY(canvas.yOf(arrived) - canvas.yOf(published) >= 20);
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, middle.toPoint());
        QCOMPARE(controller.selection().kind, Selection::Kind::Message);
        QCOMPARE(controller.selection().id, message);

        // Off the arrow, in empty space: nothing is picked, the cursor moves there.
        controller.select({});
        const QPointF empty(canvas.laneX(from) + canvas.laneWidth() * 0.25,
                            canvas.yOf(published) - 150);
        QVERIFY(empty.y() > canvas.headerHeight());
        QVERIFY(!canvas.hopAt(empty));
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, empty.toPoint());
        QCOMPARE(controller.selection().kind, Selection::Kind::None);
        QVERIFY(std::abs((controller.cursor() - canvas.timeAt(empty.y())).nanos()) < 100'000);
    }

    void theSelectedMessagesHopsAreHighlighted() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 700);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        canvas.setPixelsPerSecond(1000, canvas.headerHeight()); // ~0.5 s in view
        const std::uint32_t message = 7;
        canvas.scrollToTime(test::timeOf(data, message, RecordKind::Published), 0.05);
        controller.select({Selection::Kind::Message, message, 0});
        paintNow(canvas);
        // One hop per record of the message that the diagram draws.
        std::size_t hops = 0;
        for (const std::size_t i : data.recordsOf(message)) {
            switch (data.records()[i].kind) {
            case RecordKind::Published:
            case RecordKind::Enqueued:
            case RecordKind::Delivered:
            case RecordKind::Acked:
            case RecordKind::Requeued:
            case RecordKind::Failed:
            case RecordKind::DeadLettered:
            case RecordKind::Dropped:
            case RecordKind::Expired:
                ++hops;
                break;
            default:
                break;
            }
        }
        QVERIFY(hops >= 7); // publish, 2 routes, 2 deliveries, 2 acks
        QCOMPARE(canvas.paintedSelected(), hops);
        QVERIFY(canvas.paintedArrows() > hops);
        controller.select({});
        paintNow(canvas);
        QCOMPARE(canvas.paintedSelected(), std::size_t{0});
    }

    void aSchemaMismatchIsMarkedAsOne() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 700);
        view.show();
        QVERIFY(test::openAndFinish(
            controller, QStringLiteral("scenarios/rolling-deploy-schema-v2-broken.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        std::size_t record = 0;
        for (std::size_t i = 0; i < data.records().size() && record == 0; ++i) {
            const Record& r = data.records()[i];
            if (r.kind == RecordKind::Failed &&
                r.detail == static_cast<std::uint8_t>(FailureCause::SchemaMismatch)) {
                record = i;
            }
        }
        QVERIFY(record != 0);
        const Record& failed = data.records()[record];
        canvas.setPixelsPerSecond(20000, canvas.headerHeight());
        canvas.scrollToTime(failed.time, 0.5);
        const std::optional<gui::Hop> hop = canvas.hopAt(
            QPointF(canvas.laneX(canvas.lanes().laneOf(failed.entity)), canvas.yOf(failed.time)));
        QVERIFY(hop.has_value());
        QCOMPARE(hop->kind, gui::Hop::Kind::Failed);
        QCOMPARE(hop->detail, static_cast<std::uint8_t>(FailureCause::SchemaMismatch));
        QVERIFY2(canvas.hopText(*hop).contains(QStringLiteral("(schema_mismatch)")),
                 qPrintable(canvas.hopText(*hop)));
        QCOMPARE(HopPainter::failedLabel(*hop), QStringLiteral("failed: schema mismatch"));
        // A failure of the consumer's own code keeps the plain label.
        gui::Hop own = *hop;
        own.detail = static_cast<std::uint8_t>(FailureCause::Error);
        QCOMPARE(HopPainter::failedLabel(own), QStringLiteral("failed"));
    }

    void failuresAndDeadLettersAreMarksOfTheirOwn() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 700);
        view.show();
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        std::uint32_t poison = 0;
        for (const Record& r : data.records()) {
            poison = poison == 0 && r.kind == RecordKind::DeadLettered ? r.message : poison;
        }
        QVERIFY(poison != 0);
        canvas.setPixelsPerSecond(20000, canvas.headerHeight());
        for (std::size_t nth = 0; nth < 4; ++nth) {
            const SimTime failed = test::timeOf(data, poison, RecordKind::Failed, nth);
            canvas.scrollToTime(failed, 0.5);
            const std::size_t record = [&] {
                for (const std::size_t i : data.recordsOf(poison)) {
                    if (data.records()[i].kind == RecordKind::Failed &&
                        data.records()[i].time == failed) {
                        return i;
                    }
                }
                return std::size_t{0};
            }();
            const int lane = canvas.lanes().laneOf(data.records()[record].entity);
            const std::optional<gui::Hop> hop =
                canvas.hopAt(QPointF(canvas.laneX(lane), canvas.yOf(failed)));
            QVERIFY(hop.has_value());
            QCOMPARE(hop->kind, gui::Hop::Kind::Failed);
            QCOMPARE(hop->message, poison);
        }
        const SimTime died = test::timeOf(data, poison, RecordKind::DeadLettered);
        canvas.scrollToTime(died, 0.5);
        const int queue =
            canvas.lanes().laneOf(data.entities().find(EntityKind::Queue, "billing.orders"));
        const int dlx =
            canvas.lanes().laneOf(data.entities().find(EntityKind::Exchange, "billing.dlx"));
        const std::optional<gui::Hop> hop =
            canvas.hopAt(QPointF((canvas.laneX(queue) + canvas.laneX(dlx)) / 2, canvas.yOf(died)));
        QVERIFY(hop.has_value());
        QCOMPARE(hop->kind, gui::Hop::Kind::DeadLetter);
        QCOMPARE(hop->message, poison);
    }

    void aMessageSelectedElsewhereIsScrolledIntoViewWithItsTrouble() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 700);
        view.show();
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        std::uint32_t poison = 0;
        for (const Record& r : data.records()) {
            poison = poison == 0 && r.kind == RecordKind::DeadLettered ? r.message : poison;
        }
        canvas.scrollToTime(SimTime::zero(), 0.0);
        QVERIFY(!canvas.showsMessage(poison));
        controller.select({Selection::Kind::Message, poison, 0});
        const auto [from, to] = canvas.visibleWindow();
        const SimTime failed = test::timeOf(data, poison, RecordKind::Failed);
        QVERIFY(from <= failed && failed <= to);
        QVERIFY(canvas.showsMessage(poison));
    }

    void onlyTheVisibleWindowIsRead() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1200, 700);
        view.show();
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        for (const double at : {0.0, 0.5, 0.98}) {
            canvas.scrollToTime(SimTime::fromNanos(static_cast<std::int64_t>(
                                    static_cast<double>(controller.end().nanos()) * at)),
                                0.0);
            paintNow(canvas);
            const auto [from, to] = canvas.visibleWindow();
            const std::size_t bound = recordsThatCanShow(data, from, to);
            QVERIFY2(canvas.visitedRecords() <= bound,
                     qPrintable(QStringLiteral("%1 > %2").arg(canvas.visitedRecords()).arg(bound)));
            QVERIFY(canvas.paintedArrows() <= canvas.visitedRecords());
            QVERIFY(canvas.visitedRecords() < data.records().size() / 20);
            if (at < 0.9) {
                QVERIFY(canvas.paintedArrows() > 0); // orders flow for the first 40 s
            }
        }
    }

    void eventTypeAndTraceFiltersNarrowWhatIsDrawn() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1200, 700);
        view.show();
        // Three event types published side by side.
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/broker-restart-durability.json")));
        const RunData& data = controller.data();
        SequenceCanvas& canvas = view.canvas();
        canvas.scrollToTime(SimTime::fromSeconds(10), 0.0);
        paintNow(canvas);
        const std::size_t all = canvas.paintedArrows();
        QVERIFY(all > 0);
        QCOMPARE(data.eventTypes().size(), std::size_t{4}); // "" and three types
        std::size_t sum = 0;
        for (int type = 1; type < 4; ++type) {
            canvas.setOnlyEventType(type);
            paintNow(canvas);
            QVERIFY(canvas.paintedArrows() > 0);
            QVERIFY(canvas.paintedArrows() < all);
            sum += canvas.paintedArrows();
        }
        QCOMPARE(sum, all); // each hop under exactly one type
        canvas.setOnlyEventType(0);

        // Only the selected trace: its hops alone, all of them highlighted.
        canvas.setOnlySelectedTrace(true);
        paintNow(canvas);
        QCOMPARE(canvas.paintedArrows(), std::size_t{0}); // nothing selected
        const auto [from, to] = canvas.visibleWindow();
        std::uint32_t message = 0;
        for (std::size_t i = data.firstRecordAt(from); i < data.records().size() && message == 0;
             ++i) {
            message =
                data.records()[i].kind == RecordKind::Published ? data.records()[i].message : 0;
        }
        controller.select({Selection::Kind::Message, message, 0});
        paintNow(canvas);
        QVERIFY(canvas.paintedArrows() >= 2); // its publish and route (a backlog delays the rest)
        QCOMPARE(canvas.paintedSelected(), canvas.paintedArrows());
    }

    void aClickOnALaneHeaderCollapsesIt() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        SequenceCanvas& canvas = view.canvas();
        const double wide = canvas.laneWidth(0);
        const double others = canvas.laneWidth(1);
        const QPoint header(static_cast<int>(canvas.laneX(0)), canvas.headerHeight() / 2);
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, header);
        QVERIFY(canvas.collapsed(0));
        QVERIFY(canvas.laneWidth(0) < wide / 3);
        QVERIFY(canvas.laneWidth(1) >= others); // the others take the room
        QCOMPARE(canvas.laneAt(canvas.laneX(1)), 1);
        // Hops still reach it: the publish of message 7 starts on the collapsed lane.
        canvas.setPixelsPerSecond(20000, canvas.headerHeight());
        const SimTime published = test::timeOf(controller.data(), 7, RecordKind::Published);
        const SimTime arrived = test::timeOf(controller.data(), 7, RecordKind::Enqueued);
        canvas.scrollToTime(published, 0.5);
        const std::optional<gui::Hop> hop =
            canvas.hopAt(QPointF((canvas.laneX(0) + canvas.laneX(1)) / 2,
                                 (canvas.yOf(published) + canvas.yOf(arrived)) / 2));
        QVERIFY(hop.has_value());
        QCOMPARE(hop->message, 7u);
        QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {},
                          QPoint(static_cast<int>(canvas.laneX(0)), canvas.headerHeight() / 2));
        QVERIFY(!canvas.collapsed(0));
    }

    void aMillionRecordRunIsReadAWindowAtATime() {
        // 500,000 publishes a millisecond apart, each enqueued a millisecond later; one of them
        // (msg-1000) held up on the wire for 30 s.
        RunBatch batch;
        batch.entities = {{EntityKind::Service, "svc", 0, 0},
                          {EntityKind::Producer, "svc#0/E", 1, 0},
                          {EntityKind::Exchange, "x", 0, 0},
                          {EntityKind::Queue, "q", 0, 0},
                          {EntityKind::Instance, "svc#0", 1, 0}};
        batch.eventTypes = {"E"};
        const EntityId producer = 2;
        const EntityId exchange = 3;
        const EntityId queue = 4;
        constexpr std::uint32_t kMessages = 500'000;
        constexpr std::uint32_t kHeld = 1000;
        const SimTime heldUntil = SimTime::fromMillis(kHeld + 30'000) + SimTime::fromMicros(500);
        const auto enqueued = [&](std::uint32_t id) {
            Record r;
            r.time = id == kHeld ? heldUntil : SimTime::fromMillis(id + 1);
            r.message = id;
            r.entity = queue;
            r.aux = exchange;
            r.kind = RecordKind::Enqueued;
            return r;
        };
        for (std::uint32_t id = 1; id <= kMessages; ++id) {
            if (id > 1 && id - 1 != kHeld) {
                batch.records.push_back(enqueued(id - 1));
            }
            if (id == kHeld + 30'000) {
                batch.records.push_back(enqueued(kHeld));
            }
            Record p;
            p.time = SimTime::fromMillis(id);
            p.message = id;
            p.entity = producer;
            p.aux = exchange;
            p.kind = RecordKind::Published;
            batch.records.push_back(p);
            Message m;
            m.id = id;
            m.publishedAt = p.time;
            m.traceRoot = id;
            m.eventId = id;
            m.eventType = 1;
            batch.messages.push_back(m);
        }
        batch.records.push_back(enqueued(kMessages));
        RunData data;
        data.append(std::move(batch));
        QVERIFY(data.records().size() >= 2 * std::size_t{kMessages} - 1);
        SequenceHops hops;
        hops.update(data);
        QVERIFY(hops.longestTrip() <= SimTime::fromMillis(1)); // the held one is kept apart

        // A 50 ms window late in the run: about 100 records read, not a million.
        std::size_t seen = 0;
        std::size_t read = hops.forEach(data, SimTime::fromSeconds(400),
                                        SimTime::fromSeconds(400) + SimTime::fromMillis(50),
                                        [&](const gui::Hop&) { ++seen; });
        QVERIFY2(read <= 105, qPrintable(QString::number(read)));
        QVERIFY(seen >= 98);
        // A window the held publish crosses: it is there, read from the long-trip list.
        bool held = false;
        read = hops.forEach(
            data, SimTime::fromSeconds(20), SimTime::fromSeconds(20) + SimTime::fromMillis(50),
            [&](const gui::Hop& hop) {
                held = held || (hop.message == kHeld && hop.kind == gui::Hop::Kind::Publish &&
                                hop.end == heldUntil);
            });
        QVERIFY(held);
        QVERIFY2(read <= 106, qPrintable(QString::number(read)));
    }

    void ctrlWheelZoomsTimeAroundThePointer() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        SequenceCanvas& canvas = view.canvas();
        canvas.scrollToTime(SimTime::fromSeconds(3), 0.0);
        const double before = canvas.pixelsPerSecond();
        const QPointF pointer(canvas.laneX(1), canvas.headerHeight() + 200);
        const SimTime under = canvas.timeAt(pointer.y());
        QWheelEvent in(pointer, canvas.viewport()->mapToGlobal(pointer), QPoint(), QPoint(0, 240),
                       Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas.viewport(), &in);
        QVERIFY(canvas.pixelsPerSecond() > before * 1.5);
        // The instant under the pointer stays there (to the pixel).
        QVERIFY(std::abs(canvas.yOf(under) - pointer.y()) <= 1.0);
        // Without Ctrl the wheel scrolls and keeps the scale.
        const double zoomed = canvas.pixelsPerSecond();
        const int scrolled = canvas.verticalScrollBar()->value();
        QWheelEvent down(pointer, canvas.viewport()->mapToGlobal(pointer), QPoint(),
                         QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas.viewport(), &down);
        QCOMPARE(canvas.pixelsPerSecond(), zoomed);
        QVERIFY(canvas.verticalScrollBar()->value() > scrolled);
    }

    void theDiagramFollowsTheCursor() {
        SessionController controller;
        SequenceView view(controller);
        view.resize(1000, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        SequenceCanvas& canvas = view.canvas();
        canvas.scrollToTime(SimTime::zero(), 0.0);
        const SimTime far = SimTime::fromSeconds(7);
        QVERIFY(canvas.visibleWindow().second < far);
        controller.setCursor(far);
        const auto [from, to] = canvas.visibleWindow();
        QVERIFY(from <= far && far <= to);
    }
};

EVSIM_GUI_TEST(SequenceViewTest, "sequence_view")
#include "sequence_view_test.moc"
