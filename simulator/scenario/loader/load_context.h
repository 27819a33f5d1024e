#pragma once

#include "simulator/scenario/json_source_map.h"
#include "simulator/scenario/load_error.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// What the readers of one scenario file share: its name and text, where each of its values
// starts, and the errors found so far. Internal to the scenario loader (scenario_loader.cpp and
// the files of scenario/loader/).

namespace evsim::loader {

// Past this many, more errors mostly repeat one mistake; compilers stop too.
constexpr std::size_t kMaxErrors = 100;
// Reading stops once this many are collected, so that a huge broken file costs little. They
// are collected roughly in file order, so the first kMaxErrors by position are among them.
constexpr std::size_t kCollectedErrors = 10 * kMaxErrors;

using Code = LoadErrorCode;

// The path of member `key` of the value at `path`: at("$.broker", "queues").
inline std::string at(std::string_view path, std::string_view key) {
    return JsonSourceMap::memberPath(path, key);
}

// One load of one file. The readers receive it by reference, report every problem through it
// (located by JSON path) and go on, so that one pass finds every independent mistake. It keeps
// a view of the text: the text must outlive it.
class LoadContext {
public:
    LoadContext(std::string_view text, std::string file);
    LoadContext(const LoadContext&) = delete;
    LoadContext& operator=(const LoadContext&) = delete;

    const std::string& file() const { return m_file; }
    std::string_view text() const { return m_text; }
    const JsonSourceMap& sourceMap() const { return m_map; }

    // An error at `position`; `path` may be empty (syntax errors). Past kCollectedErrors,
    // errors are dropped.
    void report(Code code, SourcePosition position, std::string path, std::string message,
                std::string hint = {});
    // An error about the value at `path`, located at that value (or its nearest ancestor).
    void fail(Code code, const std::string& path, std::string message, std::string hint = {});
    // For problems with a key itself (unknown, misplaced): located at the key, not its value.
    void failAtKey(Code code, const std::string& path, std::string message, std::string hint = {});

    // True once reading further would only collect errors that are dropped.
    bool enough() const { return m_errors.size() >= kCollectedErrors; }
    bool failed() const { return !m_errors.empty(); }
    // "line 3, column 7": where the value at `path` is, for "first declared at ...".
    std::string lineOf(const std::string& path) const;

    // The errors in file order, at most kMaxErrors of them and then a "too many errors" note.
    // Leaves the context without errors.
    std::vector<LoadError> takeErrors();

private:
    std::string m_file;
    std::string_view m_text;
    JsonSourceMap m_map;
    std::vector<LoadError> m_errors;
};

} // namespace evsim::loader
