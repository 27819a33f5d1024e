#include "harness/session/scenario_edit.h"

#include "harness/io/json_text.h"
#include "simulator/scenario/json_source_map.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

namespace evsim {
namespace {

// `"key": value` for the keys from `first` on, nested: "arguments": {"x-message-ttl": 5000}.
std::string member(const std::vector<std::string>& keys, std::size_t first,
                   const std::string& json) {
    std::string value = json;
    for (std::size_t i = keys.size() - 1; i > first; --i) {
        value = "{" + nlohmann::json(keys[i]).dump() + ": " + value + "}";
    }
    return nlohmann::json(keys[first]).dump() + ": " + value;
}

// Inserts `text` as the first member of the object whose '{' is at `open`: on a line of its
// own, indented as the member after it, when the object is laid out over lines.
std::string withFirstMember(std::string_view text, std::size_t open, const std::string& added) {
    std::size_t next = open + 1;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) {
        ++next;
    }
    const bool empty = next < text.size() && text[next] == '}';
    std::string out(text);
    if (next < text.size() && (text[next] == '\n' || text[next] == '\r')) {
        const std::size_t lineStart = text.find('\n', next) + 1;
        std::size_t indentEnd = lineStart;
        while (indentEnd < text.size() && (text[indentEnd] == ' ' || text[indentEnd] == '\t')) {
            ++indentEnd;
        }
        const std::string indent(text.substr(lineStart, indentEnd - lineStart));
        out.insert(open + 1, "\n" + indent + added + (empty ? "" : ","));
        return out;
    }
    out.insert(open + 1, empty ? added : " " + added + ",");
    return out;
}

bool blank(char c) {
    return c == ' ' || c == '\t';
}

// Without the member whose key starts at `key` and whose value ends at `end`, and the comma
// that joins it to the next member (or, for the last one, to the one before). A member on a
// line of its own goes with its line, a comment after it on that line included.
std::string withoutMember(std::string_view text, std::size_t key, std::size_t end) {
    std::size_t after = end;
    while (after < text.size() && blank(text[after])) {
        ++after;
    }
    std::size_t from = key;
    std::size_t to = end;
    if (after < text.size() && text[after] == ',') {
        to = after + 1;
    } else {
        std::size_t before = key;
        while (before > 0 &&
               std::string_view(" \t\r\n").find(text[before - 1]) != std::string_view::npos) {
            --before;
        }
        if (before > 0 && text[before - 1] == ',') {
            from = before - 1;
        }
    }
    std::size_t lineStart = from;
    while (lineStart > 0 && blank(text[lineStart - 1])) {
        --lineStart;
    }
    const std::size_t lineEnd = text.find('\n', to);
    const std::string_view rest =
        text.substr(to, (lineEnd == std::string_view::npos ? text.size() : lineEnd) - to);
    const std::size_t restStart = rest.find_first_not_of(" \t\r");
    const bool ownLine = (lineStart == 0 || text[lineStart - 1] == '\n') && from == key &&
                         (restStart == std::string_view::npos || rest.substr(restStart, 2) == "//");
    if (ownLine && lineEnd != std::string_view::npos) {
        from = lineStart;
        to = lineEnd + 1;
    } else if (from == key) {
        while (to < text.size() && blank(text[to])) {
            ++to; // `{ "a": 1, "b": 2 }` without "a" is `{ "b": 2 }`
        }
    }
    std::string out(text);
    out.erase(from, to - from);
    return out;
}

// The blanks before `start` when it begins a line; nullopt when something precedes it there.
std::optional<std::string> indentOf(std::string_view text, std::size_t start) {
    std::size_t lineStart = start;
    while (lineStart > 0 && blank(text[lineStart - 1])) {
        --lineStart;
    }
    if (lineStart > 0 && text[lineStart - 1] != '\n') {
        return std::nullopt;
    }
    return std::string(text.substr(lineStart, start - lineStart));
}

// The text with `item` after the last item of an array or object: that item starts at
// `itemStart` (its key, for a member) and its value ends at `valueEnd`. On a line of its own,
// indented alike, when the last item starts a line, a comment after it staying on its line;
// after ", " on the same line otherwise.
std::string withItemAfter(std::string_view text, std::size_t itemStart, std::size_t valueEnd,
                          const std::string& item) {
    std::string out(text);
    const std::optional<std::string> indent = indentOf(text, itemStart);
    if (!indent) {
        out.insert(valueEnd, ", " + item);
        return out;
    }
    const std::size_t lineEnd = std::min(text.find('\n', valueEnd), text.size());
    const std::string_view rest = text.substr(valueEnd, lineEnd - valueEnd);
    const std::size_t restStart = rest.find_first_not_of(" \t\r");
    if (restStart == std::string_view::npos || rest.substr(restStart, 2) == "//") {
        const std::size_t at =
            lineEnd > valueEnd && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        out.insert(at, "\n" + *indent + item);
        out.insert(valueEnd, ",");
        return out;
    }
    out.insert(valueEnd, ",\n" + *indent + item);
    return out;
}

// The text with `element` as the last element of the array at `path`, whose '[' is at `open`.
std::string withLastElement(std::string_view text, const JsonSourceMap& map,
                            const std::string& path, std::size_t open, const std::string& element) {
    std::optional<SourcePosition> last;
    for (std::size_t i = 0;; ++i) {
        const std::optional<SourcePosition> e = map.valueAt(JsonSourceMap::elementPath(path, i));
        if (!e) {
            break;
        }
        last = e;
    }
    if (!last) {
        std::string out(text);
        out.insert(open + 1, element);
        return out;
    }
    const std::size_t start = jsonOffsetOf(text, *last);
    return withItemAfter(text, start, jsonValueEnd(text, start), element);
}

// The text with `member` ("key": value) as the last member of the object at `path`, whose
// '{' is at `open`: the parts an app adds read in the order they were added.
std::string withLastMember(std::string_view text, const JsonSourceMap& map, const std::string& path,
                           std::size_t open, const std::string& member) {
    const std::size_t close = jsonValueEnd(text, open);
    const auto object =
        nlohmann::ordered_json::parse(text.substr(open, close - open), nullptr, false, true);
    if (!object.is_object() || object.empty()) {
        return withFirstMember(text, open, member);
    }
    const std::string last = JsonSourceMap::memberPath(path, std::prev(object.end()).key());
    const std::optional<SourcePosition> key = map.keyAt(last);
    const std::optional<SourcePosition> value = map.valueAt(last);
    if (!key || !value) {
        return withFirstMember(text, open, member);
    }
    const std::size_t valueStart = jsonOffsetOf(text, *value);
    return withItemAfter(text, jsonOffsetOf(text, *key), jsonValueEnd(text, valueStart), member);
}

} // namespace

