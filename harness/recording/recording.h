#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/load_error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// A kept run (`.evrec`, docs/recording-format.md): the inputs that make it happen again (the
// scenario text with its interventions folded into its timeline, the seed, the run length)
// and what it gave (digest, checkpoints, summary). Runs are deterministic, so the inputs are
// the source of truth and the outputs are there to be checked by a replay.
inline constexpr std::string_view kRecordingFormat = "evsim-recording";
inline constexpr int kRecordingVersion = 1;
inline constexpr std::uint64_t kDefaultCheckpointEvery = 4096;
// Far above a recording of any sensible run, even with a checkpoint after every record of a
// few million: what is larger is refused before it is read into memory.
inline constexpr std::uintmax_t kMaxRecordingBytes = std::uintmax_t{1} << 30;

// The run's cumulative digest after record `record` (0-based): after records 0..record.
struct Checkpoint {
    std::uint64_t record = 0;
    SimTime time; // of that record
    std::uint64_t digest = 0;
    bool operator==(const Checkpoint&) const = default;
};

// What the run gave, for people reading the file; a replay checks the digest, not these.
struct RecordingSummary {
    std::uint64_t events = 0;
    SimTime lastEventTime;
    std::uint64_t published = 0;
    std::uint64_t acked = 0;
    std::uint64_t dropped = 0;
    std::uint64_t deadLettered = 0;
    std::uint64_t held = 0;
    std::uint64_t expectationsPassed = 0;
    std::uint64_t expectationsFailed = 0;
    bool operator==(const RecordingSummary&) const = default;
};

struct Recording {
    int version = kRecordingVersion;
    std::string engine;       // "evsim 0.1.0": the build that recorded it
    std::string scenarioFile; // the file it was recorded from, as named then (for messages)
    std::string scenario;     // the scenario's JSON text, interventions in its timeline
    std::uint64_t seed = 0;
    SimTime until; // run length
    // The scenario's timeline entries as compact JSON (timelineEntryJson), in order: a
    // readable copy of the interventions, checked against the scenario on replay.
    std::vector<std::string> interventions;
    std::uint64_t checkpointEvery = kDefaultCheckpointEvery;
    // Every checkpointEvery records, and after the last record (so the last one's digest is
    // the run's digest); empty for a run without records.
    std::vector<Checkpoint> checkpoints;
    std::uint64_t records = 0;
    std::uint64_t digest = 0;
    RecordingSummary summary;
    bool operator==(const Recording&) const = default;
};

// The recording as JSON text (pretty-printed, ending in a newline).
std::string recordingJson(const Recording& recording);

// Reads a recording. Errors are located like the scenario loader's (file:line:col, JSON path,
// hint). A version newer than kRecordingVersion is one error (E020) saying to update evsim;
// the message starts "recording format version N is newer than this evsim understands".
LoadResult<Recording> parseRecording(std::string_view text, const std::string& fileName);
LoadResult<Recording> loadRecordingFile(const std::string& path);

// True when `path` names a recording: it ends in .evrec, or its text starts as a recording
// does (an object whose first key is "format": "evsim-recording").
bool looksLikeRecording(const std::string& path);

// Gives a line and column to the errors about the recording file `path` that have only a JSON
// path (found after a replay, such as a summary the run does not give), by reading it again.
void locateRecordingErrors(std::vector<LoadError>& errors, const std::string& path);

} // namespace evsim
