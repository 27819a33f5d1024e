#pragma once

#include "simulator/scenario/schema/json_schema.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Why a consumer that reads `fields` (dotted paths of `reader`) cannot read `body`, a
// message's compact JSON: the first field missing with no default in the reader's schema, or
// whose value is not the reader's type, one of its enum values or of its format, as
// "missing customer.email" or "total is a string, read as number". nullopt when it reads.
std::optional<std::string> unreadableField(std::string_view body, const JsonSchema& reader,
                                           const std::vector<std::string>& fields);

} // namespace evsim
