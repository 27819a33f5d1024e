#pragma once

#include "simulator/scenario/schema/json_schema.h"

#include <string>
#include <string_view>

namespace evsim {

// The body a producer of `eventType` at `version` sends when its scenario gives none: compact
// JSON made from the version's schema, the same on every run (docs/schemas.md, "Bodies").
// Every declared property is written: its default, else its enum's first value, else a value
// of its type (a string is the field's name; a uuid is derived from the event type, version
// and field; a date-time is the run's start).
std::string sampleBody(const JsonSchema& schema, std::string_view eventType, int version);

} // namespace evsim
