#pragma once

#include "harness/cli/command.h"

#include <optional>
#include <string>
#include <vector>

namespace evsim {

// `evsim test`, as typed: option values are still text, read strictly by testCommand().
struct TestArgs {
    std::vector<std::string> paths;
    std::optional<std::string> junitPath; // "" is a value, and refused
    std::optional<std::string> jobs;
    std::optional<std::string> shard;
    std::optional<std::string> maxMemory;
};

// Runs every scenario and recording under the paths (see collectSuiteFiles), shows progress
// on stderr, prints the summary table and writes the JUnit report. Returns the exit code:
// 0 all passed, 1 any item failed or had an error, 2 bad usage or an unwritable report,
// 130 interrupted (no report is written then; an earlier one stays as it was).
int testCommand(const TestArgs& args);

// Registers `evsim test` and its options on the parser.
Command addTestCommand(CLI::App& app);

} // namespace evsim
