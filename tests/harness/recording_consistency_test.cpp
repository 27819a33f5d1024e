// What a recording guarantees (docs/recording-format.md), each guarantee tampered with: a
// file whose fields contradict each other is a located error (E033) before anything runs, and
// a file that holds together but is not the run it names fails its replay.
#include "harness/recording/recorder.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/session/session.h"
#include "harness/session/session_files.h"
#include "simulator/observe/record.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace evsim {
namespace {

// checkpoint_every 2, five records: checkpoints after records 1, 3 and the last, 4.
Recording checkpointedSample() {
    Recording r;
    r.engine = "evsim 0.1.0";
    r.scenarioFile = "s.json";
    r.scenario = "{}";
    r.until = SimTime::fromMillis(20);
    r.checkpointEvery = 2;
    r.checkpoints = {{1, SimTime::fromMillis(3), 0x11},
                     {3, SimTime::fromMillis(9), 0x33},
                     {4, SimTime::fromMillis(12), 0x44}};
    r.records = 5;
    r.digest = 0x44;
    r.summary.lastEventTime = SimTime::fromMillis(12);
    return r;
}

std::string replacedFirst(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// The errors of reading `r` back from its JSON text.
std::vector<LoadError> errorsOf(const Recording& r) {
    return parseRecording(recordingJson(r), "r.evrec").errors;
}

// Refused, with an error at `path` among those the tampering caused.
void expectInconsistencyAt(const Recording& r, const std::string& path) {
    const std::vector<LoadError> errors = errorsOf(r);
    const auto at = std::find_if(errors.begin(), errors.end(),
                                 [&](const LoadError& e) { return e.jsonPath == path; });
    ASSERT_NE(at, errors.end()) << formatErrors(errors);
    EXPECT_EQ(at->code, LoadErrorCode::Inconsistent);
    EXPECT_GT(at->line, 0) << "located";
    EXPECT_FALSE(at->hint.empty());
}

void expectOneInconsistency(const Recording& r, const std::string& path) {
    EXPECT_EQ(errorsOf(r).size(), 1u) << formatErrors(errorsOf(r));
    expectInconsistencyAt(r, path);
}

TEST(RecordingConsistency, TheSampleHoldsTogether) {
    EXPECT_TRUE(errorsOf(checkpointedSample()).empty());
}

TEST(RecordingConsistency, AnEmptyCheckpointListWithRecordsIsRefused) {
    Recording r = checkpointedSample();
    r.checkpoints.clear();
    expectOneInconsistency(r, "$.checkpoints");
    EXPECT_NE(errorsOf(r)[0].message.find("give 3 checkpoints, the file has 0"), std::string::npos);
}

TEST(RecordingConsistency, AShortenedCheckpointListIsRefused) {
    Recording r = checkpointedSample();
    r.checkpoints.pop_back();
    r.digest = r.checkpoints.back().digest; // so that only the count is wrong
    expectOneInconsistency(r, "$.checkpoints");
}

TEST(RecordingConsistency, AnAddedCheckpointIsRefused) {
    Recording r = checkpointedSample();
    r.checkpoints.push_back({5, SimTime::fromMillis(13), 0x44});
    expectOneInconsistency(r, "$.checkpoints");
}

TEST(RecordingConsistency, ACheckpointPastTheRecordsIsRefusedAtItsRecord) {
    Recording r = checkpointedSample();
    r.checkpoints.back().record = 5; // records 0..4 only
    expectOneInconsistency(r, "$.checkpoints[2].record");
}

TEST(RecordingConsistency, ACheckpointOutOfPlaceIsRefusedAtItsRecord) {
    Recording r = checkpointedSample();
    r.checkpoints[1].record = 2; // every 2 records: after record 3, not 2
    expectOneInconsistency(r, "$.checkpoints[1].record");
}

TEST(RecordingConsistency, CheckpointsOutOfOrderAreRefused) {
    Recording r = checkpointedSample();
    std::swap(r.checkpoints[0], r.checkpoints[1]);
    expectInconsistencyAt(r, "$.checkpoints[0].record");
}

TEST(RecordingConsistency, ValuesAtTheEdgeOf64BitsNeverWrap) {
    Recording r = checkpointedSample();
    r.checkpoints.back().record = UINT64_MAX; // record + 1 would be 0
    expectOneInconsistency(r, "$.checkpoints[2].record");

    Recording huge = checkpointedSample();
    huge.checkpointEvery = UINT64_MAX; // (i + 1) * every would wrap
    huge.checkpoints = {{4, SimTime::fromMillis(12), 0x44}};
    EXPECT_TRUE(errorsOf(huge).empty()) << formatErrors(errorsOf(huge));

    Recording most = checkpointedSample();
    most.records = UINT64_MAX;
    most.checkpointEvery = 1;
    expectInconsistencyAt(most, "$.checkpoints[0].record");
    expectInconsistencyAt(most, "$.checkpoints");
}

TEST(RecordingConsistency, ACheckpointThatGoesBackInTimeIsRefused) {
    Recording r = checkpointedSample();
    r.checkpoints[1].time = SimTime::fromMillis(2);
    expectOneInconsistency(r, "$.checkpoints[1].t_ns");
}

TEST(RecordingConsistency, ACheckpointAfterTheEndOfTheRunIsRefused) {
    Recording r = checkpointedSample();
    r.until = SimTime::fromMillis(10);
    r.summary.lastEventTime = SimTime::fromMillis(10);
    expectOneInconsistency(r, "$.checkpoints[2].t_ns");
}

TEST(RecordingConsistency, TheLastEventAfterTheEndOfTheRunIsRefused) {
    Recording r = checkpointedSample();
    r.summary.lastEventTime = SimTime::fromMillis(21);
    expectOneInconsistency(r, "$.summary.last_event_ns");
}

TEST(RecordingConsistency, ARunWithoutRecordsHasTheDigestOfNone) {
    Recording r = checkpointedSample();
    r.checkpoints.clear();
    r.records = 0;
    r.digest = 0x1234;
    expectOneInconsistency(r, "$.digest");
    r.digest = Digest{}.value();
    EXPECT_TRUE(errorsOf(r).empty());
}

TEST(RecordingConsistency, ADuplicateKeyIsRefusedWhereverItIs) {
    const std::string text = recordingJson(checkpointedSample());
    std::string twice = text;
    twice.insert(twice.find("\"seed\""), "\"seed\": 7,\n  ");
    auto loaded = parseRecording(twice, "r.evrec");
    ASSERT_EQ(loaded.errors.size(), 1u) << formatErrors(loaded.errors);
    EXPECT_EQ(loaded.errors[0].code, LoadErrorCode::DuplicateKey);
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.seed");
    EXPECT_NE(loaded.errors[0].hint.find("also set at line"), std::string::npos);

    std::string inCheckpoint = text;
    const std::size_t second = inCheckpoint.find("\"record\": 3");
    inCheckpoint.insert(second, "\"record\": 3,\n      ");
    loaded = parseRecording(inCheckpoint, "r.evrec");
    ASSERT_EQ(loaded.errors.size(), 1u) << formatErrors(loaded.errors);
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.checkpoints[1].record");
}

TEST(RecordingConsistency, ANulByteIsRefusedNotReadAsTheEndOfTheFile) {
    std::string text = recordingJson(checkpointedSample());
    text.insert(text.size() - 2, std::string("\0 junk", 6));
    const auto loaded = parseRecording(text, "r.evrec");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors[0].code, LoadErrorCode::NulByte);
}

TEST(RecordingConsistency, ANumberPastEveryRangeIsAnErrorNotAnException) {
    // Found by fuzz_recording_reader: nlohmann throws out_of_range, not parse_error, for it.
    for (const char* text : {"184e4440737175", "{\"records\": 1e999}", "[1e400]"}) {
        const auto loaded = parseRecording(text, "r.evrec");
        ASSERT_FALSE(loaded.ok()) << text;
        EXPECT_GT(loaded.errors[0].line, 0) << text;
    }
}

TEST(RecordingConsistency, ErrorsComeInTheOrderOfTheText) {
    Recording r = checkpointedSample();
    r.checkpoints[1].time = SimTime::fromMillis(2);
    std::string text =
        replacedFirst(recordingJson(r), "\"engine\": \"evsim 0.1.0\"", "\"engine\": 3");
    const auto loaded = parseRecording(text, "r.evrec");
    ASSERT_FALSE(loaded.ok());
    for (std::size_t i = 1; i < loaded.errors.size(); ++i) {
        EXPECT_LE(loaded.errors[i - 1].line, loaded.errors[i].line);
    }
}

// Recorded for real, then tampered with in ways that keep the file together: each replay
// must fail.
class TamperedRecording : public testing::Test {
protected:
    static Recording recordHello() {
        const auto path = std::filesystem::path(EVSIM_SOURCE_DIR) / "scenarios/hello-pubsub.json";
        LoadResult<Session> session = Session::open(path.string());
        RecordOptions options;
        options.checkpointEvery = 100;
        auto recorded = recordSession(*session.value, options);
        return std::get<RecordedRun>(recorded).recording;
    }
    const Recording m_genuine = recordHello();
};

TEST_F(TamperedRecording, TheGenuineOneReplays) {
    EXPECT_TRUE(replayRecording(m_genuine, "r.evrec").matches());
}

TEST(RecordingSession, OpensAsTheRecordedRunWithItsSeedAndLengthAndChecksItsDigest) {
    const auto path = std::filesystem::path(EVSIM_SOURCE_DIR) / "scenarios/hello-pubsub.json";
    LoadResult<Session> session = Session::open(path.string());
    ASSERT_TRUE(session.ok());
    RecordOptions options;
    options.seed = 7; // not the file's
    options.until = SimTime::fromSeconds(4);
    const Recording r = std::get<RecordedRun>(recordSession(*session.value, options)).recording;
    const auto file = std::filesystem::temp_directory_path() / "evsim-session-seed-7.evrec";
    std::ofstream(file) << recordingJson(r);
    LoadResult<Session> opened = openSessionFile(file.string());
    std::filesystem::remove(file);
    ASSERT_TRUE(opened.ok()) << formatErrors(opened.errors);
    EXPECT_EQ(opened.value->scenario().seed, 7u);
    EXPECT_EQ(opened.value->seed, std::optional<std::uint64_t>(7));
    EXPECT_EQ(opened.value->scenario().duration, SimTime::fromSeconds(4));
    RunOptions run;
    run.seed = opened.value->seed;
    const RunOutcome outcome = runScenario(opened.value->effective(), run);
    EXPECT_EQ(recordingMismatch(*opened.value, outcome), "");
    RunOptions other = run;
    other.seed = 8;
    EXPECT_NE(recordingMismatch(*opened.value, runScenario(opened.value->effective(), other)), "")
        << "the same session's seed, another run: the check compares the run it is given";
}

TEST_F(TamperedRecording, NoCheckpointsNoRecordsAndAnEditedScenarioDiverge) {
    Recording r = m_genuine;
    r.checkpoints.clear();
    r.records = 0;
    r.digest = Digest{}.value();
    const ReplayResult replay = replayRecording(r, "r.evrec");
    EXPECT_TRUE(replay.errors.empty());
    ASSERT_TRUE(replay.divergence);
    EXPECT_FALSE(replay.matches());
}

TEST_F(TamperedRecording, AnEditedSeedDiverges) {
    Recording r = m_genuine;
    r.seed += 1;
    EXPECT_TRUE(replayRecording(r, "r.evrec").divergence);
}

TEST_F(TamperedRecording, AnEditedSummaryIsAnInconsistencyAtItsKey) {
    Recording r = m_genuine;
    r.summary.acked += 1;
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_EQ(replay.errors.size(), 1u);
    EXPECT_EQ(replay.errors[0].code, LoadErrorCode::Inconsistent);
    EXPECT_EQ(replay.errors[0].jsonPath, "$.summary.acked");
    EXPECT_FALSE(replay.matches());
}

TEST_F(TamperedRecording, AnEditedCheckpointTimeIsAnInconsistencyAtItsKey) {
    Recording r = m_genuine;
    r.checkpoints[2].time = r.checkpoints[2].time + SimTime::fromNanos(1);
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_EQ(replay.errors.size(), 1u) << formatErrors(replay.errors);
    EXPECT_EQ(replay.errors[0].jsonPath, "$.checkpoints[2].t_ns");
}

TEST_F(TamperedRecording, ADigestAtTheEndIsComparedWhateverTheCheckpointsSay) {
    // Built in code, where nothing checked the fields: the replay checks them itself.
    Recording r = m_genuine;
    r.digest ^= 1;
    const ReplayResult replay = replayRecording(r, "r.evrec");
    ASSERT_FALSE(replay.errors.empty());
    EXPECT_EQ(replay.errors[0].jsonPath, "$.digest");
}

} // namespace
} // namespace evsim
