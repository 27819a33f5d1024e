#include "simulator/kernel/json_lookup.h"

#include <cstddef>

namespace evsim {
namespace {

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    void skipSpace() {
        while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' ||
                                        m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
            ++m_at;
        }
    }
    bool eat(char c) {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool peek(char c) {
        skipSpace();
        return m_at < m_text.size() && m_text[m_at] == c;
    }

    // A string's raw contents (escapes left as written); false when there is none.
    bool string(std::string_view& out) {
        if (!eat('"')) {
            return false;
        }
        const std::size_t start = m_at;
        while (m_at < m_text.size() && m_text[m_at] != '"') {
            m_at += m_text[m_at] == '\\' ? 2 : 1;
        }
        if (m_at >= m_text.size()) {
            return false;
        }
        out = m_text.substr(start, m_at - start);
        ++m_at;
        return true;
    }

    // Skips one value of any kind and returns its text.
    bool value(std::string_view& out) {
        skipSpace();
        const std::size_t start = m_at;
        if (m_at >= m_text.size()) {
            return false;
        }
        const char c = m_text[m_at];
        if (c == '"') {
            std::string_view ignored;
            if (!string(ignored)) {
                return false;
            }
        } else if (c == '{' || c == '[') {
            // Nesting is bounded by the loader (64 levels); a counter is enough here.
            int depth = 0;
            while (m_at < m_text.size()) {
                const char d = m_text[m_at];
                if (d == '"') {
                    std::string_view ignored;
                    if (!string(ignored)) {
                        return false;
                    }
                    continue;
                }
                depth += (d == '{' || d == '[') ? 1 : (d == '}' || d == ']') ? -1 : 0;
                ++m_at;
                if (depth == 0) {
                    break;
                }
            }
            if (depth != 0) {
                return false;
            }
        } else {
            while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '}' &&
                   m_text[m_at] != ']' && m_text[m_at] != ' ' && m_text[m_at] != '\n') {
                ++m_at;
            }
        }
        out = m_text.substr(start, m_at - start);
        return !out.empty();
    }

    // In an object, the value of `key`; the scanner stands after it.
    bool member(std::string_view key, std::string_view& out) {
        if (!eat('{')) {
            return false;
        }
        if (eat('}')) {
            return false;
        }
        for (;;) {
            std::string_view name;
            std::string_view v;
            if (!string(name) || !eat(':') || !value(v)) {
                return false;
            }
            if (name == key) {
                out = v;
                return true;
            }
            if (!eat(',')) {
                return false;
            }
        }
    }

    bool atEnd() {
        skipSpace();
        return m_at == m_text.size();
    }

private:
    std::string_view m_text;
    std::size_t m_at = 0;
};

} // namespace

std::optional<std::string_view> jsonValueAt(std::string_view json, std::string_view path) {
    std::string_view current = json;
    while (!path.empty()) {
        const std::size_t dot = path.find('.');
        const std::string_view key = path.substr(0, dot);
        std::string_view next;
        Scanner scanner(current);
        if (!scanner.member(key, next)) {
            return std::nullopt;
        }
        current = next;
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return current;
}

bool jsonMembers(std::string_view json,
                 std::vector<std::pair<std::string_view, std::string_view>>& members) {
    members.clear();
    Scanner scanner(json);
    if (!scanner.eat('{')) {
        return false;
    }
    if (scanner.eat('}')) {
        return scanner.atEnd();
    }
    for (;;) {
        std::string_view name;
        std::string_view v;
        if (!scanner.string(name) || !scanner.eat(':') || !scanner.value(v)) {
            return false;
        }
        members.emplace_back(name, v);
        if (scanner.eat('}')) {
            return scanner.atEnd();
        }
        if (!scanner.eat(',')) {
            return false;
        }
    }
}

} // namespace evsim
