#include "harness/recording/replayer.h"

#include "harness/recording/record_text.h"
#include "harness/recording/recorder.h"
#include "harness/recording/recording_checks.h"
#include "simulator/engine/simulation.h"
#include "simulator/observe/record_sink.h"
#include "simulator/scenario/json_source_map.h"
#include "simulator/scenario/scenario_loader.h"

#include <atomic>
#include <fmt/format.h>

namespace evsim {
namespace {

// Compares the replay's cumulative digest with each recorded checkpoint as records come and
// asks the run to stop at the first difference. Keeps nothing of the records but the one
// at the divergence.
class CheckpointComparer final : public RecordSink {
public:
    CheckpointComparer(const Recording& recording, const Simulation& simulation,
                       std::atomic<bool>& stop)
        : m_recording(recording), m_simulation(simulation), m_stop(stop) {}

    void onRecord(const Record& record, const Message*) override {
        if (m_divergence) {
            return; // the run is stopping; what follows a divergence says nothing more
        }
        m_digest.add(record);
        const std::uint64_t index = m_count++;
        const auto& checkpoints = m_recording.checkpoints;
        m_lastTime = record.time;
        if (m_next < checkpoints.size() && checkpoints[m_next].record == index) {
            const Checkpoint seen{index, record.time, m_digest.value()};
            if (seen.digest != checkpoints[m_next].digest) {
                diverge(record, index, m_next == 0 ? 0 : checkpoints[m_next - 1].record + 1);
                m_divergence->checkpoint = m_next;
                m_divergence->expected = checkpoints[m_next];
                m_divergence->seen = seen;
            } else if (seen.time != checkpoints[m_next].time && !m_wrongTime) {
                // The same records (the digest covers their times) at another time: the file's
                // time was edited, the run is the same.
                m_wrongTime = seen;
                m_wrongTimeIndex = m_next;
            }
            ++m_next;
        } else if (index >= m_recording.records) {
            // Every checkpoint matched, the last one included: this record is the first the
            // recorded run did not have.
            diverge(record, index, index);
        }
    }

    // After the run: a replay that ended before the recorded run's last record, or one whose
    // digest at the end is not the recording's (checked whatever the checkpoints say).
    void finish() {
        if (!m_divergence && m_count == m_recording.records &&
            m_digest.value() != m_recording.digest) {
            Divergence d;
            d.firstRecord = m_next == 0 ? 0 : m_recording.checkpoints[m_next - 1].record + 1;
            d.lastRecord = m_count == 0 ? 0 : m_count - 1;
            d.expected = Checkpoint{d.lastRecord, m_lastTime, m_recording.digest};
            d.seen = Checkpoint{d.lastRecord, m_lastTime, m_digest.value()};
            d.seenRecords = m_count;
            d.atTheEnd = true;
            m_divergence = d;
        }
        if (!m_divergence && m_count < m_recording.records) {
            Divergence d;
            d.firstRecord = m_next == 0 ? 0 : m_recording.checkpoints[m_next - 1].record + 1;
            d.lastRecord = m_count;
            d.endedEarly = true;
            d.seenRecords = m_count;
            if (m_next < m_recording.checkpoints.size()) {
                d.checkpoint = m_next;
                d.expected = m_recording.checkpoints[m_next];
            }
            m_divergence = d;
        }
    }

    std::uint64_t count() const { return m_count; }
    std::uint64_t digest() const { return m_digest.value(); }
    const std::optional<Divergence>& divergence() const { return m_divergence; }
    // The first checkpoint whose digest matched at another time than the file says: its
    // index, and the checkpoint as the run has it.
    const std::optional<Checkpoint>& wrongTime() const { return m_wrongTime; }
    std::size_t wrongTimeIndex() const { return m_wrongTimeIndex; }

private:
    void diverge(const Record& record, std::uint64_t index, std::uint64_t first) {
        Divergence d;
        d.firstRecord = first;
        d.lastRecord = index;
        d.seenRecord = recordText(m_simulation.entities(), record);
        d.seenRecords = m_count;
        m_divergence = d;
        m_stop.store(true, std::memory_order_relaxed);
    }

