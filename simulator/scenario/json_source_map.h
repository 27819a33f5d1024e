#pragma once

#include "simulator/scenario/json_scanner.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Where each key and value of a JSON document (with // and /* */ comments) starts, looked up
// by JSON path: "$", "$.services[1].consumes[0].prefetch", `$["$schema"]`. A key that is not
// an identifier ([A-Za-z_][A-Za-z0-9_]*) is written ["..."] with JSON string escapes; use
// memberPath() and elementPath() to build paths rather than concatenating by hand.
//
// The text is read by a JsonScanner (never throws beyond std::bad_alloc, never crashes): it
// stops at the first thing that is not JSON, or at nesting deeper than kMaxDepth; problem()
// then says where and why, and the map keeps everything read before that point. Memory is
// linear in the size of the text; checkJsonText() and locateJsonPaths() answer without it.
class JsonSourceMap {
public:
    static constexpr int kMaxDepth = JsonScanner::kMaxDepth;
    using Problem = JsonProblem;
    // A key that appears twice in one object. The map keeps the later one, as nlohmann does.
    using DuplicateKey = JsonDuplicateKey;

    JsonSourceMap() = default;
    explicit JsonSourceMap(std::string_view text);

    // Start of the value at `path`, or nullopt when the document has no such value.
    std::optional<SourcePosition> valueAt(std::string_view path) const;
    // Start of the key (its opening quote) of the member at `path`; nullopt for "$", array
    // elements and paths not in the document.
    std::optional<SourcePosition> keyAt(std::string_view path) const;
    // The value at `path` or, when it is missing, at its nearest ancestor that exists; line 0
    // when not even "$" exists (empty or unreadable document).
    SourcePosition locate(std::string_view path) const;

    const std::optional<Problem>& problem() const { return m_problem; }
    // At most kMaxDuplicates, in document order.
    const std::vector<DuplicateKey>& duplicateKeys() const { return m_duplicates; }
    static constexpr std::size_t kMaxDuplicates = JsonScanner::kMaxDuplicates;

    static std::string memberPath(std::string_view parent, std::string_view key);
    static std::string elementPath(std::string_view parent, std::size_t index);
    // The position of byte `offset` in `text` (clamped to the end), by the rules above.
    static SourcePosition positionOf(std::string_view text, std::size_t offset);

private:
    class Builder;
    static constexpr std::uint32_t kNone = JsonScanner::kNone;
    // Kept small: a hostile document can hold millions of values.
    struct Node {
        SourcePosition key;
        SourcePosition value;
        std::uint32_t elements = kNone; // index into m_elements when the value is an array
    };
    // Node index for `path`; its nearest existing ancestor instead when `nearest` is set.
    std::optional<std::uint32_t> find(std::string_view path, bool nearest) const;

    std::vector<Node> m_nodes; // m_nodes[0] is the root once a value was seen
    std::vector<std::vector<std::uint32_t>> m_elements;
    std::map<std::pair<std::uint32_t, std::string>, std::uint32_t> m_members; // (object, key)
    std::optional<Problem> m_problem;
    std::vector<DuplicateKey> m_duplicates;
};

} // namespace evsim
