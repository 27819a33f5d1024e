#pragma once

#include "harness/cli/command.h"
#include "harness/cli/trace_outputs.h"

#include <optional>
#include <string>

namespace evsim {

// `evsim record`, as typed: option values are still text, read strictly.
struct RecordArgs {
    std::string file;
    std::string output;
    std::optional<std::string> seed;
    std::optional<std::string> until;
    std::optional<std::string> checkpointEvery;
};

// Runs the scenario and writes its recording (see docs/recording-format.md). Exit 0 when
// written, 1 when written but an expectation failed (a failing run is worth keeping), 2 for
// bad input, a run that could not finish or an output that cannot be written (nothing is
// written then), 130 interrupted.
int recordCommand(const RecordArgs& args);

// Re-runs a recording and checks its digest: exit 0 when it matches, 1 (with the first
// divergent record) when it does not, 2 for a recording that cannot be read or run, 130
// interrupted. With trace outputs, writes them from the replayed run once it matches.
struct ReplayArgs {
    std::string file;
    TraceArgs trace;
};
int replayCommand(const ReplayArgs& args);

// Register `evsim record` and `evsim replay` and their options on the parser.
Command addRecordCommand(CLI::App& app);
Command addReplayCommand(CLI::App& app);

} // namespace evsim
