#pragma once

#include "run/runner.h"

#include <string>

namespace evsim {

// The human-readable report `evsim run` prints: a header line, the per-queue and per-consumer
// tables, the expectations, and last the line "digest: <16 hex digits>".
// `quiet` keeps only failed expectations and the digest line.
std::string formatRunReport(const RunOutcome& outcome, bool quiet);

} // namespace evsim
