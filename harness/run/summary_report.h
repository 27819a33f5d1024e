#pragma once

#include "harness/run/runner.h"

#include <cstddef>
#include <string>

namespace evsim {

inline constexpr std::size_t kDefaultReportRows = 50;

// The human-readable report `evsim run` prints: a header line, the per-queue and per-consumer
// tables, the expectations, and last the line "digest: <16 hex digits>".
// `quiet` keeps only failed expectations and the digest line; each table shows at most `rows`
// rows and then says how many more there are. Names from the scenario are escaped (see
// printable()) and long ones shortened with "…".
std::string formatRunReport(const RunOutcome& outcome, bool quiet,
                            std::size_t rows = kDefaultReportRows);

} // namespace evsim