    const Recording& m_recording;
    const Simulation& m_simulation;
    std::atomic<bool>& m_stop;
    Digest m_digest;
    std::uint64_t m_count = 0;
    std::size_t m_next = 0; // the next checkpoint to compare
    SimTime m_lastTime;
    std::optional<Divergence> m_divergence;
    std::optional<Checkpoint> m_wrongTime;
    std::size_t m_wrongTimeIndex = 0;
};

} // namespace

LoadResult<Scenario> recordedScenario(const Recording& recording, const std::string& fileName) {
    LoadResult<Scenario> loaded =
        parseScenario(recording.scenario, fileName + " (embedded scenario)");
    if (const std::string problem =
            loaded.ok() ? tooManySamples(recording.until, loaded.value->metrics.interval) : "";
        !problem.empty()) {
        loaded.value.reset();
        loaded.errors.push_back(
            LoadError{LoadErrorCode::LimitExceeded, fileName, 0, 0, "$.until_ns", problem, ""});
    } else if (loaded.ok() && interventionEntries(*loaded.value) != recording.interventions) {
        loaded.value.reset();
        loaded.errors.push_back(LoadError{LoadErrorCode::ConflictingKeys, fileName, 0, 0,
                                          "$.interventions",
                                          "the interventions differ from the timeline of the "
                                          "embedded scenario",
                                          "the file was edited by hand; record it again"});
    }
    return loaded;
}

RerunResult rerunRecording(const Recording& recording, const std::string& fileName,
                           RunOptions run) {
    RerunResult result;
    LoadResult<Scenario> loaded = recordedScenario(recording, fileName);
    if (!loaded.ok()) {
        result.errors = std::move(loaded.errors);
        return result;
    }
    run.seed = recording.seed;
    run.until = recording.until;
    result.outcome = runScenario(*loaded.value, run);
    return result;
}

ReplayResult replayRecording(const Recording& recording, const std::string& fileName,
                             RunOptions run, bool keepRecords) {
    ReplayResult result;
    // A file read by loadRecordingFile holds these already; a recording built in code may not.
    result.errors = recordingInconsistencies(recording, fileName);
    if (!result.errors.empty()) {
        return result;
    }
    LoadResult<Scenario> loaded = recordedScenario(recording, fileName);
    if (!loaded.ok()) {
        result.errors = std::move(loaded.errors);
        return result;
    }
    const Scenario& scenario = *loaded.value;

    // The comparer stops the run at a divergence; the caller's cancel flag still counts.
    std::atomic<bool> stop{false};
    const std::atomic<bool>* userCancel = run.cancel;
    std::atomic<bool> eitherStop{false};
    std::unique_ptr<CheckpointComparer> comparer;
    run.seed = recording.seed;
    run.until = recording.until;
    run.keepRecords = keepRecords;
    run.cancel = &eitherStop;
    const auto progress = run.progress;
    run.progress = [&](const RunProgress& p) {
        eitherStop.store(stop.load() || (userCancel != nullptr && userCancel->load()));
        if (progress) {
            progress(p);
        }
    };
    const auto watch = run.watch;
    run.watch = [&](Simulation& sim) {
        comparer = std::make_unique<CheckpointComparer>(recording, sim, stop);
        std::vector<SinkAttachment> out = watch ? watch(sim) : std::vector<SinkAttachment>{};
        out.push_back(sim.attach(*comparer));
        return out;
    };
    result.outcome = runScenario(scenario, run);
    if (result.outcome.completed()) {
        comparer->finish();
    }
    result.divergence = comparer->divergence();
    result.digest = comparer->digest();
    result.records = comparer->count();
    if (result.outcome.completed() && !result.divergence) {
        // The same run: what the file says about it beyond its digest must hold too.
        if (const auto& seen = comparer->wrongTime()) {
            const std::size_t index = comparer->wrongTimeIndex();
            result.errors.push_back(LoadError{
                LoadErrorCode::Inconsistent, fileName, 0, 0,
                JsonSourceMap::memberPath(JsonSourceMap::elementPath("$.checkpoints", index),
                                          "t_ns"),
                fmt::format("checkpoint {} says record {} is at {}, but in the run it keeps that "
                            "record is at {}",
                            index, seen->record, formatDuration(recording.checkpoints[index].time),
                            formatDuration(seen->time)),
                "the file was edited or cut; record the scenario again"});
        }
        for (LoadError& e :
             summaryDifferences(recording.summary, summaryOf(result.outcome), fileName)) {
            result.errors.push_back(std::move(e));
        }
    }
    return result;
}

} // namespace evsim
