#include "gui/control/session_controller.h"
#include "gui/models/trace_filter_model.h"
#include "gui/models/traces_model.h"
#include "gui/views/traces/traces_view.h"
#include "gui/views/traces/waterfall_links.h"
#include "gui/views/traces/waterfall_widget.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <map>
#include <set>

using namespace evsim;
using namespace evsim::gui;

namespace {

// What the tests know of each trace, worked out from the records alone.
struct Expected {
    std::uint32_t spans = 0;
    SimTime first = SimTime::max();
    SimTime last;
    bool deadLettered = false;
    bool dropped = false;
    bool failed = false;
    std::uint16_t eventType = 0;
};

std::uint32_t rootOf(const RunData& data, std::uint32_t message) {
    const Message* m = data.message(message);
    return m == nullptr ? 0 : (m->traceRoot != 0 ? m->traceRoot : m->id);
}

std::map<std::uint32_t, Expected> expectedTraces(const RunData& data) {
    std::map<std::uint32_t, Expected> out;
    for (std::uint32_t id = 1; data.message(id) != nullptr; ++id) {
        Expected& e = out[rootOf(data, id)];
        ++e.spans;
    }
    for (auto& [root, e] : out) {
        e.eventType = data.message(root)->eventType;
    }
    for (const Record& r : data.records()) {
        if (r.message == 0 || r.kind == RecordKind::FaultStarted ||
            r.kind == RecordKind::FaultEnded || data.message(r.message) == nullptr) {
            continue;
        }
        Expected& e = out[rootOf(data, r.message)];
        e.first = std::min(e.first, r.time);
        e.last = std::max(e.last, r.time);
        e.deadLettered = e.deadLettered || r.kind == RecordKind::DeadLettered;
        e.dropped = e.dropped || r.kind == RecordKind::Dropped;
        e.failed = e.failed || r.kind == RecordKind::Failed;
    }
    return out;
}

std::vector<std::size_t> recordsOfKind(const RunData& data, std::uint32_t message,
                                       RecordKind kind) {
    std::vector<std::size_t> out;
    for (const std::size_t i : data.recordsOf(message)) {
        if (data.records()[i].kind == kind) {
            out.push_back(i);
        }
    }
    return out;
}

std::uint32_t deadLetteredMessage(const RunData& data) {
    for (const Record& r : data.records()) {
        if (r.kind == RecordKind::DeadLettered) {
            return r.message;
        }
    }
    return 0;
}

} // namespace

class TracesViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theModelsAreWellBehavedWhileRecordsArrive() {
        SessionController controller;
        TracesView view(controller);
        QAbstractItemModelTester tester(&view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filtered(&view.filterModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setStatusFilter(static_cast<int>(TraceFilterModel::StatusFilter::Problem));
        QString errors;
        QVERIFY(controller.openFile(
            test::sourcePath(QStringLiteral("scenarios/poison-message-dlq.json")), &errors));
        controller.runToEnd(); // many batches, each taken in as it comes
        view.setStatusFilter(static_cast<int>(TraceFilterModel::StatusFilter::Any));
        view.setMinDurationFilter(QStringLiteral("5ms"));
        view.setMinDurationFilter(QString());
        // The same rows as a model built from the finished run at once.
        TracesModel once(controller.data());
        once.refresh();
        QCOMPARE(view.model().rowCount(), once.rowCount());
        for (int row = 0; row < once.rowCount(); ++row) {
            QCOMPARE(view.model().trace(row).root, once.trace(row).root);
            QCOMPARE(view.model().trace(row).spans, once.trace(row).spans);
            QCOMPARE(view.model().trace(row).status(), once.trace(row).status());
            QCOMPARE(view.model().trace(row).lastRecord, once.trace(row).lastRecord);
        }
        // Run it again: the model starts over without a stale row.
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QCOMPARE(view.model().rowCount(), 200);
    }

    void tracesGroupMessagesByTheirTraceRoot() {
        SessionController controller;
        TracesView view(controller);
        // Its billing consumer emits an event per processed message: traces of several spans.
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("fixtures/fuzz_corpus/pipeline.json")));
        const auto expected = expectedTraces(controller.data());
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()), expected.size());
        std::set<std::uint32_t> seen;
        bool someTraceHasSeveralSpans = false;
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const TraceSummary& t = view.model().trace(row);
            QVERIFY(expected.count(t.root) == 1);
            QVERIFY(seen.insert(t.root).second);
            QCOMPARE(t.spans, expected.at(t.root).spans);
            QCOMPARE(t.first, expected.at(t.root).first);
            QCOMPARE(t.last, expected.at(t.root).last);
            someTraceHasSeveralSpans = someTraceHasSeveralSpans || t.spans > 1;
        }
        QVERIFY(someTraceHasSeveralSpans);
        for (std::uint32_t id = 1; controller.data().message(id) != nullptr; ++id) {
            QCOMPARE(view.model().rowOfMessage(id),
                     view.model().rowOfRoot(rootOf(controller.data(), id)));
        }
    }

    // Retries through a delay queue: a trace whose copies all ended acknowledged is recovered,
    // however many attempts failed or dead-letters it went through; one parked at the end is
    // dead-lettered.
    void aRetriedTraceThatEndedAcknowledgedIsRecovered() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/retry-queue-backoff.json")));
        const RunData& data = controller.data();
        const EntityId parked = data.entities().find(EntityKind::Queue, "shipping.parked");
        QVERIFY(parked != 0);
        std::set<std::uint32_t> parkedTraces;
        std::set<std::uint32_t> failedTraces;
        for (const Record& r : data.records()) {
            if (r.kind == RecordKind::Enqueued && r.entity == parked) {
                parkedTraces.insert(rootOf(data, r.message));
            }
            if (r.kind == RecordKind::Failed) {
                failedTraces.insert(rootOf(data, r.message));
            }
        }
        QVERIFY(!parkedTraces.empty());
        int recovered = 0;
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const TraceSummary& t = view.model().trace(row);
            const bool isParked = parkedTraces.count(t.root) > 0;
            const bool failed = failedTraces.count(t.root) > 0;
            QCOMPARE(t.status() == TraceStatus::DeadLettered, isParked);
            QCOMPARE(t.status() == TraceStatus::Recovered, failed && !isParked);
            QCOMPARE(t.status() == TraceStatus::Ok, !failed);
            recovered += t.status() == TraceStatus::Recovered ? 1 : 0;
        }
        QVERIFY(recovered > 0);
    }

    void aTraceWithADeadLetteredMessageIsDeadLettered() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const auto expected = expectedTraces(controller.data());
        int deadLettered = 0;
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const TraceSummary& t = view.model().trace(row);
            const Expected& e = expected.at(t.root);
            QCOMPARE(t.status() == TraceStatus::DeadLettered, e.deadLettered && !e.dropped);
            if (!e.deadLettered && !e.dropped && !e.failed) {
                QCOMPARE(t.status(), TraceStatus::Ok); // all settled by the end of the run
            }
            deadLettered += t.status() == TraceStatus::DeadLettered ? 1 : 0;
        }
        QCOMPARE(deadLettered, 1);
        const int row = view.model().rowOfMessage(deadLetteredMessage(controller.data()));
        QVERIFY(row >= 0);
        QCOMPARE(view.model().trace(row).status(), TraceStatus::DeadLettered);
        QCOMPARE(view.model().index(row, TracesModel::Status).data().toString(),
                 QStringLiteral("dead-lettered"));
    }

    void filtersKeepTracesByStatusEventTypeAndDuration() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const RunData& data = controller.data();
        const auto expected = expectedTraces(data);
        const auto shownRoots = [&] {
            std::set<std::uint32_t> roots;
            for (int row = 0; row < view.filterModel().rowCount(); ++row) {
                const QModelIndex source =
                    view.filterModel().mapToSource(view.filterModel().index(row, 0));
                roots.insert(view.model().trace(source.row()).root);
            }
            return roots;
        };
        using S = TraceFilterModel::StatusFilter;
        view.setStatusFilter(static_cast<int>(S::DeadLettered));
        QCOMPARE(shownRoots(), (std::set<std::uint32_t>{rootOf(data, deadLetteredMessage(data))}));
        view.setStatusFilter(static_cast<int>(S::Problem));
        std::set<std::uint32_t> problems;
        for (const auto& [root, e] : expected) {
            // Problems end badly; a trace that failed and then went through is recovered.
            if (e.dropped || (e.deadLettered && root == rootOf(data, deadLetteredMessage(data)))) {
                problems.insert(root);
            }
        }
        QCOMPARE(shownRoots(), problems);
        view.setStatusFilter(static_cast<int>(S::Any));

        // Duration: at least the median trace's.
        std::vector<SimTime> durations;
        for (const auto& [root, e] : expected) {
            durations.push_back(e.last - e.first);
        }
        std::sort(durations.begin(), durations.end());
        const SimTime median = durations[durations.size() / 2];
        view.setMinDurationFilter(QString::fromStdString(formatDuration(median)));
        std::set<std::uint32_t> longer;
        for (const auto& [root, e] : expected) {
            if (e.last - e.first >= median) {
                longer.insert(root);
            }
        }
        QVERIFY(longer.size() < expected.size());
        QCOMPARE(shownRoots(), longer);
        view.setMinDurationFilter(QStringLiteral("not a duration")); // ignored, keeps the last
        QCOMPARE(shownRoots(), longer);
        view.setMinDurationFilter(QString());
        QCOMPARE(static_cast<std::size_t>(view.filterModel().rowCount()), expected.size());
    }

    void theEventTypeFilterKeepsTracesRootedInThatType() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("fixtures/fuzz_corpus/pipeline.json")));
        const RunData& data = controller.data();
        const auto expected = expectedTraces(data);
        QVERIFY(data.eventTypes().size() > 2);
        for (std::uint32_t type = 1; type < data.eventTypes().size(); ++type) {
            view.setEventTypeFilter(static_cast<int>(type));
            std::size_t want = 0;
            for (const auto& [root, e] : expected) {
                want += e.eventType == type ? 1 : 0;
            }
            QCOMPARE(static_cast<std::size_t>(view.filterModel().rowCount()), want);
            for (int row = 0; row < view.filterModel().rowCount(); ++row) {
                const QModelIndex source =
                    view.filterModel().mapToSource(view.filterModel().index(row, 0));
                QCOMPARE(view.model().trace(source.row()).eventType, type);
            }
        }
        view.setEventTypeFilter(0);
        QCOMPARE(static_cast<std::size_t>(view.filterModel().rowCount()), expected.size());
    }

    void theWaterfallOfADeadLetteredMessageFollowsItsRecords() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/poison-message-dlq.json")));
        const RunData& data = controller.data();
        const std::uint32_t poison = deadLetteredMessage(data);
        controller.select({Selection::Kind::Message, poison, 0});
        QCOMPARE(view.shownTrace(), rootOf(data, poison));
        const TraceSpans& spans = view.waterfall().trace();
        QCOMPARE(spans.rows.size(), std::size_t{2});

        const SpanRow& died = spans.rows[0];
        const auto published = recordsOfKind(data, poison, RecordKind::Published);
        const auto enqueued = recordsOfKind(data, poison, RecordKind::Enqueued);
        const auto delivered = recordsOfKind(data, poison, RecordKind::Delivered);
        const auto failed = recordsOfKind(data, poison, RecordKind::Failed);
        const auto deadLettered = recordsOfKind(data, poison, RecordKind::DeadLettered);
        QCOMPARE(enqueued.size(), std::size_t{2}); // billing.orders, then billing.dead
        QCOMPARE(delivered.size(), std::size_t{4});
        QCOMPARE(failed.size(), std::size_t{4});
        QCOMPARE(deadLettered.size(), std::size_t{1});
        const auto at = [&](std::size_t record) {
            return data.records()[record].time;
        };
        QCOMPARE(died.message, poison);
        QCOMPARE(died.published, at(published[0]));
        QCOMPARE(died.enqueued, at(enqueued[0]));
        QCOMPARE(data.entities()[died.queue].name, std::string("billing.orders"));
        QCOMPARE(died.attempts.size(), std::size_t{4});
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(died.attempts[i].delivered, at(delivered[i]));
            QCOMPARE(died.attempts[i].done, at(failed[i]));
            QVERIFY(died.attempts[i].failed);
            QCOMPARE(died.attempts[i].consumer, data.records()[delivered[i]].aux);
        }
        const auto dlEvent =
            std::find_if(died.events.begin(), died.events.end(),
                         [](const auto& e) { return e.kind == RecordKind::DeadLettered; });
        QVERIFY(dlEvent != died.events.end());
        QCOMPARE(dlEvent->time, at(deadLettered[0]));
        QVERIFY(died.settled);

        const SpanRow& dead = spans.rows[1];
        QVERIFY(dead.deadLettered);
        QCOMPARE(dead.parentRow, 0);
        QCOMPARE(dead.depth, 1);
        QCOMPARE(data.entities()[dead.queue].name, std::string("billing.dead"));
        QCOMPARE(dead.published, at(deadLettered[0]));
        QCOMPARE(dead.enqueued, at(enqueued[1]));
        QVERIFY(dead.attempts.empty());
        QCOMPARE(spans.start, at(published[0]));
        QCOMPARE(spans.end, at(enqueued[1]));
    }

    void theWaterfallOfAFanoutShowsEachCopy() {
        SessionController controller;
        TracesView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const RunData& data = controller.data();
        controller.select({Selection::Kind::Message, 7, 0});
        const TraceSpans& spans = view.waterfall().trace();
        QCOMPARE(spans.rows.size(), std::size_t{2}); // billing.orders and email.orders
        const auto at = [&](std::size_t record) {
            return data.records()[record].time;
        };
        for (const SpanRow& row : spans.rows) {
            QCOMPARE(row.message, 7u);
            // This copy's records: those naming its queue.
            std::vector<std::size_t> mine;
            for (const std::size_t i : data.recordsOf(7)) {
                const Record& r = data.records()[i];
                const bool queueFirst = r.kind == RecordKind::Enqueued ||
                                        r.kind == RecordKind::Delivered ||
                                        r.kind == RecordKind::Acked;
                const bool consumerFirst =
                    r.kind == RecordKind::Processed || r.kind == RecordKind::Failed;
                if ((queueFirst && r.entity == row.queue) ||
                    (consumerFirst && r.aux == row.queue)) {
                    mine.push_back(i);
                }
            }
            QCOMPARE(row.published, at(recordsOfKind(data, 7, RecordKind::Published)[0]));
            QCOMPARE(row.enqueued, at(mine.front()));
            std::size_t attempt = 0;
            for (const std::size_t i : mine) {
                const Record& r = data.records()[i];
                if (r.kind == RecordKind::Delivered) {
                    QCOMPARE(row.attempts.at(attempt).delivered, r.time);
                } else if (r.kind == RecordKind::Processed || r.kind == RecordKind::Failed) {
                    QCOMPARE(row.attempts.at(attempt).done, r.time);
                    QCOMPARE(row.attempts.at(attempt).failed, r.kind == RecordKind::Failed);
                    ++attempt;
                } else if (r.kind == RecordKind::Acked) {
                    QVERIFY(std::any_of(row.events.begin(), row.events.end(), [&](const auto& e) {
                        return e.kind == RecordKind::Acked && e.time == r.time;
                    }));
                }
            }
            QCOMPARE(row.attempts.size(), attempt);
            QVERIFY(row.settled);
        }
        QVERIFY(spans.rows[0].queue != spans.rows[1].queue);
    }

    void linksJoinEachEventToTheProcessingThatPublishedIt() {
        SessionController controller;
        TracesView view(controller);
        view.resize(1200, 700);
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("scenarios/saga-choreography.json")));
        controller.select(
            {Selection::Kind::Message, 1, 0}); // order 1: placed, paid, reserved, shipped
        const WaterfallWidget& waterfall = view.waterfall();
        const TraceSpans& spans = waterfall.trace();
        QCOMPARE(spans.rows.size(), std::size_t{4});
        const std::vector<QLineF> links = spanLinkLines(waterfall);
        QCOMPARE(links.size(), std::size_t{3}); // one per row under another
        std::size_t link = 0;
        for (std::size_t i = 0; i < spans.rows.size(); ++i) {
            const SpanRow& row = spans.rows[i];
            if (row.parentRow < 0) {
                continue;
            }
            const QLineF& line = links.at(link++);
            // Down from the parent's row into this one, at the instant it was published...
            QVERIFY(waterfall.rowRect(row.parentRow).contains(line.p1()));
            QVERIFY(waterfall.rowRect(static_cast<int>(i)).contains(line.p2()));
            QCOMPARE(line.x1(), waterfall.xOf(row.published));
            QCOMPARE(line.x2(), line.x1());
            // ...which falls within the parent's processing (TRACE02: the emitting span).
            const SpanRow& parent = spans.rows[static_cast<std::size_t>(row.parentRow)];
            QVERIFY(std::any_of(parent.attempts.begin(), parent.attempts.end(), [&](const auto& a) {
                return a.delivered <= row.published && row.published <= a.done;
            }));
        }
    }

    void selectingATraceSelectsItsRootAndAMessageItsTrace() {
        SessionController controller;
        TracesView view(controller);
        view.resize(1000, 700);
        view.show();
        QVERIFY(
            test::openAndFinish(controller, QStringLiteral("fixtures/fuzz_corpus/pipeline.json")));
        const RunData& data = controller.data();
        std::uint32_t child = 0;
        for (std::uint32_t id = 1; data.message(id) != nullptr && child == 0; ++id) {
            child = data.message(id)->parent != 0 ? id : 0;
        }
        QVERIFY(child != 0);
        const std::uint32_t root = rootOf(data, child);
        QVERIFY(root != child);

        // A message selected elsewhere: its trace is the current row, the message stays selected.
        controller.select({Selection::Kind::Message, child, 0});
        const QModelIndex current = view.table().currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(view.model().trace(view.filterModel().mapToSource(current).row()).root, root);
        QCOMPARE(controller.selection().id, child);
        QCOMPARE(view.shownTrace(), root);
        const auto& rows = view.waterfall().trace().rows;
        QVERIFY(std::any_of(rows.begin(), rows.end(),
                            [&](const SpanRow& r) { return r.message == child; }));

        // Clicking another trace selects its root message.
        const int other = current.row() == 0 ? 1 : 0;
        const QModelIndex index = view.filterModel().index(other, TracesModel::Root);
        const std::uint32_t otherRoot =
            view.model().trace(view.filterModel().mapToSource(index).row()).root;
        view.table().scrollTo(index);
        QTest::mouseClick(view.table().viewport(), Qt::LeftButton, {},
                          view.table().visualRect(index).center());
        QCOMPARE(controller.selection().kind, Selection::Kind::Message);
        QCOMPARE(controller.selection().id, otherRoot);
        QCOMPARE(view.shownTrace(), otherRoot);

        // Clicking a waterfall row selects that row's message.
        controller.select({Selection::Kind::Message, child, 0});
        const auto& shown = view.waterfall().trace().rows;
        int childRow = -1;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            childRow = shown[i].message == child && childRow < 0 ? static_cast<int>(i) : childRow;
        }
        QVERIFY(childRow >= 0);
        controller.select({Selection::Kind::Message, root, 0});
        QCOMPARE(view.shownTrace(), root);
        QTest::mouseClick(&view.waterfall(), Qt::LeftButton, {},
                          view.waterfall().rowRect(childRow).center().toPoint());
        QCOMPARE(controller.selection().id, child);
    }
};

EVSIM_GUI_TEST(TracesViewTest, "traces_view")
#include "traces_view_test.moc"
