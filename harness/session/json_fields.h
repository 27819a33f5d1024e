#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace evsim {

// Lookups in a scenario document as a person wrote it, where any value may be missing or of the
// wrong type: a wrong type reads as absent rather than throwing.

// object[key] when it is a string; empty otherwise.
std::string textOf(const nlohmann::ordered_json& object, const char* key);

// The index of the element of `array` whose `key` is `value`; -1 for none.
int indexWhere(const nlohmann::ordered_json& array, const char* key, std::string_view value);

} // namespace evsim
