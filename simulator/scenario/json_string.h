#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evsim {

// JSON string literals, read and written as nlohmann does, for the source map's keys and
// paths and for text EventSim writes into JSON.

// Appends `c` as it stands inside a JSON string: `"` and `\` escaped, control characters as
// \u00XX, everything else (UTF-8 bytes included) unchanged.
void appendJsonEscaped(std::string& out, char c);

// Decodes a JSON string body starting just after its opening quote, appending it to `*out`
// when `out` is set. Escapes and surrogate pairs decode as nlohmann decodes them, so that keys
// found in the text match the keys of the parsed document; malformed escapes are kept as they
// are, since the caller must survive any text. Returns the index just past the closing quote,
// or npos when the string never ends.
std::size_t decodeJsonString(std::string_view text, std::size_t i, std::string* out);

// Appends a member or an element to a JSON path: `.key` for an identifier, `["key"]` with
// JSON escapes otherwise, `[index]`.
void appendMemberPath(std::string& path, std::string_view key);
void appendElementPath(std::string& path, std::size_t index);

// The value of a hex digit (0-9, a-f, A-F), as in a \uXXXX escape; -1 for any other character.
int hexDigitValue(char c);

// True for a key that a JSON path may write bare (.key): [A-Za-z_][A-Za-z0-9_]*.
bool isJsonIdentifier(std::string_view key);

} // namespace evsim
