#include "simulator/scenario/printable.h"

#include <cstdint>
#include <cstdio>

namespace evsim {
namespace {

void appendHex(std::string& out, const char* format, unsigned value) {
    char buf[12];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
}

bool isContinuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

} // namespace

bool isUnprintable(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::optional<Utf8Char> decodeUtf8(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const auto b0 = static_cast<unsigned char>(text[0]);
    if (b0 < 0x80) {
        return Utf8Char{b0, 1};
    }
    // The second byte's range is narrower after some lead bytes: that is what rules out
    // overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    char32_t value = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        value = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        value = b0 & 0x0F;
        low = b0 == 0xE0 ? 0xA0 : 0x80;
        high = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        value = b0 & 0x07;
        low = b0 == 0xF0 ? 0x90 : 0x80;
        high = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return std::nullopt; // a continuation byte, C0, C1 or F5 to FF
    }
    if (text.size() < length) {
        return std::nullopt;
    }
    const auto b1 = static_cast<unsigned char>(text[1]);
    if (b1 < low || b1 > high) {
        return std::nullopt;
    }
    value = (value << 6) | (b1 & 0x3F);
    for (std::size_t k = 2; k < length; ++k) {
        const auto b = static_cast<unsigned char>(text[k]);
        if (!isContinuation(b)) {
            return std::nullopt;
        }
        value = (value << 6) | (b & 0x3F);
    }
    return Utf8Char{value, length};
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = decodeUtf8(text.substr(i));
        if (!c) {
            appendHex(out, "\\x%02x", static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (c->value == '\t') {
            out += "\\t";
        } else if (c->value == '\n') {
            out += "\\n";
        } else if (c->value == '\r') {
            out += "\\r";
        } else if (c->value < 0x80 && isUnprintable(c->value)) {
            appendHex(out, "\\x%02x", static_cast<unsigned>(c->value));
        } else if (isUnprintable(c->value)) {
            appendHex(out, "\\u%04x", static_cast<unsigned>(c->value));
        } else {
            out.append(text.substr(i, c->length));
        }
        i += c->length;
    }
    return out;
}

std::string shortened(std::string_view printableText, std::size_t maxCharacters) {
    // Code points start at every byte that is not a continuation byte.
    std::size_t characters = 0;
    for (const char b : printableText) {
        characters += isContinuation(static_cast<unsigned char>(b)) ? 0 : 1;
    }
    if (characters <= maxCharacters) {
        return std::string(printableText);
    }
    if (maxCharacters == 0) {
        return {};
    }
    const std::size_t tail = (maxCharacters - 1) / 2;
    const std::size_t head = maxCharacters - 1 - tail;
    // Byte offset where character number `n` starts (the end for n == characters).
    const auto offsetOf = [&](std::size_t n) {
        std::size_t seen = 0;
        for (std::size_t i = 0; i < printableText.size(); ++i) {
            if (!isContinuation(static_cast<unsigned char>(printableText[i])) && seen++ == n) {
                return i;
            }
        }
        return printableText.size();
    };
    std::string out(printableText.substr(0, offsetOf(head)));
    out += "…";
    out += printableText.substr(offsetOf(characters - tail));
    return out;
}

} // namespace evsim
