#pragma once

#include "harness/cli/command.h"
#include "harness/cli/trace_outputs.h"

#include <cstdint>
#include <optional>
#include <string>

namespace evsim {

// `evsim run`, as typed: option values are still text, read strictly by runCommand().
struct RunArgs {
    std::string file;
    std::optional<std::string> seed; // absent when not given; "" is a value, and refused
    std::optional<std::string> until;
    std::optional<std::string> eventsPath; // "" is a value, and refused
    std::optional<std::string> metricsPath;
    std::optional<std::string> maxMemory;
    std::optional<std::string> maxEventsPerInstant;
    std::optional<std::string> rows;
    bool quiet = false;
    bool stream = false;
    TraceArgs trace;
};

// Loads, runs and reports; returns the exit code (0 pass, 1 an expectation failed, 2 bad
// input, an unwritable output or a run that could not finish, 130 interrupted).
int runCommand(const RunArgs& args);

// Registers `evsim run` and its options on the parser.
Command addRunCommand(CLI::App& app);

} // namespace evsim
