#include "gui/control/session_controller.h"
#include "gui/views/partitions/partitions_view.h"
#include "gui/views/timeline/timeline_widget.h"
#include "tests/gui/gui_test_support.h"

#include <QLabel>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

namespace {

const QString kRebalance = QStringLiteral("scenarios/kafka-consumer-group-rebalance.json");

// The first Rebalanced record after the start: the one the crash sets off.
SimTime rebalanceAfterTheStart(const RunData& data) {
    for (std::size_t i = 0; i < data.records().size(); ++i) {
        const Record& r = data.records()[i];
        if (r.kind == RecordKind::Rebalanced && r.time > SimTime::zero()) {
            return r.time;
        }
    }
    return SimTime::max();
}

} // namespace

class PartitionsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Before the lost member's session times out its two partitions are nobody's to read and
    // lag; after the rebalance every partition has a reader and the lag is gone at the end.
    void lanesFollowTheCursorThroughARebalance() {
        SessionController controller;
        PartitionsView view(controller);
        view.resize(1000, 400);
        view.show();
        QVERIFY(test::openAndFinish(controller, kRebalance));
        QVERIFY(view.lanes() != nullptr);
        QCOMPARE(view.lanes()->groups().size(), std::size_t{1});

        controller.setCursor(SimTime::fromSeconds(29));
        const PartitionLanes::Group& before = view.lanes()->groups()[0];
        QCOMPARE(before.lanes.size(), std::size_t{6});
        QCOMPARE(before.generation, 1u);
        std::uint64_t stuck = 0;
        for (const auto& lane : before.lanes) {
            stuck += lane.lag() > 100 ? 1 : 0;
            QCOMPARE(lane.ownerGone, lane.lag() > 100); // its owner crashed and keeps it
        }
        QCOMPARE(stuck, std::uint64_t{2}); // the crashed member's two partitions

        const SimTime rebalanced = rebalanceAfterTheStart(controller.data());
        controller.setCursor(rebalanced);
        QCOMPARE(view.lanes()->groups()[0].generation, 2u);
        QCOMPARE(view.lanes()->groups()[0].members, 2u);

        controller.setCursor(controller.end());
        for (const auto& lane : view.lanes()->groups()[0].lanes) {
            QVERIFY(lane.owner != kNoEntity);
            QVERIFY(!lane.ownerGone);
            QCOMPARE(lane.lag(), std::uint64_t{0});
        }
        // Back again: rebuilt from the start, the same as before.
        controller.setCursor(SimTime::fromSeconds(29));
        QCOMPARE(view.lanes()->groups()[0].generation, 1u);
    }

    // The offsets are the last metrics sample's at or before the cursor; before the first
    // sample there are none, and the lanes count the group's records.
    void lanesTakeTheOffsetsOfTheLastSampleBeforeTheCursor() {
        SessionController controller;
        PartitionsView view(controller);
        view.resize(1280, 720);
        view.show();
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/kafka-transactions.json")));
        controller.setCursor(SimTime::fromMillis(500));
        QVERIFY(!view.lanes()->sampledAt().has_value());

        controller.setCursor(SimTime::fromMillis(5500));
        QCOMPARE(view.lanes()->sampledAt(), std::optional(SimTime::fromSeconds(5)));
        const MetricsSample* sample = controller.data().sampleAt(SimTime::fromMillis(5500));
        QVERIFY(sample != nullptr);
        bool heldBack = false;
        for (const PartitionLanes::Group& g : view.lanes()->groups()) {
            for (std::size_t p = 0; p < g.lanes.size(); ++p) {
                const PartitionLanes::Offsets& o = g.lanes[p].offsets;
                const PartitionSample& log = sample->partitions[g.firstPartition + p];
                const GroupPartitionSample& at = sample->groupPartitions[g.firstCursor + p];
                QCOMPARE(o.log.logEnd, log.logEnd);
                QCOMPARE(o.log.lastStable, log.lastStable);
                QCOMPARE(o.group.committed, at.committed);
                QCOMPARE(o.group.lag, at.lag);
                heldBack = heldBack || (g.readCommitted && log.lastStable < log.logEnd);
            }
        }
        QVERIFY2(heldBack, "an open transaction holds audit back at 5 s");
        QVERIFY(!view.grab().isNull()); // the lanes paint with their held-back part
    }

    void theTimelineMarksTheRebalance() {
        SessionController controller;
        TimelineWidget timeline(controller);
        timeline.resize(900, 64);
        QVERIFY(test::openAndFinish(controller, kRebalance));
        const QString tip = timeline.tipAt(rebalanceAfterTheStart(controller.data()));
        QVERIFY2(tip.contains(QStringLiteral("group billing rebalanced: generation 2, 2 members")),
                 qPrintable(tip));
    }

    // A cluster's leader changes (KAFKA12): the failover's elections, then the controller's
    // check giving broker 1 its four partitions back once it is in sync again.
    void theTimelineMarksLeaderChanges() {
        SessionController controller;
        TimelineWidget timeline(controller);
        timeline.resize(900, 64);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/kafka-broker-failover.json")));
        const QString failover = timeline.tipAt(SimTime::fromSeconds(29));
        QVERIFY2(failover.contains(QStringLiteral("partitions: 4 elected a new leader")),
                 qPrintable(failover));
        const QString back = timeline.tipAt(SimTime::fromSeconds(50));
        QVERIFY2(back.contains(QStringLiteral("partitions: 4 back to their preferred leader")),
                 qPrintable(back));
        QVERIFY(timeline.tipAt(SimTime::fromSeconds(40)).isEmpty());
    }

    void aBrokerWithQueuesSaysItHasNoPartitions() {
        SessionController controller;
        PartitionsView view(controller);
        view.show();
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QVERIFY(view.lanes()->groups().empty());
        bool said = false;
        for (const QLabel* label : view.findChildren<QLabel*>()) {
            said = said || (label->isVisible() &&
                            label->text().contains(QStringLiteral("not partitioned logs")));
        }
        QVERIFY(said);
    }
};

EVSIM_GUI_TEST(PartitionsViewTest, "partitions_view")
#include "partitions_view_test.moc"
