#pragma once

#include <cstdint>
#include <functional>

namespace evsim {

// Exit codes of every evsim subcommand.
inline constexpr int kExitPass = 0;
inline constexpr int kExitExpectationFailed = 1;
inline constexpr int kExitBadInput = 2;

// The evsim command line: parses argv, runs the subcommand, returns the exit code.
// `allocationCount` feeds `evsim bench` (see allocation_counter.h).
int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount = {});

} // namespace evsim
