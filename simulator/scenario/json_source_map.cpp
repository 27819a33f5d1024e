#include "scenario/json_source_map.h"

#include "scenario/json_string.h"

#include <climits>

namespace evsim {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

// One pass over the text with an explicit stack, so hostile nesting costs memory only up to
// kMaxDepth frames and never recursion.
class JsonScanner {
public:
    JsonScanner(std::string_view text, JsonSourceMap& map) : m_text(text), m_map(map) {}

    void run() {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
            m_i = 3; // a byte order mark takes no column
        }
        skipSpace();
        if (m_map.m_problem) {
            return;
        }
        if (m_i >= m_text.size()) {
            stop("the document is empty", Kind::Empty);
            return;
        }
        m_map.m_nodes.emplace_back();
        if (!beginValue(0)) {
            return;
        }
        while (!m_frames.empty() && step()) {
        }
        if (m_map.m_problem) {
            return;
        }
        skipSpace();
        if (!m_map.m_problem && m_i < m_text.size()) {
            stop("unexpected text after the end of the document");
        }
    }

private:
    struct Frame {
        std::uint32_t node;
        bool isObject;
        bool afterValue = false; // a value was read and ',' or the closer comes next
        bool afterComma = false;
    };

    SourcePosition here() const { return {m_line, m_column}; }
    bool atEnd() const { return m_i >= m_text.size(); }
    char peek() const { return m_text[m_i]; }

    void advance() {
        const char c = m_text[m_i++];
        if (c == '\n') {
            m_line += m_line < INT_MAX ? 1 : 0; // saturate rather than overflow on 2 GB of lines
            m_column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            m_column += m_column < INT_MAX ? 1 : 0;
        }
    }

    using Kind = JsonSourceMap::Problem::Kind;

    bool stop(std::string message, Kind kind = Kind::Syntax) {
        if (!m_map.m_problem) {
            m_map.m_problem = JsonSourceMap::Problem{kind, here(), std::move(message)};
        }
        return false;
    }

