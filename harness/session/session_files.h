#pragma once

#include "harness/recording/recorder.h"
#include "harness/run/runner.h"
#include "harness/session/session.h"
#include "simulator/scenario/load_error.h"

#include <atomic>
#include <functional>
#include <string>

namespace evsim {

// The files the desktop app opens and saves a session as: a scenario (.json) or a recording
// (.evrec, docs/recording-format.md).

// True when `path` names a recording: by its .evrec extension.
bool isRecordingPath(const std::string& path);

// Opens a scenario file, or a recording as the session it keeps: its embedded scenario (the
// recorded interventions in its timeline), its seed, and its run length as the scenario's
// duration. Errors as the CLI reports them.
LoadResult<Session> openSessionFile(const std::string& path);

// Runs the session's scenario with its added interventions and returns the run with its
// recording (complete only when outcome.completed()). A string when there is nothing to
// embed (a session without a scenario file) or the interventions cannot be folded in.
std::variant<RecordedRun, std::string> recordSession(const Session& session,
                                                     const RecordOptions& options);

// What differs between a finished run of `session` and the recording it was opened from:
// "" when it gives the recorded digest and record count, or when the session is no longer
// the recorded run (an intervention was added, or another seed chosen) or not a recording.
std::string recordingMismatch(const Session& session, const RunOutcome& outcome);

// Runs the session (its scenario, added interventions, seed and duration) and writes it as a
// recording to `path`, safely (OutputFile): done, or refused with why (and the file at `path`
// is as it was). `engine` is written into the recording ("evsim 0.1.0"). `progress`
// follows the run; setting `*cancel` stops it, and nothing is written.
Status saveSessionRecording(const Session& session, const std::string& path,
                            const std::string& engine,
                            std::function<void(const RunProgress&)> progress = {},
                            const std::atomic<bool>* cancel = nullptr);

} // namespace evsim
