#include "simulator/scenario/json_scanner.h"

#include "simulator/scenario/json_string.h"

#include <climits>
#include <unordered_map>
#include <unordered_set>

namespace evsim {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// "$.a[2].b" -> "$", "$.a", "$.a[2]", "$.a[2].b": the path and every path that encloses it,
// split where its segments start (a key written ["..."] may hold '.' or '[').
std::vector<std::string> pathAndAncestors(const std::string& path) {
    std::vector<std::string> out;
    if (path.empty() || path[0] != '$') {
        return out;
    }
    out.push_back("$");
    std::size_t i = 1;
    while (i < path.size()) {
        std::size_t end = std::string::npos;
        if (path.compare(i, 2, "[\"") == 0) {
            end = decodeJsonString(path, i + 2, nullptr);   // just past the closing quote
            end = end == std::string::npos ? end : end + 1; // and its ']'
        } else if (path[i] == '[') {
            end = path.find(']', i);
            end = end == std::string::npos ? end : end + 1;
        } else if (path[i] == '.') {
            end = path.find_first_of(".[", i + 1);
        }
        if (end == std::string::npos || end > path.size()) {
            end = path.size();
        }
        i = end;
        out.push_back(path.substr(0, i));
    }
    return out;
}

// Remembers where each wanted path starts and stops the scan once all were seen.
class PathFinder final : public JsonScanner::Visitor {
public:
    explicit PathFinder(const std::unordered_set<std::string>& wanted) : m_wanted(wanted) {}

    std::uint32_t value(const std::string& path, std::uint32_t, const std::string*, SourcePosition,
                        SourcePosition at, bool) override {
        if (m_wanted.count(path) != 0) {
            m_found.emplace(path, at);
        }
        return 0;
    }
    bool done() const override { return m_found.size() == m_wanted.size(); }

    const std::unordered_map<std::string, SourcePosition>& found() const { return m_found; }

private:
    const std::unordered_set<std::string>& m_wanted;
    std::unordered_map<std::string, SourcePosition> m_found;
};

} // namespace

JsonScanner::JsonScanner(std::string_view text, Visitor* visitor)
    : m_text(text), m_visitor(visitor) {}

void JsonScanner::run() {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
        m_i = 3; // a byte order mark takes no column
    }
    skipSpace();
    if (m_problem) {
        return;
    }
    if (atEnd()) {
        stop("the document is empty", JsonProblem::Kind::Empty);
        return;
    }
    m_path = "$";
    if (!beginValue(kNone, nullptr, {})) {
        return;
    }
    while (!m_frames.empty() && step()) {
    }
    if (m_problem || (m_visitor != nullptr && m_visitor->done())) {
        return;
    }
    skipSpace();
    if (!m_problem && m_i < m_text.size()) {
        stop("unexpected text after the end of the document");
    }
}

void JsonScanner::advance() {
    const char c = m_text[m_i++];
    if (c == '\n') {
        m_line += m_line < INT_MAX ? 1 : 0; // saturate rather than overflow on 2 GB of lines
        m_column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        m_column += m_column < INT_MAX ? 1 : 0;
    }
}

bool JsonScanner::stop(std::string message, JsonProblem::Kind kind) {
    if (!m_problem) {
        m_problem = JsonProblem{kind, here(), std::move(message)};
    }
    return false;
}

void JsonScanner::skipSpace() {
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
                m_problem = JsonProblem{JsonProblem::Kind::Syntax, start, "unterminated comment"};
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
bool JsonScanner::skipString(std::string* out) {
    const std::size_t end = decodeJsonString(m_text, m_i + 1, out);
    if (end == std::string_view::npos) {
        return stop("unterminated string");
    }
    while (m_i < end) {
        advance();
    }
    return true;
}

// Tells the visitor where the value starts and reads it, or opens its frame. m_path already
// names it.
bool JsonScanner::beginValue(std::uint32_t parent, const std::string* key, SourcePosition keyAt) {
    skipSpace();
    if (m_problem) {
        return false;
    }
    if (atEnd()) {
        return stop("unexpected end of the document; expected a value");
    }
    const char c = peek();
    const std::uint32_t id = m_visitor != nullptr
                                 ? m_visitor->value(m_path, parent, key, keyAt, here(), c == '[')
                                 : kNone;
    if (c == '{' || c == '[') {
        if (m_frames.size() >= static_cast<std::size_t>(kMaxDepth)) {
            return stop("nesting is deeper than " + std::to_string(kMaxDepth) + " levels",
                        JsonProblem::Kind::TooDeep);
        }
        advance();
        Frame frame;
        frame.id = id;
        frame.isObject = c == '{';
        frame.pathLength = m_path.size();
        m_frames.push_back(std::move(frame));
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

// Reads one member or element of the innermost open container, or its closer.
bool JsonScanner::step() {
    if (m_visitor != nullptr && m_visitor->done()) {
        return false;
    }
    skipSpace();
    if (m_problem) {
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
            advance();
            m_frames.pop_back();
            return true;
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
        advance();
        m_frames.pop_back();
        return true;
    }
    f.afterValue = true;
    f.afterComma = false;
    m_path.resize(f.pathLength);
    if (!f.isObject) {
        appendElementPath(m_path, f.elements++);
        return beginValue(f.id, nullptr, {});
    }
    if (c != '"') {
        return stop("expected a key in double quotes");
    }
    const SourcePosition keyAt = here();
    std::string key;
    if (!skipString(&key)) {
        return false;
    }
    skipSpace();
    if (m_problem) {
        return false;
    }
    if (atEnd() || peek() != ':') {
        return stop("expected ':' after the key");
    }
    advance();
    appendMemberPath(m_path, key);
    if (const auto [it, fresh] = f.keys.try_emplace(key, keyAt); !fresh) {
        if (m_duplicates.size() < kMaxDuplicates) {
            m_duplicates.push_back({m_path, it->second, keyAt});
        }
        it->second = keyAt;
    }
    // `f` stays valid: the frame stack grows only in beginValue, after its last use here.
    return beginValue(f.id, &key, keyAt);
}

JsonCheck checkJsonText(std::string_view text) {
    JsonScanner scanner(text, nullptr);
    scanner.run();
    return JsonCheck{scanner.problem(), scanner.duplicateKeys()};
}

std::vector<SourcePosition> locateJsonPaths(std::string_view text,
                                            const std::vector<std::string>& paths) {
    std::unordered_set<std::string> wanted;
    for (const std::string& path : paths) {
        for (std::string& p : pathAndAncestors(path)) {
            wanted.insert(std::move(p));
        }
    }
    PathFinder finder(wanted);
    JsonScanner(text, &finder).run();
    std::vector<SourcePosition> out;
    for (const std::string& path : paths) {
        SourcePosition at;
        for (const std::string& p : pathAndAncestors(path)) {
            const auto it = finder.found().find(p);
            if (it == finder.found().end()) {
                break;
            }
            at = it->second;
        }
        out.push_back(at);
    }
    return out;
}

} // namespace evsim
