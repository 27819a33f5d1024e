#pragma once

#include "simulator/scenario/loader/json_document.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

// The wording of the scenario loader's messages: how values, keys and lists of names are
// written inside them.

namespace evsim::loader {

// A user's string in double quotes with JSON escapes ("\n" for a newline), cut after
// `maxBytes` (and the character it is in) so one silly value cannot flood the output. What JSON
// leaves unescaped but a terminal would act on is escaped too: DEL, C1 and bidirectional
// controls as \u202e, bytes that are not UTF-8 as \xff (see printable()).
std::string quote(std::string_view s, std::size_t maxBytes = 60);

// The shortest text that reads back as `v`.
std::string numberText(double v);

// "the string \"10\"", "an object": what a value is, for "expected X, got Y".
std::string describe(const Json& v);

// How a message names the value at `path`: "prefetch" for a member, services[0] for an element.
std::string label(std::string_view path);

// `"a", "b" or "c"`; past `limit` names, the rest become "…".
template <typename Names> std::string listOf(const Names& names, std::size_t limit = 12) {
    std::string out;
    const std::size_t n = std::min<std::size_t>(names.size(), limit);
    for (std::size_t i = 0; i < n; ++i) {
        out += (i == 0 ? "" : i + 1 == n && n == names.size() ? " or " : ", ");
        out += quote(std::string_view(names[i]));
    }
    return n < names.size() ? out + ", …" : out;
}

} // namespace evsim::loader
