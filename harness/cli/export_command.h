#pragma once

#include "harness/cli/command.h"

#include <optional>
#include <string>

namespace evsim {

// `evsim export`, as typed.
struct ExportArgs {
    std::string recording;
    std::optional<std::string> gtest;  // the GoogleTest file to write
    std::optional<std::string> catch2; // the Catch2 file to write
    bool embed = false;                // the recording's text in the file instead of its path
    bool noMain = false;               // the Catch2 file without CATCH_CONFIG_MAIN
};

// Runs the recording's inputs and writes test source that pins what the run did (see
// export/test_model.h for what is pinned, docs/harness.md for how to build it). Exit 0 when
// every file is written; 1 when this build no longer gives the recorded run (nothing is
// written: the tests would pin a run nobody recorded); 2 for bad usage, a recording that
// cannot be read or run, or an output that cannot be written (its path and the system's
// reason are printed; a file already there is left as it was).
int exportCommand(const ExportArgs& args);

// Registers `evsim export` and its options on the parser.
Command addExportCommand(CLI::App& app);

} // namespace evsim