    void skipSpace() {
        while (!atEnd()) {
            const char c = peek();
            if (isSpace(c)) {
                advance();
            } else if (c == '/' && m_i + 1 < m_text.size() && m_text[m_i + 1] == '/') {
                // nlohmann ends a line comment at '\r' too; so must we, to agree on the tokens.
                while (!atEnd() && peek() != '\n' && peek() != '\r') {
                    advance();
                }
            } else if (c == '/' && m_i + 1 < m_text.size() && m_text[m_i + 1] == '*') {
                const SourcePosition start = here();
                advance();
                advance();
                while (!atEnd() &&
                       !(peek() == '*' && m_i + 1 < m_text.size() && m_text[m_i + 1] == '/')) {
                    advance();
                }
                if (atEnd()) {
                    m_map.m_problem =
                        JsonSourceMap::Problem{Kind::Syntax, start, "unterminated comment"};
                    return;
                }
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    // Moves past a string whose opening quote is at the cursor, decoding it into `out`.
    bool skipString(std::string* out) {
        const std::size_t end = decodeJsonString(m_text, m_i + 1, out);
        if (end == std::string_view::npos) {
            return stop("unterminated string");
        }
        while (m_i < end) {
            advance();
        }
        return true;
    }

    std::uint32_t newNode() {
        m_map.m_nodes.emplace_back();
        return static_cast<std::uint32_t>(m_map.m_nodes.size() - 1);
    }

    // Records where the value of `node` starts and reads it, or opens its frame.
    bool beginValue(std::uint32_t node) {
        skipSpace();
        if (m_map.m_problem) {
            return false;
        }
        if (atEnd()) {
            return stop("unexpected end of the document; expected a value");
        }
        m_map.m_nodes[node].value = here();
        const char c = peek();
        if (c == '{' || c == '[') {
            if (m_frames.size() >= static_cast<std::size_t>(JsonSourceMap::kMaxDepth)) {
                return stop("nesting is deeper than " + std::to_string(JsonSourceMap::kMaxDepth) +
                                " levels",
                            Kind::TooDeep);
            }
            if (c == '[') {
                m_map.m_nodes[node].elements = static_cast<std::uint32_t>(m_map.m_elements.size());
                m_map.m_elements.emplace_back();
            }
            advance();
            m_frames.push_back(Frame{node, c == '{'});
            return true;
        }
        if (c == '"') {
            return skipString(nullptr);
        }
        // Numbers, true, false, null: a run of literal characters; nlohmann checks the rest.
        const std::size_t start = m_i;
        while (!atEnd()) {
            const char l = peek();
            const bool literal = (l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z') ||
                                 (l >= '0' && l <= '9') || l == '+' || l == '-' || l == '.';
            if (!literal) {
                break;
            }
            advance();
        }
        return m_i > start || stop("unexpected character; expected a value");
    }

    bool close() {
        advance();
        m_frames.pop_back();
        return true;
    }

    // Reads one member or element of the innermost open container, or its closer.
    bool step() {
        skipSpace();
        if (m_map.m_problem) {
            return false;
        }
        Frame& f = m_frames.back();
        const char closer = f.isObject ? '}' : ']';
        if (atEnd()) {
            return stop(std::string("unexpected end of the document; expected '") + closer + "'");
        }
        const char c = peek();
        if (f.afterValue) {
            if (c == closer) {
                return close();
            }
            if (c != ',') {
                return stop(std::string("expected ',' or '") + closer + "'");
            }
            advance();
            f.afterValue = false;
            f.afterComma = true;
            return true;
        }
        if (c == closer && !f.afterComma) {
            return close();
        }
        f.afterValue = true;
        f.afterComma = false;
        // Indices, not references: adding a node may move m_nodes.
        const std::uint32_t parentIndex = f.node;
        if (!f.isObject) {
            const std::uint32_t child = newNode();
            m_map.m_elements[m_map.m_nodes[parentIndex].elements].push_back(child);
            return beginValue(child);
        }
        if (c != '"') {
            return stop("expected a key in double quotes");
        }
        const SourcePosition keyPos = here();
        std::string key;
        if (!skipString(&key)) {
            return false;
        }
        skipSpace();
        if (m_map.m_problem) {
            return false;
        }
        if (atEnd() || peek() != ':') {
            return stop("expected ':' after the key");
        }
        advance();
        const std::uint32_t child = newNode();
        m_map.m_nodes[child].key = keyPos;
        const auto [it, fresh] = m_map.m_members.try_emplace({parentIndex, std::move(key)}, child);
        if (!fresh) {
            noteDuplicate(it->first.second, m_map.m_nodes[it->second].key, keyPos);
            it->second = child;
        }
        return beginValue(child);
    }

    // The path is rebuilt from the frames, only for duplicates, so that ordinary documents
    // never pay for path strings.
    void noteDuplicate(const std::string& key, SourcePosition first, SourcePosition second) {
        if (m_map.m_duplicates.size() >= JsonSourceMap::kMaxDuplicates) {
            return;
        }
        std::string path = "$";
        for (std::size_t d = 0; d + 1 < m_frames.size(); ++d) {
            const std::uint32_t parent = m_frames[d].node;
            const std::uint32_t child = m_frames[d + 1].node;
            if (m_frames[d].isObject) {
                for (auto it = m_map.m_members.lower_bound({parent, ""});
                     it != m_map.m_members.end() && it->first.first == parent; ++it) {
                    if (it->second == child) {
                        path = JsonSourceMap::memberPath(path, it->first.second);
                        break;
                    }
                }
            } else {
                const auto& elements = m_map.m_elements[m_map.m_nodes[parent].elements];
                path = JsonSourceMap::elementPath(path, elements.size() - 1);
            }
        }
        m_map.m_duplicates.push_back({JsonSourceMap::memberPath(path, key), first, second});
    }

    std::string_view m_text;
    JsonSourceMap& m_map;
    std::vector<Frame> m_frames;
    std::size_t m_i = 0;
    int m_line = 1;
    int m_column = 1;
};

JsonSourceMap::JsonSourceMap(std::string_view text) {
    JsonScanner(text, *this).run();
}

std::optional<std::uint32_t> JsonSourceMap::find(std::string_view path, bool nearest) const {
    if (m_nodes.empty() || path.empty() || path[0] != '$') {
        return std::nullopt;
    }
    std::uint32_t node = 0;
    std::size_t i = 1;
    const auto missing = [&]() -> std::optional<std::uint32_t> {
        return nearest ? std::optional<std::uint32_t>(node) : std::nullopt;
    };
    while (i < path.size()) {
        const Node& n = m_nodes[node];
        std::string key;
        const std::size_t elementCount = n.elements == kNone ? 0 : m_elements[n.elements].size();
        if (path[i] == '.') {
            std::size_t end = i + 1;
            while (end < path.size() && path[end] != '.' && path[end] != '[') {
                ++end;
            }
            key = path.substr(i + 1, end - i - 1);
            i = end;
        } else if (path.substr(i, 2) == "[\"") {
            const std::size_t end = decodeJsonString(path, i + 2, &key);
            if (end == std::string_view::npos || end >= path.size() || path[end] != ']') {
                return missing();
            }
            i = end + 1;
        } else if (path[i] == '[') {
            std::size_t index = 0;
            std::size_t end = i + 1;
            while (end < path.size() && path[end] >= '0' && path[end] <= '9' &&
                   index < m_nodes.size()) {
                index = index * 10 + static_cast<std::size_t>(path[end] - '0');
                ++end;
            }
            if (end >= path.size() || path[end] != ']' || index >= elementCount) {
                return missing();
            }
            node = m_elements[n.elements][index];
            i = end + 1;
            continue;
        } else {
            return missing();
        }
        const auto it = m_members.find({node, std::move(key)});
        if (it == m_members.end()) {
            return missing();
        }
        node = it->second;
    }
    return node;
}

std::optional<SourcePosition> JsonSourceMap::valueAt(std::string_view path) const {
    const auto node = find(path, false);
    if (!node || !m_nodes[*node].value.known()) {
        return std::nullopt;
    }
    return m_nodes[*node].value;
}

std::optional<SourcePosition> JsonSourceMap::keyAt(std::string_view path) const {
    const auto node = find(path, false);
    if (!node || !m_nodes[*node].key.known()) {
        return std::nullopt;
    }
    return m_nodes[*node].key;
}

SourcePosition JsonSourceMap::locate(std::string_view path) const {
    const auto node = find(path, true);
    return node ? m_nodes[*node].value : SourcePosition{};
}

std::string JsonSourceMap::memberPath(std::string_view parent, std::string_view key) {
    std::string out(parent);
    if (isJsonIdentifier(key)) {
        out += '.';
        out += key;
        return out;
    }
    out += "[\"";
    for (const char c : key) {
        appendJsonEscaped(out, c);
    }
    out += "\"]";
    return out;
}

std::string JsonSourceMap::elementPath(std::string_view parent, std::size_t index) {
    std::string out(parent);
    out += '[';
    out += std::to_string(index);
    out += ']';
    return out;
}

SourcePosition JsonSourceMap::positionOf(std::string_view text, std::size_t offset) {
    SourcePosition pos{1, 1};
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::size_t end = offset < text.size() ? offset : text.size();
    for (; i < end; ++i) {
        if (text[i] == '\n') {
            pos.line += pos.line < INT_MAX ? 1 : 0;
            pos.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            pos.column += pos.column < INT_MAX ? 1 : 0;
        }
    }
    return pos;
}

} // namespace evsim
