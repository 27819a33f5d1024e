#pragma once

#include "simulator/scenario/intervention.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// One timeline entry in the scenario format, as compact JSON text:
// {"at": "4.1s", "name": "billing-down", "crash": {"service": "billing", "instance": 0}}.
// Loading it back gives the same intervention.
std::string timelineEntryJson(const Intervention& intervention);

// The scenario file's text with `entries` appended to its "timeline" (which is created when
// the file has none). Everything else in the text - comments, layout, key order - stays as
// the user wrote it. nullopt (and `error`) when the text is not a scenario object.
std::optional<std::string> withTimelineEntries(std::string_view scenarioText,
                                               const std::vector<Intervention>& entries,
                                               std::string& error);

// The scenario file's text, read from `fromPath`, as it should be written to `toPath`: a
// relative "$schema" is rewritten to point at the same schema file from `toPath`'s folder
// (editors resolve it against the file's own place). An absolute path, a URL, a file with no
// "$schema" or a save into the same folder leave the text as it is.
std::string withSchemaMovedTo(std::string_view scenarioText, const std::string& fromPath,
                              const std::string& toPath);

} // namespace evsim
