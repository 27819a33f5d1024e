#include "simulator/scenario/loader/message_text.h"

#include "simulator/scenario/json_string.h"
#include "simulator/scenario/printable.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace evsim::loader {

std::string quote(std::string_view s, std::size_t maxBytes) {
    std::string out = "\"";
    std::size_t i = 0;
    // Whole characters until maxBytes are used, so that a cut never splits one.
    while (i < s.size() && i < maxBytes) {
        const auto c = decodeUtf8(s.substr(i));
        char buf[12];
        if (!c) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
            out += buf; // as printable() writes a byte that is not UTF-8
            ++i;
            continue;
        }
        if (c->value == '\n') {
            out += "\\n"; // the short form reads better in a message
        } else if (c->value < 0x20 || c->value == '"' || c->value == '\\') {
            appendJsonEscaped(out, static_cast<char>(c->value));
        } else if (isUnprintable(c->value)) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c->value));
            out += buf; // DEL, C1 and bidirectional controls, which JSON leaves unescaped
        } else {
            out.append(s.substr(i, c->length));
        }
        i += c->length;
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
