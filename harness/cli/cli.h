#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Exit codes of every evsim subcommand.
inline constexpr int kExitPass = 0;
inline constexpr int kExitExpectationFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130; // the shell's code for "stopped by Ctrl-C"

// The most parallel runs `-j` accepts (evsim test, evsim sweep).
inline constexpr std::uint64_t kMaxJobs = 256;

// "evsim <version>": the engine a recording names as the one that made it.
const char* engineName();

// The evsim command line: parses argv, runs the subcommand, returns the exit code. Never
// throws: running out of memory anywhere becomes a message and exit 2.
// `allocationCount` feeds `evsim bench` (see benchmark/allocation_counter.h).
int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount = {});

// "evsim <command>: <message>" on stderr; returns kExitBadInput, for `return badInput(...)`.
int badInput(std::string_view command, std::string_view message);

// What an import could not carry over, on stderr: "N things could not be mapped:" and one
// indented, escaped line each. Nothing when `notes` is empty.
void printUnmapped(const std::vector<std::string>& notes);

} // namespace evsim
