#include "harness/session/session_files.h"

#include "harness/io/output_file.h"
#include "harness/io/timeline_writer.h"
#include "harness/recording/recorder.h"
#include "harness/recording/replayer.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/printable.h"

#include <filesystem>
#include <fmt/format.h>

namespace evsim {

std::variant<RecordedRun, std::string> recordSession(const Session& session,
                                                     const RecordOptions& options) {
    if (session.text().empty()) {
        return std::string("this session has no scenario file to record");
    }
    // Without added interventions the file is embedded exactly as it is.
    std::string error;
    std::optional<std::string> text =
        session.added().empty() ? std::optional<std::string>(session.text())
                                : withTimelineEntries(session.text(), session.added(), error);
    if (!text) {
        return error;
    }
    return recordScenario(session.effective(), std::move(*text), session.path(), options);
}

bool isRecordingPath(const std::string& path) {
    return std::filesystem::path(path).extension() == ".evrec";
}

LoadResult<Session> openSessionFile(const std::string& path) {
    if (!looksLikeRecording(path)) {
        return Session::open(path);
    }
    LoadResult<Session> result;
    LoadResult<Recording> recording = loadRecordingFile(path);
    if (!recording.ok()) {
        result.errors = std::move(recording.errors);
        return result;
    }
    LoadResult<Scenario> scenario = recordedScenario(*recording.value, path);
    if (!scenario.ok()) {
        result.errors = std::move(scenario.errors);
        return result;
    }
    // The recorded run's length and seed, which may differ from the embedded file's: views
    // that show the scenario show what runs.
    scenario.value->duration = recording.value->until;
    scenario.value->seed = recording.value->seed;
    Session session = Session::of(std::move(*scenario.value), path, recording.value->scenario);
    session.seed = recording.value->seed;
    session.recorded =
        Session::Recorded{recording.value->seed, recording.value->digest, recording.value->records};
    result.value = std::move(session);
    return result;
}

std::string recordingMismatch(const Session& session, const RunOutcome& outcome) {
    const auto& recorded = session.recorded;
    if (!recorded || !session.added().empty() || session.seed != recorded->seed ||
        !outcome.completed()) {
        return "";
    }
    const RunSummary& run = outcome.summary;
    if (run.digest == recorded->digest && run.records == recorded->records) {
        return "";
    }
    return fmt::format("This run differs from the recording {}: it gives digest {} after {} "
                       "records, the recording has digest {} after {} records. The recording "
                       "was made by another build of EventSim, or edited; `evsim replay` names "
                       "the first record that differs.",
                       printable(session.path()), formatDigest(run.digest), run.records,
                       formatDigest(recorded->digest), recorded->records);
}

Status saveSessionRecording(const Session& session, const std::string& path,
                            const std::string& engine,
                            std::function<void(const RunProgress&)> progress,
                            const std::atomic<bool>* cancel) {
    RecordOptions options;
    options.seed = session.seed;
    options.until = session.scenario().duration;
    options.engine = engine;
    options.run.progress = std::move(progress);
    options.run.cancel = cancel;
    auto recorded = recordSession(session, options);
    if (const auto* error = std::get_if<std::string>(&recorded)) {
        return Status::refused(*error);
    }
    const RecordedRun& run = std::get<RecordedRun>(recorded);
    if (!run.outcome.completed()) {
        return Status::refused("the run " + stopText(run.outcome.stop) +
                               ", so there is no recording to keep");
    }
    return writeWholeFile(path, recordingJson(run.recording));
}

} // namespace evsim
