#pragma once

#include "simulator/scenario/loader/load_context.h"

#include <nlohmann/json.hpp>
#include <optional>

// Text to document: the JSON DOM the section readers walk. This header and the files of
// scenario/loader/ are the only ones that see nlohmann_json.

namespace evsim::loader {

using Json = nlohmann::json;

// Parses the context's text (JSON with // and /* */ comments) into a document. On a NUL byte,
// an empty file, nesting deeper than JsonSourceMap::kMaxDepth or any syntax error, reports one
// located error, with a hint for the common slips, and returns nullopt. A key given twice
// keeps its last value, as in nlohmann; reportDuplicateKeys() reports them.
std::optional<Json> readJsonDocument(LoadContext& context);

// One error per key that appears twice in one object (at the second one), saying where the
// first one is.
void reportDuplicateKeys(LoadContext& context);

} // namespace evsim::loader
