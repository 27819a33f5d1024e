#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evsim {

// "4 GiB", "512 MiB", "1.5 KiB", "12 B": bytes for people.
std::string formatBytes(std::size_t bytes);

// Columns a UTF-8 text takes on a terminal: one per code point (wide East Asian characters
// are counted as one; names with them may misalign a column, never break it).
std::size_t displayWidth(std::string_view text);
// `text` followed by spaces up to `width` columns.
std::string padRight(std::string_view text, std::size_t width);

} // namespace evsim
