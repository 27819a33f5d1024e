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

// Why a JSON text could not be read to its end.
struct JsonProblem {
    enum class Kind {
        Empty,   // nothing but white space and comments
        TooDeep, // more than JsonScanner::kMaxDepth levels
        Syntax,  // anything else that is not JSON
    };
    Kind kind = Kind::Syntax;
    SourcePosition position;
    std::string message;
};

// A key that appears twice in one object: its path and both places.
struct JsonDuplicateKey {
    std::string path;
    SourcePosition first;
    SourcePosition second;
};

// Walks a JSON text (with // and /* */ comments) once, telling a Visitor where every value
// starts and under which path, and finding keys that repeat within an object. Iterative, with
// an explicit stack, so hostile nesting costs memory only up to kMaxDepth frames, never
// recursion; it never throws (beyond std::bad_alloc) or crashes, whatever the input. It stops
// at the first thing that is not JSON, or at nesting deeper than kMaxDepth; problem() then
// says where and why. What it holds beyond the visitor's own is bounded by the nesting and
// the keys of the objects open at once, not by the size of the document.
//
// Paths are JSON paths as error messages show them: "$", "$.services[1].consumes[0]",
// `$["$schema"]` (a key that is not an identifier is written ["..."] with JSON escapes).
class JsonScanner {
public:
    // The outermost value is depth 1; a 65th nested object or array is a problem.
    static constexpr int kMaxDepth = 64;
    // Duplicate keys kept, in document order; the scan goes on past them.
    static constexpr std::size_t kMaxDuplicates = 100;
    static constexpr std::uint32_t kNone = 0xFFFFFFFF;

    class Visitor {
    public:
        virtual ~Visitor() = default;
        // A value starts at `valueAt`, at `path`. `parent` is what this call returned for the
        // enclosing object or array (kNone for the root); `key` its member's key (nullptr for
        // an element or the root) and `keyAt` where that key starts. `isArray` when the value
        // is an array. What it returns comes back as `parent` for the value's own members or
        // elements.
        virtual std::uint32_t value(const std::string& path, std::uint32_t parent,
                                    const std::string* key, SourcePosition keyAt,
                                    SourcePosition valueAt, bool isArray) = 0;
        // True to stop the scan before the next value (a search that found what it wanted).
        virtual bool done() const { return false; }
    };

    // `visitor` may be null: the scan then only checks the text.
    JsonScanner(std::string_view text, Visitor* visitor);
    void run();

    const std::optional<JsonProblem>& problem() const { return m_problem; }
    const std::vector<JsonDuplicateKey>& duplicateKeys() const { return m_duplicates; }

private:
    struct Frame {
        std::uint32_t id = kNone; // the visitor's
        bool isObject = false;
        bool afterValue = false; // a value was read and ',' or the closer comes next
        bool afterComma = false;
        std::size_t pathLength = 0; // of m_path for the container itself
        std::size_t elements = 0;
        std::map<std::string, SourcePosition> keys; // objects: keys so far, for duplicates
    };

    SourcePosition here() const { return {m_line, m_column}; }
    bool atEnd() const { return m_i >= m_text.size(); }
    char peek() const { return m_text[m_i]; }
    void advance();
    bool stop(std::string message, JsonProblem::Kind kind = JsonProblem::Kind::Syntax);
    void skipSpace();
    bool skipString(std::string* out);
    bool beginValue(std::uint32_t parent, const std::string* key, SourcePosition keyAt);
    bool step();

    std::string_view m_text;
    Visitor* m_visitor;
    std::vector<Frame> m_frames;
    std::string m_path;
    std::size_t m_i = 0;
    int m_line = 1;
    int m_column = 1;
    std::optional<JsonProblem> m_problem;
    std::vector<JsonDuplicateKey> m_duplicates;
};

// What a scan without a map finds: the first problem and the duplicate keys. For documents
// too large to map (a recording with a checkpoint after every record).
struct JsonCheck {
    std::optional<JsonProblem> problem;
    std::vector<JsonDuplicateKey> duplicates;
};
JsonCheck checkJsonText(std::string_view text);

// Where the values at `paths` start, found in one more scan of `text` without a map: for
// each path the position of its value or, when the document has no such value, of its
// nearest ancestor that exists (line 0 when not even "$" does), as JsonSourceMap::locate.
std::vector<SourcePosition> locateJsonPaths(std::string_view text,
                                            const std::vector<std::string>& paths);

} // namespace evsim
