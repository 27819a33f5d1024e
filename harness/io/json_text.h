#pragma once

#include "simulator/scenario/json_scanner.h"

#include <cstddef>
#include <string_view>

// Finding one's way in the text of a JSON file with comments, to change one part of it and
// leave the rest as the user wrote it (saving interventions and property edits into a
// scenario file).

namespace evsim {

// The byte offset of a position as JsonSourceMap counts it: 1-based lines, columns in code
// points, a byte order mark taking no column.
std::size_t jsonOffsetOf(std::string_view text, SourcePosition position);

// The offset just past the value that starts at `start`: an array or object is matched
// bracket for bracket, skipping strings and comments; a string ends at its closing quote; a
// number or literal at the first character that cannot be part of it.
std::size_t jsonValueEnd(std::string_view text, std::size_t start);

} // namespace evsim
