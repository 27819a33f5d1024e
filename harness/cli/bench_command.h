#pragma once

#include "harness/cli/command.h"

#include <cstdint>
#include <functional>

namespace evsim {

// Registers `evsim bench`: runs a benchmark model and prints one `key: value` line per figure.
// `allocationCount` reads the program's allocation counter (absent: no allocation figures).
Command addBenchCommand(CLI::App& app, std::function<std::uint64_t()> allocationCount);

} // namespace evsim
