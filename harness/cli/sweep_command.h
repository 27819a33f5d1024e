#pragma once

#include "harness/cli/command.h"

#include <optional>
#include <string>

namespace evsim {

// `evsim sweep`, as typed: option values are still text, read strictly by sweepCommand().
struct SweepArgs {
    std::string file;
    std::string seeds;
    std::optional<std::string> jobs;
    std::optional<std::string> shard;
    std::optional<std::string> show;
    std::optional<std::string> maxMemory;
    bool perSeed = false;
    bool shrink = false;
    // --shrink's recording; FILE-seed-N.min.evrec in the working directory when absent.
    std::optional<std::string> output;
};

// Runs the scenario once per seed, prints the report and, with --shrink, reduces the first
// failing seed's scenario and writes it as a recording. Returns the exit code: 0 every seed
// passed, 1 any seed failed, 2 bad usage or input or an unwritable recording, 130
// interrupted.
int sweepCommand(const SweepArgs& args);

// Registers `evsim sweep` and its options on the parser.
Command addSweepCommand(CLI::App& app);

} // namespace evsim
