#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim trace FILE [TRACE_ID]`: runs the scenario and prints one trace as an
// indented tree of spans with their timings, or without an id the run's traces one a line.
// Exit 2 for a malformed id or one that names no trace of the run.
Command addTraceCommand(CLI::App& app);

} // namespace evsim