std::optional<std::string> withEdit(std::string_view text, const ScenarioEdit& edit,
                                    std::string& error) {
    const JsonSourceMap map(text);
    if (map.problem()) {
        error = "the scenario file is not readable JSON any more; it cannot be edited";
        return std::nullopt;
    }
    if (edit.change == ScenarioEdit::Change::RemoveElement) {
        const std::optional<SourcePosition> element = map.valueAt(edit.objectPath);
        if (!element || edit.objectPath.empty() || edit.objectPath.back() != ']') {
            error = edit.objectPath + " is not an element of the scenario file";
            return std::nullopt;
        }
        const std::size_t start = jsonOffsetOf(text, *element);
        return withoutMember(text, start, jsonValueEnd(text, start));
    }
    if (edit.keys.empty()) {
        error = "an edit names no member of " + edit.objectPath;
        return std::nullopt;
    }
    const bool append = edit.change == ScenarioEdit::Change::Append;
    std::string path = edit.objectPath;
    for (std::size_t i = 0; i < edit.keys.size(); ++i) {
        const std::optional<SourcePosition> object = map.valueAt(path);
        const std::size_t open = object ? jsonOffsetOf(text, *object) : text.size();
        if (open >= text.size() || text[open] != '{') {
            error = path + " is not an object of the scenario file";
            return std::nullopt;
        }
        const std::string next = JsonSourceMap::memberPath(path, edit.keys[i]);
        const std::optional<SourcePosition> value = map.valueAt(next);
        if (!value) {
            if (append) {
                return withLastMember(text, map, path, open,
                                      member(edit.keys, i, "[" + edit.json + "]"));
            }
            return edit.json.empty() ? std::string(text)
                                     : withFirstMember(text, open, member(edit.keys, i, edit.json));
        }
        if (i + 1 == edit.keys.size()) {
            const std::size_t start = jsonOffsetOf(text, *value);
            if (append) {
                if (text[start] != '[') {
                    error = next + " is not an array of the scenario file";
                    return std::nullopt;
                }
                return withLastElement(text, map, next, start, edit.json);
            }
            const std::size_t end = jsonValueEnd(text, start);
            if (edit.json.empty()) {
                return withoutMember(text, jsonOffsetOf(text, *map.keyAt(next)), end);
            }
            std::string out(text);
            out.replace(start, end - start, edit.json);
            return out;
        }
        path = next;
    }
    return std::nullopt; // not reached: the last key replaces or adds
}

} // namespace evsim
