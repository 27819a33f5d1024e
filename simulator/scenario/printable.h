#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

// Text from a user's file, made safe to show on a terminal: nothing in it can move the cursor,
// change colours, clear the screen or reorder what is shown. Each of these comes out as a
// visible escape, and everything else is unchanged (valid UTF-8 of any script, emoji too):
//   - C0 controls and DEL: \t \n \r, or \x1b style (so an ESC sequence loses its ESC);
//   - C1 controls (U+0080 to U+009F) and the Unicode bidirectional controls (U+061C, U+200E,
//     U+200F, U+202A to U+202E, U+2066 to U+2069): \u202e style;
//   - bytes that are not valid UTF-8 (stray continuation bytes, overlong forms, surrogates,
//     code points above U+10FFFF, cut sequences): \xff style, one byte at a time.
// Hex digits are lowercase. A backslash stays as it is. printable(printable(s)) ==
// printable(s).
std::string printable(std::string_view text);

// `printableText` (as printable() returns it) cut to at most `maxCharacters` code points by
// replacing its middle with "…", which counts as one; unchanged when it is not longer.
// Cuts fall between code points, never inside one.
std::string shortened(std::string_view printableText, std::size_t maxCharacters);

// Whether printable() escapes the code point `c` (a control or bidirectional control).
bool isUnprintable(char32_t c);

// The code point encoded at the start of `text` and the bytes it takes, or nullopt when
// `text` does not start with a valid UTF-8 sequence (see printable() for what is invalid).
struct Utf8Char {
    char32_t value = 0;
    std::size_t length = 0;
};
std::optional<Utf8Char> decodeUtf8(std::string_view text);

} // namespace evsim
