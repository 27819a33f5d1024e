#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/run/runner.h"
#include "harness/session/intervention_choices.h"
#include "simulator/engine/simulation.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/scenario_loader.h"
#include "tests/gui/gui_test_support.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

// Injects "Crash, restart after…" on billing#0, as its context menu does: "" or why not.
QString crashBilling(SessionController& controller, SimTime at) {
    const EntityId billing = controller.data().entities().find(EntityKind::Instance, "billing#0");
    if (billing == kNoEntity) {
        return QStringLiteral("no instance billing#0");
    }
    const std::vector<InterventionChoice> choices =
        interventionChoices(controller.session().scenario(), controller.data().entities(), billing);
    const auto crash =
        std::find_if(choices.begin(), choices.end(), [](const InterventionChoice& c) {
            return c.label == "Crash, restart after…";
        });
    if (crash == choices.end()) {
        return QStringLiteral("no crash among billing#0's choices");
    }
    return applyChoice(controller, *crash, at);
}

class SessionControllerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theAppsDigestIsTheCliDigest() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const LoadResult<Scenario> loaded = loadScenarioFile(
            test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json")).toStdString());
        QVERIFY(loaded.ok());
        const RunOutcome cli = runScenario(*loaded.value, {});
        QCOMPARE(formatDigest(controller.data().digest()), formatDigest(cli.summary.digest));
        QCOMPARE(formatDigest(controller.data().digest()), std::string("51fe516dc7a660ce"));
        QCOMPARE(controller.data().records().size(), cli.simulation->log().records().size());
    }

    void theCursorStaysWithinWhatTheRunComputed() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        controller.setCursor(SimTime::fromSeconds(1'000));
        QCOMPARE(controller.cursor(), controller.end());
        controller.setCursor(SimTime::fromSeconds(3));
        QCOMPARE(controller.cursor(), SimTime::fromSeconds(3));
    }

    void steppingVisitsTheNextAndPreviousRecord() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        controller.setCursor(SimTime::fromSeconds(2));
        const auto& records = controller.data().records();
        const std::size_t next =
            controller.data().firstRecordAt(SimTime::fromSeconds(2) + SimTime::fromNanos(1));
        controller.stepForward();
        QCOMPARE(controller.cursor(), records[next].time);
        controller.stepBack();
        QVERIFY(controller.cursor() < records[next].time);
    }

    void injectingRunsAgainAndKeepsTheCursor() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const std::uint64_t before = controller.data().digest();
        controller.setCursor(SimTime::fromSeconds(4));
        QSignalSpy restarted(&controller, &SessionController::runRestarted);
        QCOMPARE(crashBilling(controller, SimTime::fromSeconds(2)), QString());
        QCOMPARE(restarted.count(), 1);
        controller.runToEnd();
        QCOMPARE(controller.cursor(), SimTime::fromSeconds(4));
        QVERIFY(controller.data().digest() != before);
        QCOMPARE(controller.session().added().size(), std::size_t{1});
        QCOMPARE(controller.session().added()[0].at, SimTime::fromSeconds(4));
        controller.removeIntervention(0);
        controller.runToEnd();
        QCOMPARE(controller.data().digest(), before);
    }

    // A consumer's menu offers basic.cancel; chosen, the run has the consumer not consuming
    // from the cursor for the time given, as its records say.
    void cancellingAConsumerFromItsMenuStopsItsDeliveriesForAWhile() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EntityTable& entities = controller.data().entities();
        const EntityId email = entities.find(EntityKind::Consumer, "email#0<-email.orders");
        QVERIFY(email != kNoEntity);
        const std::vector<InterventionChoice> choices =
            interventionChoices(controller.session().scenario(), entities, email);
        const auto cancel =
            std::find_if(choices.begin(), choices.end(), [](const InterventionChoice& c) {
                return c.label == "Cancel consuming for…";
            });
        QVERIFY(cancel != choices.end());
        controller.setCursor(SimTime::fromSeconds(2));
        QCOMPARE(applyChoice(controller, *cancel, SimTime::fromSeconds(3)), QString());
        controller.runToEnd();
        std::vector<std::pair<RecordKind, SimTime>> seen;
        for (const Record& r : controller.data().records()) {
            if ((r.kind == RecordKind::FaultStarted || r.kind == RecordKind::FaultEnded) &&
                r.entity == email) {
                seen.emplace_back(r.kind, r.time);
            }
        }
        const std::vector<std::pair<RecordKind, SimTime>> expected{
            {RecordKind::FaultStarted, SimTime::fromSeconds(2)},
            {RecordKind::FaultEnded, SimTime::fromSeconds(5)}};
        QVERIFY(seen == expected);
    }

    // A cluster's broker menu stops one of its brokers live (KAFKA12): the controller elects
    // new leaders for what it led a broker session timeout later.
    void theBrokerMenuStopsOneBrokerOfACluster() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/kafka-broker-failover.json")));
        const EntityTable& entities = controller.data().entities();
        const EntityId broker = entities.find(EntityKind::Broker, "broker");
        QVERIFY(broker != kNoEntity);
        const std::vector<InterventionChoice> choices =
            interventionChoices(controller.session().scenario(), entities, broker);
        const auto stop =
            std::find_if(choices.begin(), choices.end(), [](const InterventionChoice& c) {
                return c.label == "Stop broker-3 for…";
            });
        QVERIFY(stop != choices.end());
        controller.setCursor(SimTime::fromSeconds(5));
        QCOMPARE(applyChoice(controller, *stop, SimTime::fromSeconds(20)), QString());
        controller.runToEnd();
        const EntityId broker3 = entities.find(EntityKind::Broker, "broker-3");
        std::vector<SimTime> stopped;
        std::size_t electedAt14 = 0;
        for (const Record& r : controller.data().records()) {
            if (r.kind == RecordKind::FaultStarted && r.entity == broker3) {
                stopped.push_back(r.time);
            }
            electedAt14 +=
                r.kind == RecordKind::LeaderElected && r.time == SimTime::fromSeconds(14) ? 1 : 0;
        }
        QVERIFY(stopped == std::vector<SimTime>{SimTime::fromSeconds(5)});
        QCOMPARE(electedAt14, std::size_t{4}); // two partitions of each topic led by broker-3
    }

    // A log group's menu seeks it (KAFKA07): "Replay the last…" reads that much of the log
    // again, and a queue's purge is not offered for a group.
    void aGroupsMenuReplaysTheLastSecondsOfItsLog() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/kafka-replay-new-group.json")));
        const EntityTable& entities = controller.data().entities();
        const EntityId metrics = entities.find(EntityKind::Queue, "metrics");
        QVERIFY(metrics != kNoEntity);
        const std::vector<InterventionChoice> choices =
            interventionChoices(controller.session().scenario(), entities, metrics);
        QVERIFY(std::none_of(choices.begin(), choices.end(),
                             [](const InterventionChoice& c) { return c.label == "Purge"; }));
        const auto replay =
            std::find_if(choices.begin(), choices.end(),
                         [](const InterventionChoice& c) { return c.label == "Replay the last…"; });
        QVERIFY(replay != choices.end());
        controller.setCursor(SimTime::fromSeconds(40));
        QCOMPARE(applyChoice(controller, *replay, SimTime::fromSeconds(5)), QString());
        controller.runToEnd();
        std::size_t seeks = 0;
        std::size_t redelivered = 0;
        for (const Record& r : controller.data().records()) {
            if (r.kind == RecordKind::Seeked && r.entity == metrics) {
                QCOMPARE(r.time, SimTime::fromSeconds(40));
                ++seeks;
            }
            redelivered += r.kind == RecordKind::Delivered && r.entity == metrics && r.attempt > 1;
        }
        QCOMPARE(seeks, std::size_t{4}); // one per partition
        // Five seconds of 100 records a second, give or take the records on their way.
        QVERIFY2(redelivered > 450 && redelivered < 550, std::to_string(redelivered).c_str());
    }

    // An exchange's menu deletes it for a while (AMQP20); the default exchange offers nothing.
    void deletingAnExchangeFromItsMenuClosesThePublishersChannels() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EntityTable& entities = controller.data().entities();
        const EntityId orders = entities.find(EntityKind::Exchange, "orders");
        QVERIFY(orders != kNoEntity);
        const std::vector<InterventionChoice> choices =
            interventionChoices(controller.session().scenario(), entities, orders);
        const auto remove =
            std::find_if(choices.begin(), choices.end(),
                         [](const InterventionChoice& c) { return c.label == "Delete for…"; });
        QVERIFY(remove != choices.end());
        controller.setCursor(SimTime::fromSeconds(2));
        QCOMPARE(applyChoice(controller, *remove, SimTime::fromSeconds(1)), QString());
        controller.runToEnd();
        std::vector<std::pair<RecordKind, SimTime>> seen;
        std::size_t closed = 0;
        for (const Record& r : controller.data().records()) {
            if ((r.kind == RecordKind::FaultStarted || r.kind == RecordKind::FaultEnded) &&
                r.entity == orders) {
                seen.emplace_back(r.kind, r.time);
            }
            closed += r.kind == RecordKind::ChannelClosed && r.aux == orders ? 1 : 0;
        }
        const std::vector<std::pair<RecordKind, SimTime>> expected{
            {RecordKind::FaultStarted, SimTime::fromSeconds(2)},
            {RecordKind::FaultEnded, SimTime::fromSeconds(3)}};
        QVERIFY(seen == expected);
        QVERIFY(closed > 0);

        const EntityId defaultExchange = entities.find(EntityKind::Exchange, "(default)");
        QVERIFY(defaultExchange != kNoEntity);
        QVERIFY(interventionChoices(controller.session().scenario(), entities, defaultExchange)
                    .empty());
    }

    void aRejectedInterventionChangesNothing() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        PurgeQueue purge{"no-such-queue"};
        QVERIFY(!controller.inject(Intervention{SimTime::fromSeconds(1), purge}).isEmpty());
        QVERIFY(controller.session().added().empty());
        QVERIFY(!controller.running());
    }

    void aFileThatDoesNotLoadKeepsTheSession() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QString errors;
        QVERIFY(!controller.openFile(
            test::sourcePath(QStringLiteral("fixtures/malformed/dangling_queue.json")), &errors));
        QVERIFY(errors.contains(QStringLiteral("dangling_queue.json:")));
        QVERIFY(controller.filePath().endsWith(QStringLiteral("hello-pubsub.json")));
    }

    void aRecordingOpensAsTheRunItKeeps() {
        SessionController controller;
        QVERIFY(test::openAndFinish(
            controller, QStringLiteral("fixtures/recordings/poison-message-dlq.evrec")));
        const LoadResult<Recording> recording =
            loadRecordingFile(test::sourcePath(QStringLiteral("fixtures/recordings/"
                                                              "poison-message-dlq.evrec"))
                                  .toStdString());
        QVERIFY(recording.ok());
        QCOMPARE(controller.data().digest(), recording.value->digest);
        QCOMPARE(controller.end(), recording.value->until);
    }

    void aRecordingWhoseRunDiffersSaysSoUntilTheSessionIsAnotherRun() {
        LoadResult<Recording> recording = loadRecordingFile(
            test::sourcePath(QStringLiteral("fixtures/recordings/hello-pubsub.evrec"))
                .toStdString());
        QVERIFY(recording.ok());
        SessionController controller;
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("fixtures/recordings/hello-pubsub.evrec")));
        QCOMPARE(controller.recordingProblem(), QString());

        // Another seed: the file holds together, but its run is not the one it names.
        Recording edited = *recording.value;
        edited.seed += 1;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("edited.evrec"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(recordingJson(edited)));
        file.close();
        QVERIFY(controller.openFile(path));
        controller.runToEnd();
        const QString problem = controller.recordingProblem();
        QVERIFY2(problem.contains(QStringLiteral("differs from the recording")),
                 qPrintable(problem));
        QVERIFY(problem.contains(QString::fromStdString(formatDigest(edited.digest))));

        // With an intervention added it is the user's own run: nothing to compare.
        QCOMPARE(crashBilling(controller, SimTime::fromSeconds(2)), QString());
        controller.runToEnd();
        QCOMPARE(controller.recordingProblem(), QString());
    }

    void aSessionSavedAsARecordingReplaysToTheAppsDigest() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QCOMPARE(crashBilling(controller, SimTime::fromSeconds(2)), QString());
        controller.runToEnd();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.evrec"));
        QVERIFY(controller.saveSessionAs(path).ok());
        const LoadResult<Recording> saved = loadRecordingFile(path.toStdString());
        QVERIFY(saved.ok());
        QCOMPARE(saved.value->interventions.size(), std::size_t{1});
        QCOMPARE(saved.value->digest, controller.data().digest());
        QVERIFY(replayRecording(*saved.value, path.toStdString()).matches());
    }

    void cancellingStopsTheComputation() {
        SessionController controller;
        QString errors;
        QVERIFY(controller.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json")),
                                    &errors));
        controller.cancelRun();
        QVERIFY(!controller.running());
    }
};

EVSIM_GUI_TEST(SessionControllerTest, "session_controller")
#include "session_controller_test.moc"
