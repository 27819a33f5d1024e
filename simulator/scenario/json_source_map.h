#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// A place in a text file. Both 1-based; line 0 means unknown. Lines end at '\n' (as in
// nlohmann's messages; "\r\n" works, a lone '\r' does not start a line). Columns count Unicode
// code points (a byte that is not a UTF-8 continuation byte starts a new column; a tab is one
// column), and a UTF-8 byte order mark at the start of the file takes no column.
struct SourcePosition {
    int line = 0;
    int column = 0;
    bool known() const { return line > 0; }
    bool operator==(const SourcePosition&) const = default;
};

// Where each key and value of a JSON document (with // and /* */ comments) starts, looked up
// by JSON path: "$", "$.services[1].consumes[0].prefetch", `$["$schema"]`. A key that is not
// an identifier ([A-Za-z_][A-Za-z0-9_]*) is written ["..."] with JSON string escapes; use
// memberPath() and elementPath() to build paths rather than concatenating by hand.
//
// The scanner is iterative and never throws (beyond std::bad_alloc) or crashes, whatever the
// input. It stops at the first thing that is not JSON, or at nesting deeper than kMaxDepth;
// problem() then says where and why, and the map keeps everything read before that point.
// Memory is linear in the size of the text.
class JsonSourceMap {
public:
    // The outermost value is depth 1; a 65th nested object or array is a problem.
    static constexpr int kMaxDepth = 64;

    struct Problem {
        enum class Kind {
            Empty,   // nothing but white space and comments
            TooDeep, // more than kMaxDepth levels
            Syntax,  // anything else that is not JSON
        };
        Kind kind = Kind::Syntax;
        SourcePosition position;
        std::string message;
    };

    // A key that appears twice in one object. The map keeps the later one, as nlohmann does.
    struct DuplicateKey {
        std::string path;
        SourcePosition first;
        SourcePosition second;
    };

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
    static constexpr std::size_t kMaxDuplicates = 100;

    static std::string memberPath(std::string_view parent, std::string_view key);
    static std::string elementPath(std::string_view parent, std::size_t index);
    // The position of byte `offset` in `text` (clamped to the end), by the rules above.
    static SourcePosition positionOf(std::string_view text, std::size_t offset);

private:
    friend class JsonScanner;
    static constexpr std::uint32_t kNone = 0xFFFFFFFF;
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
