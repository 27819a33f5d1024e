#include "harness/session/scenario_edit.h"

#include "harness/io/json_text.h"
#include "simulator/scenario/json_source_map.h"

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

} // namespace

std::optional<std::string> withEdit(std::string_view text, const ScenarioEdit& edit,
                                    std::string& error) {
    const JsonSourceMap map(text);
    if (map.problem() || edit.keys.empty()) {
        error = "the scenario file is not readable JSON any more; it cannot be edited";
        return std::nullopt;
    }
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
            return withFirstMember(text, open, member(edit.keys, i, edit.json));
        }
        if (i + 1 == edit.keys.size()) {
            const std::size_t start = jsonOffsetOf(text, *value);
            std::string out(text);
            out.replace(start, jsonValueEnd(text, start) - start, edit.json);
            return out;
        }
        path = next;
    }
    return std::nullopt; // not reached: the last key replaces or adds
}

} // namespace evsim
