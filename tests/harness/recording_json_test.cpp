// The recording file format: what is written reads back the same, and what cannot be read
// is refused with the place and the reason, like a scenario file.
#include "harness/recording/recording.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

Recording sample() {
    Recording r;
    r.engine = "evsim 0.1.0";
    r.scenarioFile = "scenarios/hello-pubsub.json";
    r.scenario = "{\n  // a comment, \"quotes\" and \\ backslashes\n  \"name\": \"x\"\n}\n";
    r.seed = UINT64_MAX;
    r.until = SimTime::fromMillis(2500);
    r.interventions = {R"({"at":"1s","crash":{"service":"billing"}})"};
    r.checkpointEvery = 2;
    r.checkpoints = {{1, SimTime::fromMillis(3), 0x0123456789abcdefULL},
                     {3, SimTime::fromMillis(9), 0xfedcba9876543210ULL},
                     {4, SimTime::fromMillis(12), 0x00000000000000ffULL}};
    r.records = 5;
    r.digest = 0x00000000000000ffULL;
    r.summary = {100, SimTime::fromMillis(12), 7, 6, 1, 0, 0, 2, 1};
    return r;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(RecordingJson, WritingAndReadingBackGivesTheSameRecording) {
    const Recording r = sample();
    const LoadResult<Recording> back = parseRecording(recordingJson(r), "r.evrec");
    ASSERT_TRUE(back.ok()) << formatErrors(back.errors);
    EXPECT_EQ(*back.value, r);
    EXPECT_EQ(recordingJson(*back.value), recordingJson(r));
}

TEST(RecordingJson, StartsWithItsFormatNameAndVersion) {
    const std::string text = recordingJson(sample());
    EXPECT_EQ(text.rfind("{\n  \"format\": \"evsim-recording\",\n  \"version\": 1,", 0), 0u)
        << text;
}

TEST(RecordingJson, ANewerVersionAsksToUpdateEvsim) {
    const auto loaded = parseRecording(
        replaced(recordingJson(sample()), "\"version\": 1", "\"version\": 2"), "r.evrec");
    ASSERT_FALSE(loaded.ok());
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors[0].message, "recording format version 2 is newer than this evsim "
                                        "understands (1); update evsim");
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.version");
    EXPECT_EQ(loaded.errors[0].line, 3);
}

TEST(RecordingJson, AnotherFormatIsRefused) {
    const auto loaded = parseRecording(
        replaced(recordingJson(sample()), "evsim-recording", "chrome-trace"), "r.evrec");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.format");
}

TEST(RecordingJson, AWrongTypeIsLocatedByLineColumnAndPath) {
    const auto loaded = parseRecording(
        replaced(recordingJson(sample()), "\"t_ns\": 9000000", "\"t_ns\": \"9ms\""), "r.evrec");
    ASSERT_FALSE(loaded.ok());
    const LoadError& e = loaded.errors[0];
    EXPECT_EQ(e.code, LoadErrorCode::WrongType);
    EXPECT_EQ(e.jsonPath, "$.checkpoints[1].t_ns");
    EXPECT_GT(e.line, 10);
    EXPECT_GT(e.column, 1);
    EXPECT_NE(e.format().find("r.evrec:"), std::string::npos);
}

TEST(RecordingJson, AnUnknownKeyGetsADidYouMeanHint) {
    const auto loaded = parseRecording(
        replaced(recordingJson(sample()), "\"records\":", "\"recrods\":"), "r.evrec");
    ASSERT_FALSE(loaded.ok());
    bool hinted = false;
    for (const LoadError& e : loaded.errors) {
        hinted = hinted || (e.code == LoadErrorCode::UnknownKey &&
                            e.hint.find("records") != std::string::npos);
    }
    EXPECT_TRUE(hinted) << formatErrors(loaded.errors);
}

TEST(RecordingJson, ADigestMustBeSixteenHexDigits) {
    const auto loaded = parseRecording(
        replaced(recordingJson(sample()), "0123456789abcdef", "0123456789abcdeg"), "r.evrec");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.checkpoints[0].digest");
}

TEST(RecordingJson, TheLastCheckpointMustCarryTheRunsDigest) {
    const auto loaded = parseRecording(replaced(recordingJson(sample()),
                                                "\"digest\": \"00000000000000ff\",\n  \"summary\"",
                                                "\"digest\": \"00000000000000fe\",\n  \"summary\""),
                                       "r.evrec");
    ASSERT_FALSE(loaded.ok());
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors[0].code, LoadErrorCode::Inconsistent);
    EXPECT_EQ(loaded.errors[0].jsonPath, "$.digest");
}

TEST(RecordingJson, NotJsonIsASyntaxErrorWithItsPlace) {
    const auto loaded = parseRecording("{\n  \"format\": \"evsim-recording\",,\n}", "r.evrec");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.errors[0].code, LoadErrorCode::Syntax);
    EXPECT_EQ(loaded.errors[0].line, 2);
}

TEST(RecordingJson, AMissingFileCannotBeRead) {
    const auto loaded = loadRecordingFile("no/such/file.evrec");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.errors[0].code, LoadErrorCode::CannotRead);
}

TEST(RecordingJson, EveryCutAndEveryByteChangedIsReadOrRefusedNeverCrashes) {
    const std::string text = recordingJson(sample());
    for (std::size_t cut = 0; cut + 1 < text.size(); ++cut) { // the last byte is a newline
        const auto loaded = parseRecording(text.substr(0, cut), "r.evrec");
        EXPECT_FALSE(loaded.ok()) << "accepted a cut at " << cut;
    }
    for (std::size_t at = 0; at < text.size(); ++at) {
        for (const char c : {'\0', '"', '9', '{', '\xff'}) {
            std::string changed = text;
            changed[at] = c;
            const auto loaded = parseRecording(changed, "r.evrec");
            EXPECT_NE(loaded.ok(), !loaded.errors.empty());
        }
    }
}

} // namespace
} // namespace evsim
