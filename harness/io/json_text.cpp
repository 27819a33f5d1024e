#include "harness/io/json_text.h"

#include <algorithm>

namespace evsim {
namespace {

// Past the string whose opening quote is at `open`.
std::size_t stringEnd(std::string_view text, std::size_t open) {
    std::size_t i = open + 1;
    while (i < text.size() && text[i] != '"') {
        i += text[i] == '\\' ? 2 : 1;
    }
    return std::min(i + 1, text.size());
}

} // namespace

std::size_t jsonOffsetOf(std::string_view text, SourcePosition p) {
    std::size_t i = 0;
    for (int line = 1; line < p.line && i < text.size(); ++i) {
        line += text[i] == '\n' ? 1 : 0;
    }
    if (p.line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    for (int column = 1; column < p.column && i < text.size(); ++column) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
            ++i;
        }
    }
    return i;
}

std::size_t jsonValueEnd(std::string_view text, std::size_t start) {
    if (start >= text.size()) {
        return text.size();
    }
    if (text[start] == '"') {
        return stringEnd(text, start);
    }
    if (text[start] != '[' && text[start] != '{') {
        std::size_t i = start;
        while (i < text.size() &&
               std::string_view(",]} \t\r\n/").find(text[i]) == std::string_view::npos) {
            ++i;
        }
        return i;
    }
    int depth = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            i = stringEnd(text, i) - 1;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
            i = text.find('\n', i);
            if (i == std::string_view::npos) {
                return text.size();
            }
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            i = text.find("*/", i + 2);
            if (i == std::string_view::npos) {
                return text.size();
            }
            ++i;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                return i + 1;
            }
        }
    }
    return text.size();
}

} // namespace evsim
