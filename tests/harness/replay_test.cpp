// Recording a run and replaying it: the same inputs give the same checkpoints, and a replay
// that differs names the first divergent record, checked against the true one found by
// comparing two runs record by record.
#include "harness/recording/recorder.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/session/session_files.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace evsim {
namespace {

namespace fs = std::filesystem;

std::string scenarioPath(const std::string& name) {
    return (fs::path(EVSIM_SOURCE_DIR) / "scenarios" / name).string();
}

Recording record(const std::string& name, std::uint64_t every,
                 std::optional<std::uint64_t> seed = {}, std::optional<SimTime> until = {}) {
    LoadResult<Session> session = Session::open(scenarioPath(name));
    EXPECT_TRUE(session.ok());
    RecordOptions options;
    options.engine = "evsim test";
    options.checkpointEvery = every;
    options.seed = seed;
    options.until = until;
    auto recorded = recordSession(*session.value, options);
    EXPECT_TRUE(std::holds_alternative<RecordedRun>(recorded));
    RecordedRun& run = std::get<RecordedRun>(recorded);
    EXPECT_TRUE(run.outcome.completed());
    return run.recording;
}

TEST(Recorder, TheLastCheckpointIsTheRunsDigest) {
    const Recording r = record("hello-pubsub.json", 100);
    LoadResult<Session> session = Session::open(scenarioPath("hello-pubsub.json"));
    const RunOutcome plain = runScenario(session.value->scenario());
    EXPECT_EQ(r.digest, plain.summary.digest);
    EXPECT_EQ(r.records, plain.summary.records);
    ASSERT_FALSE(r.checkpoints.empty());
    EXPECT_EQ(r.checkpoints.back().digest, r.digest);
    EXPECT_EQ(r.checkpoints.back().record, r.records - 1);
    EXPECT_EQ(r.checkpoints.size(), (r.records + 99) / 100);
    EXPECT_EQ(r.checkpoints.front().record, 99u);
}

TEST(Recorder, EmbedsTheScenarioWithItsInterventions) {
    const Recording r = record("poison-message-dlq.json", 4096);
    EXPECT_FALSE(r.interventions.empty());
    EXPECT_NE(r.scenario.find("\"timeline\""), std::string::npos);
    EXPECT_EQ(r.scenarioFile, scenarioPath("poison-message-dlq.json"));
}

TEST(Replay, EveryBundledScenarioReplaysWithItsDigest) {
    for (const auto& e : fs::directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "scenarios")) {
        if (e.path().extension() != ".json") {
            continue;
        }
        const Recording r = record(e.path().filename().string(), 512);
        const ReplayResult replay = replayRecording(r, "r.evrec");
        EXPECT_TRUE(replay.matches()) << e.path();
        EXPECT_EQ(replay.digest, r.digest) << e.path();
    }
}

// Interventions on single messages, added in the app, are in the recording's text and replay
// to its digest; without them the run is another one.
TEST(Replay, MessageFaultsAddedInASessionReplayWithTheirDigest) {
    LoadResult<Session> session = Session::open(scenarioPath("hello-pubsub.json"));
    ASSERT_TRUE(session.ok());
    const auto fault = [](std::uint32_t message, MessageFaultKind kind) {
        MessageFault f;
        f.message = message;
        f.kind = kind;
        f.delay = SimTime::fromMillis(700);
        f.restartAfter = SimTime::fromSeconds(1);
        if (kind != MessageFaultKind::CrashReceiver) {
            f.restartAfter.reset();
        }
        return f;
    };
    for (const auto& [message, kind] :
         {std::pair{3u, MessageFaultKind::Drop}, std::pair{6u, MessageFaultKind::Duplicate},
          std::pair{9u, MessageFaultKind::Delay},
          std::pair{12u, MessageFaultKind::CrashReceiver}}) {
        ASSERT_TRUE(session.value->add({SimTime::fromMillis(10), fault(message, kind)}).ok());
    }
    RecordOptions options;
    options.engine = "evsim test";
    options.checkpointEvery = 64;
    auto recorded = recordSession(*session.value, options);
    ASSERT_TRUE(std::holds_alternative<RecordedRun>(recorded));
    const Recording& r = std::get<RecordedRun>(recorded).recording;
    const LoadResult<Recording> read = parseRecording(recordingJson(r), "faults.evrec");
    ASSERT_TRUE(read.ok()) << formatErrors(read.errors);
    ASSERT_EQ(read.value->interventions.size(), 4u);
    EXPECT_NE(read.value->interventions[3].find(R"("crash_receiver")"), std::string::npos);
    const ReplayResult replay = replayRecording(*read.value, "faults.evrec");
    EXPECT_TRUE(replay.matches());
    EXPECT_EQ(replay.digest, r.digest);
    EXPECT_NE(runScenario(session.value->scenario()).summary.digest, r.digest)
        << "the message faults changed the run";
}

