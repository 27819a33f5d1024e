#pragma once

#include "simulator/scenario/load_error.h"
#include "simulator/scenario/scenario.h"

#include <string>
#include <string_view>

namespace evsim {

// Reads and validates a scenario file (JSON, with // and /* */ comments allowed).
// Unknown keys, wrong types, dangling references and impossible values are errors, each
// with file:line:col, the JSON path and, where a near name exists, a did-you-mean hint.
// Never throws and never crashes, whatever the input.
LoadResult<Scenario> loadScenarioFile(const std::string& path);

// The same, for text already in memory; `fileName` is used in error messages.
LoadResult<Scenario> parseScenario(std::string_view text, const std::string& fileName);

} // namespace evsim
