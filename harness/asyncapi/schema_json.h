#pragma once

#include "simulator/scenario/schema/json_schema.h"

#include <string>
#include <vector>

namespace evsim {

// A schema of the subset as JSON Schema text (docs/schemas.md): what a scenario's "schemas"
// and an AsyncAPI message's payload hold.
std::string schemaToJson(const JsonSchema& schema);

// The subset of a JSON Schema's text: keywords EventSim does not read are left out, each named
// in `dropped` by its path ("properties.email.pattern"). Text that is not a JSON object gives
// "{}".
std::string schemaSubset(const std::string& schemaText, std::vector<std::string>& dropped);

} // namespace evsim