// The first index where two runs' cumulative digests differ, found with one checkpoint per
// record: the truth the replay's search is checked against.
std::uint64_t firstDifference(const Recording& a, const Recording& b) {
    std::uint64_t i = 0;
    while (i < a.checkpoints.size() && i < b.checkpoints.size() &&
           a.checkpoints[i].digest == b.checkpoints[i].digest) {
        ++i;
    }
    return i;
}

TEST(Replay, AnotherSeedDivergesAtTheFirstRecordThatDiffers) {
    const Recording one = record("hello-pubsub.json", 1, 1);
    const Recording two = record("hello-pubsub.json", 1, 2);
    const std::uint64_t truth = firstDifference(one, two);
    ASSERT_LT(truth, one.records);

    Recording perturbed = one;
    perturbed.seed = 2;
    const ReplayResult exact = replayRecording(perturbed, "r.evrec");
    ASSERT_TRUE(exact.divergence);
    EXPECT_TRUE(exact.divergence->exact());
    EXPECT_EQ(exact.divergence->lastRecord, truth);
    EXPECT_EQ(exact.divergence->seen->digest, two.checkpoints[truth].digest);
    EXPECT_EQ(exact.divergence->expected->digest, one.checkpoints[truth].digest);
    EXPECT_FALSE(exact.divergence->seenRecord.empty());
    EXPECT_FALSE(exact.matches());

    // With coarse checkpoints the record is known to within one stretch, and only the
    // stretch that holds it is named.
    Recording coarse = record("hello-pubsub.json", 64, 1);
    coarse.seed = 2;
    const ReplayResult within = replayRecording(coarse, "r.evrec");
    ASSERT_TRUE(within.divergence);
    EXPECT_LE(within.divergence->firstRecord, truth);
    EXPECT_GE(within.divergence->lastRecord, truth);
    EXPECT_LE(within.divergence->lastRecord - within.divergence->firstRecord, 63u);
}

TEST(Replay, AFlippedCheckpointIsReportedAtItsRecord) {
    Recording r = record("hello-pubsub.json", 1);
    r.checkpoints[37].digest ^= 1;
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_TRUE(replay.divergence);
    EXPECT_EQ(replay.divergence->firstRecord, 37u);
    EXPECT_EQ(replay.divergence->lastRecord, 37u);
    EXPECT_EQ(replay.divergence->checkpoint.value_or(0), 37u);
    // Nothing after the divergence is compared.
    EXPECT_EQ(replay.records, 38u);
}

TEST(Replay, ARunThatGoesOnPastTheRecordingDivergesRightAfterItsLastRecord) {
    Recording r = record("hello-pubsub.json", 4096, {}, SimTime::fromSeconds(1));
    r.until = SimTime::fromSeconds(2);
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_TRUE(replay.divergence);
    EXPECT_TRUE(replay.divergence->exact());
    EXPECT_EQ(replay.divergence->lastRecord, r.records);
    EXPECT_FALSE(replay.divergence->checkpoint.has_value());
}

TEST(Replay, ARunThatEndsBeforeTheRecordingSaysSo) {
    Recording r = record("hello-pubsub.json", 4096, {}, SimTime::fromSeconds(2));
    // A shorter run whose file still holds together: no record after the end of the run.
    r.until = SimTime::fromSeconds(1);
    r.checkpoints.back().time = r.until;
    r.summary.lastEventTime = r.until;
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_TRUE(replay.divergence);
    EXPECT_TRUE(replay.divergence->endedEarly);
    EXPECT_EQ(replay.divergence->seenRecords, replay.records);
    EXPECT_LT(replay.records, r.records);
}

TEST(Replay, InterventionsThatDisagreeWithTheScenarioAreRefused) {
    Recording r = record("poison-message-dlq.json", 4096);
    r.interventions.pop_back();
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_EQ(replay.errors.size(), 1u);
    EXPECT_EQ(replay.errors[0].jsonPath, "$.interventions");
}

TEST(Replay, AnEmbeddedScenarioThatDoesNotLoadIsReportedAsSuch) {
    Recording r = record("hello-pubsub.json", 4096);
    r.scenario = "{ \"name\": 3 }";
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_FALSE(replay.errors.empty());
    EXPECT_EQ(replay.errors[0].file, "r.evrec (embedded scenario)");
}

} // namespace
} // namespace evsim
