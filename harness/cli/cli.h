#pragma once

#include <cstdint>
#include <functional>

namespace evsim {

// Exit codes of every evsim subcommand.
inline constexpr int kExitPass = 0;
inline constexpr int kExitExpectationFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130; // the shell's code for "stopped by Ctrl-C"

// The evsim command line: parses argv, runs the subcommand, returns the exit code. Never
// throws: running out of memory anywhere becomes a message and exit 2.
// `allocationCount` feeds `evsim bench` (see benchmark/allocation_counter.h).
int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount = {});

} // namespace evsim
