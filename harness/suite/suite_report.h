#pragma once

#include "harness/suite/shard.h"
#include "harness/suite/suite_runner.h"

#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// The report `evsim test` prints on standard output once every item has finished: a table
// (file, result, expectations passed and failed, virtual time, wall time, digest) in the
// sorted order of the items, what went wrong with each item that did not pass, and last the
// line "tests: P passed, F failed, E errors". Everything but the wall times is the same
// whatever the number of threads. Names are escaped for the terminal (printable()).
std::string formatSuiteReport(const std::vector<ItemResult>& results, const Shard& shard,
                              std::size_t totalItems);

// "PASS", "FAIL", "ERROR", "STOPPED": an item's result as the report and progress show it.
std::string_view statusWord(ItemStatus status);

} // namespace evsim
