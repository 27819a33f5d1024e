#pragma once

#include "harness/recording/recording.h"
#include "harness/run/runner.h"
#include "simulator/observe/record_sink.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace evsim {

// Follows a run's records and keeps a checkpoint (the cumulative digest) after every
// `every`-th record: memory O(records / every), whatever the length of the run.
class CheckpointRecorder final : public RecordSink {
public:
    explicit CheckpointRecorder(std::uint64_t every) : m_every(every) {}
    void onRecord(const Record& record, const Message* message) override;

    // The checkpoints so far, with one after the last record when the run's record count is
    // not a multiple of `every` (so the last checkpoint's digest is the run's digest).
    std::vector<Checkpoint> checkpoints() const;
    std::uint64_t count() const { return m_count; }
    std::uint64_t digest() const { return m_digest.value(); }

private:
    std::uint64_t m_every;
    std::uint64_t m_count = 0;
    Digest m_digest;
    Record m_last{};
    std::vector<Checkpoint> m_checkpoints;
};

struct RecordOptions {
    std::optional<std::uint64_t> seed; // the scenario's when absent
    std::optional<SimTime> until;      // the scenario's duration when absent
    std::uint64_t checkpointEvery = kDefaultCheckpointEvery;
    std::string engine; // written into the recording ("evsim 0.1.0")
    // Progress, cancel, memory budget; seed, until and keepRecords are set from the above,
    // and the recorder replaces any record sink that run.prepare sets.
    RunOptions run;
};

struct RecordedRun {
    Recording recording;
    RunOutcome outcome;
};

// Runs `scenario` and returns the run with its recording, which embeds `text` (the scenario's
// JSON text, which must load to `scenario`) and names `fileName` as where it came from.
RecordedRun recordScenario(const Scenario& scenario, std::string text, std::string fileName,
                           const RecordOptions& options);

// The timeline entries of a scenario as compact JSON, as a recording lists them.
std::vector<std::string> interventionEntries(const Scenario& scenario);

} // namespace evsim
