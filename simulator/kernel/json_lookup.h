#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace evsim {

// The raw text of the value at a dotted path ("customer.id") in a JSON object's text, or
// nullopt when there is none (a missing key, a non-object on the way, text that is not JSON).
// Keys are matched exactly; array elements are not addressed. Bodies and headers in a run are
// compact JSON (as the loader writes them), so the text compares directly with a rule's
// `equals`, written the same way.
//
// A small read-only scanner rather than a JSON library: the core links no JSON library
// outside the scenario loader, and poison rules only need to find one value.
std::optional<std::string_view> jsonValueAt(std::string_view json, std::string_view path);

// A JSON object's members as (name, value) texts in the order written: names as raw string
// contents (escapes left as written), values as their raw text. False when `json` is not an
// object (or not one to its end); `members` is cleared first. An AMQP headers table is read
// this way: its names and values compare as the loader wrote them, compact.
bool jsonMembers(std::string_view json,
                 std::vector<std::pair<std::string_view, std::string_view>>& members);

} // namespace evsim
