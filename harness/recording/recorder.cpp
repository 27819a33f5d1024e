#include "harness/recording/recorder.h"

#include "harness/io/timeline_writer.h"
#include "harness/recording/recording_checks.h"

#include <nlohmann/json.hpp>

namespace evsim {

void CheckpointRecorder::onRecord(const Record& record, const Message*) {
    m_digest.add(record);
    m_last = record;
    ++m_count;
    if (m_count % m_every == 0) {
        m_checkpoints.push_back(Checkpoint{m_count - 1, record.time, m_digest.value()});
    }
}

std::vector<Checkpoint> CheckpointRecorder::checkpoints() const {
    std::vector<Checkpoint> out = m_checkpoints;
    if (m_count % m_every != 0) {
        out.push_back(Checkpoint{m_count - 1, m_last.time, m_digest.value()});
    }
    return out;
}

std::vector<std::string> interventionEntries(const Scenario& scenario) {
    std::vector<std::string> out;
    for (const Intervention& i : scenario.timeline) {
        // Re-dumped so that the text compares equal to what a recording file gives back.
        out.push_back(nlohmann::ordered_json::parse(timelineEntryJson(i)).dump());
    }
    return out;
}

RecordedRun recordScenario(const Scenario& scenario, std::string text, std::string fileName,
                           const RecordOptions& options) {
    RecordedRun out;
    Recording& rec = out.recording;
    rec.engine = options.engine;
    rec.scenarioFile = std::move(fileName);
    rec.scenario = std::move(text);
    rec.seed = options.seed.value_or(scenario.seed);
    rec.until = options.until.value_or(scenario.duration);
    rec.interventions = interventionEntries(scenario);
    rec.checkpointEvery = options.checkpointEvery;

    CheckpointRecorder recorder(options.checkpointEvery);
    RunOptions run = options.run;
    run.seed = rec.seed;
    run.until = rec.until;
    run.keepRecords = false; // the recorder sees every record as it goes
    const auto watch = options.run.watch;
    run.watch = [&](Simulation& sim) {
        std::vector<SinkAttachment> watching = watch ? watch(sim) : std::vector<SinkAttachment>{};
        watching.push_back(sim.attach(recorder));
        return watching;
    };
    out.outcome = runScenario(scenario, run);

    rec.checkpoints = recorder.checkpoints();
    rec.records = recorder.count();
    rec.digest = recorder.digest();
    rec.summary = summaryOf(out.outcome);
    return out;
}

} // namespace evsim
