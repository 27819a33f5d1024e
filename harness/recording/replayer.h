#pragma once

#include "harness/recording/recording.h"
#include "harness/run/runner.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// Where a replay first left the recorded run. Checkpoints hold only cumulative digests every
// `checkpoint_every` records, so the first divergent record is known to lie in
// [firstRecord, lastRecord]: after the last checkpoint that matched and at or before the
// first one that did not. With checkpoint_every 1 (or a run that went on past the recorded
// end) the two are equal and the record is exact.
struct Divergence {
    std::uint64_t firstRecord = 0; // 0-based record indices
    std::uint64_t lastRecord = 0;
    std::optional<std::size_t> checkpoint; // index of the first checkpoint that differs
    std::optional<Checkpoint> expected;    // that checkpoint, as recorded
    std::optional<Checkpoint> seen;        // the replay's digest after the same record
    std::string seenRecord;                // the replay's record at lastRecord, as text
    std::uint64_t seenRecords = 0;         // records the replay had when it stopped
    bool endedEarly = false;               // the replay had fewer records than the recording
    // Every checkpoint matched, but the digest after the last record is not the recording's
    // `digest` (expected and seen say both).
    bool atTheEnd = false;
    bool exact() const { return firstRecord == lastRecord; }
};

struct ReplayResult {
    std::vector<LoadError> errors; // the embedded scenario does not load, or disagrees
    // The re-run. A replay that found a divergence stops there: its stop is then Cancelled
    // (or Completed when the run ended before the next check).
    RunOutcome outcome;
    std::uint64_t digest = 0; // the re-run's digest (of what it ran)
    std::uint64_t records = 0;
    std::optional<Divergence> divergence;
    bool matches() const { return errors.empty() && outcome.completed() && !divergence; }
};

// The recording's embedded scenario, checked against its interventions; errors name
// `fileName`.
LoadResult<Scenario> recordedScenario(const Recording& recording, const std::string& fileName);

struct RerunResult {
    std::vector<LoadError> errors; // the embedded scenario does not load, or disagrees
    RunOutcome outcome;
    bool ok() const { return errors.empty(); }
};

// Runs a recording's inputs (scenario, seed, run length) again with the caller's options,
// `prepare` included, without checking the digest: for running application code (a
// ConsumerHandler) through a recorded failure, where the run is meant to differ.
RerunResult rerunRecording(const Recording& recording, const std::string& fileName,
                           RunOptions run = {});

// Re-runs a recording (its embedded scenario, seed and run length) and compares the run's
// cumulative digest with every checkpoint as the records come, in constant memory beyond
// the recording itself. Stops at the first checkpoint that differs. `run` carries progress,
// cancel, the memory budget and what watches the run (`watch`, for trace outputs); its seed,
// until and keepRecords are replaced.
// `keepRecords` keeps the re-run's records (for queries about single messages), at the cost
// of memory in proportion to the run. `fileName` names the recording in errors about its
// embedded scenario.
ReplayResult replayRecording(const Recording& recording, const std::string& fileName,
                             RunOptions run = {}, bool keepRecords = false);

} // namespace evsim
