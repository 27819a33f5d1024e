#include "simulator/scenario/json_string.h"

#include <cstdint>
#include <cstdio>

namespace evsim {
namespace {

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Reads four hex digits at text[i..i+4); -1 when they are not there.
long readHex4(std::string_view text, std::size_t i) {
    if (i + 4 > text.size()) {
        return -1;
    }
    long v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        const int h = hexDigitValue(text[i + k]);
        if (h < 0) {
            return -1;
        }
        v = v * 16 + h;
    }
    return v;
}

} // namespace

int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool isJsonIdentifier(std::string_view key) {
    if (key.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) {
            return false;
        }
    }
    return true;
}

std::size_t decodeJsonString(std::string_view text, std::size_t i, std::string* out) {
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            return i + 1;
        }
        if (c != '\\' || i + 1 >= text.size()) {
            if (out) {
                *out += c;
            }
            ++i;
            continue;
        }
        const char e = text[i + 1];
        i += 2;
        if (!out) {
            continue;
        }
        switch (e) {
        case 'b':
            *out += '\b';
            break;
        case 'f':
            *out += '\f';
            break;
        case 'n':
            *out += '\n';
            break;
        case 'r':
            *out += '\r';
            break;
        case 't':
            *out += '\t';
            break;
        case 'u': {
            long cp = readHex4(text, i);
            if (cp < 0) {
                *out += "\\u";
                break;
            }
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < text.size() && text[i] == '\\' &&
                text[i + 1] == 'u') {
                const long low = readHex4(text, i + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            appendUtf8(*out, static_cast<std::uint32_t>(cp));
            break;
        }
        default:
            *out += e;
            break; // '"', '\\', '/' and anything malformed
        }
    }
    return std::string_view::npos;
}

void appendJsonEscaped(std::string& out, char c) {
    if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
    } else {
        out += c;
    }
}

void appendMemberPath(std::string& path, std::string_view key) {
    if (isJsonIdentifier(key)) {
        path += '.';
        path += key;
        return;
    }
    path += "[\"";
    for (const char c : key) {
        appendJsonEscaped(path, c);
    }
    path += "\"]";
}

void appendElementPath(std::string& path, std::size_t index) {
    path += '[';
    path += std::to_string(index);
    path += ']';
}

} // namespace evsim
