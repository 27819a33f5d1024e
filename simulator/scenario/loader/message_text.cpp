#include "scenario/loader/message_text.h"

#include "scenario/json_source_map.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace evsim::loader {

std::string sanitize(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80         ? 1
                                : (b >> 5) == 6  ? 2
                                : (b >> 4) == 14 ? 3
                                : (b >> 3) == 30 ? 4
                                                 : 0;
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) {
            valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        }
        if (valid) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", b);
            out += buf;
            ++i;
        }
    }
    return out;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    std::size_t i = 0;
    for (; i < s.size() && i < 60; ++i) {
        if (s[i] == '\n') {
            out += "\\n"; // the short form reads better in a message
        } else {
            appendJsonEscaped(out, s[i]);
        }
    }
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
        out += s[i++]; // finish the character we are in
    }
    return out + (i < s.size() ? "…\"" : "\"");
}

std::string numberText(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string describe(const Json& v) {
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
        return "the number " + std::to_string(v.get<std::int64_t>());
    case Json::value_t::number_unsigned:
        return "the number " + std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_float:
        return "the number " + numberText(v.get<double>());
    case Json::value_t::string:
        return "the string " + quote(v.get_ref<const std::string&>());
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a value";
    }
}

std::string label(std::string_view path) {
    std::size_t end = path.size();
    while (end > 0 && path[end - 1] == ']') {
        const std::size_t open = path.rfind('[', end - 1);
        if (open == std::string_view::npos || path[open + 1] == '"') {
            break;
        }
        end = open;
    }
    const std::string tail(path.substr(end));
    if (end <= 1) {
        return "the top level" + tail;
    }
    std::string_view key;
    if (path[end - 1] == ']') {
        const std::size_t open = path.rfind("[\"", end);
        key = path.substr(open + 2, end - open - 4); // keeps its JSON escapes
    } else {
        const std::size_t dot = path.rfind('.', end);
        key = path.substr(dot + 1, end - dot - 1);
    }
    return tail.empty() ? "\"" + std::string(key) + "\"" : std::string(key) + tail;
}

} // namespace evsim::loader
