#pragma once

#include "scenario/json_source_map.h"
#include "scenario/load_error.h"
#include "scenario/scenario.h"
#include "scenario/scenario_loader_text.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The lower layer of the scenario loader: typed values out of JSON values. Internal to the
// scenario_loader* files.

namespace evsim::loader {

using Keys = std::span<const std::string_view>;

// Past this many, more errors mostly repeat one mistake; compilers stop too.
constexpr std::size_t kMaxErrors = 100;
// Reading stops once this many are collected, so that a huge broken file costs little. They
// are collected roughly in file order, so the first kMaxErrors by position are among them.
constexpr std::size_t kCollectedErrors = 10 * kMaxErrors;

// Reads typed values out of a parsed document. Each reader reports what is wrong as a located
// LoadError and returns nullopt (or false), so that callers go on and one pass finds every
// independent mistake. Shapes and plain values are in scenario_loader_values.cpp, distributions
// and ranges in scenario_loader_distributions.cpp.
class ValueReader {
public:
    ValueReader(std::string_view text, const std::string& file) : m_file(file), m_map(text) {}

protected:
    void report(SourcePosition at, std::string path, std::string message, std::string hint) {
        if (m_errors.size() < kCollectedErrors) {
            m_errors.push_back(
                {m_file, at.line, at.column, std::move(path), sanitize(message), sanitize(hint)});
        }
    }
    bool enough() const { return m_errors.size() >= kCollectedErrors; }
    void fail(const std::string& path, std::string message, std::string hint = {}) {
        report(m_map.locate(path), path, std::move(message), std::move(hint));
    }
    // For problems with a key itself (unknown, misplaced): points at the key, not its value.
    void failAtKey(const std::string& path, std::string message, std::string hint = {}) {
        const auto key = m_map.keyAt(path);
        report(key ? *key : m_map.locate(path), path, std::move(message), std::move(hint));
    }
    std::string lineOf(const std::string& path) const {
        const SourcePosition p = m_map.locate(path);
        return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
    }
    static std::string at(const std::string& path, std::string_view key) {
        return JsonSourceMap::memberPath(path, key);
    }

    // An object whose keys are all in `keys` (unknown keys are reported, and it still counts).
    bool isObject(const Json& v, const std::string& path, Keys keys);
    bool isArray(const Json& v, const std::string& path);
    bool isString(const Json& v, const std::string& path);
    const Json* require(const Json& obj, const std::string& path, std::string_view key);
    // Calls each(element, path) for every element of the array obj[key], if there is one.
    template <typename Each>
    void forEach(const Json& obj, const std::string& path, std::string_view key, Each each);

    std::optional<std::string> readString(const Json& v, const std::string& path,
                                          bool nonEmpty = false);
    std::optional<std::uint64_t> readInteger(const Json& v, const std::string& path,
                                             std::uint64_t min, std::uint64_t max);
    std::optional<double> readProbability(const Json& v, const std::string& path);
    std::optional<SimTime> readDuration(const Json& v, const std::string& path);
    std::optional<Rate> readRate(const Json& v, const std::string& path);
    // One of `choices`; `what` names the kind in messages ("ack mode").
    std::optional<std::string_view> readChoice(const Json& v, const std::string& path,
                                               std::string_view what, Keys choices);
    std::optional<Distribution> readDistribution(const Json& v, const std::string& path);
    std::optional<Distribution> readEmpirical(const Json& v, const std::string& path);
    // A count (exact) or { "min", "max" } of counts, or with `durations` of durations in ns.
    std::optional<Range> readRange(const Json& v, const std::string& path, bool durations);

    std::string m_file;
    JsonSourceMap m_map;
    std::vector<LoadError> m_errors;
};

template <typename Each>
void ValueReader::forEach(const Json& obj, const std::string& path, std::string_view key,
                          Each each) {
    const auto it = obj.find(key);
    if (it == obj.end() || !isArray(*it, at(path, key))) {
        return;
    }
    for (std::size_t i = 0; i < it->size() && !enough(); ++i) {
        each((*it)[i], JsonSourceMap::elementPath(at(path, key), i));
    }
}

} // namespace evsim::loader
