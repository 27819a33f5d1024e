#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/loader/json_document.h"
#include "simulator/scenario/loader/limits.h"
#include "simulator/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// Typed values out of JSON values, for the section readers.

namespace evsim::loader {

using Keys = std::span<const std::string_view>;

// Reads typed values out of a parsed document. Each read reports what is wrong through the
// context, as a located error, and returns nullopt (or false, or nullptr), so that callers go
// on and one pass finds every independent mistake. Holds only a reference to the context.
class ValueReader {
public:
    explicit ValueReader(LoadContext& context) : m_context(context) {}

    LoadContext& context() const { return m_context; }

    // An object whose keys are all in `keys` (unknown keys are reported, and it still counts).
    bool isObject(const Json& v, const std::string& path, Keys keys) const;
    bool isArray(const Json& v, const std::string& path) const;
    bool isString(const Json& v, const std::string& path) const;
    // obj[key], or nullptr after reporting it missing.
    const Json* require(const Json& obj, const std::string& path, std::string_view key) const;
    // Calls each(element, path) for every element of the array obj[key], if there is one, until
    // the context has enough errors.
    template <typename Each>
    void forEach(const Json& obj, const std::string& path, std::string_view key, Each each) const;
    // The same for an array with a limit on its length: past it, reports the limit and calls
    // `each` for the first limit.max elements only. False when the array is over its limit.
    template <typename Each>
    bool forEach(const Json& obj, const std::string& path, std::string_view key, const Limit& limit,
                 Each each) const;
    // Whether the array `v` at `path` has at most limit.max elements; reports it when not.
    bool withinLimit(const Json& v, const std::string& path, const Limit& limit) const;

    std::optional<std::string> readString(const Json& v, const std::string& path,
                                          bool nonEmpty = false) const;
    // An integer in [min, max]; 2.0 counts as an integer, "2" does not.
    std::optional<std::uint64_t> readInteger(const Json& v, const std::string& path,
                                             std::uint64_t min, std::uint64_t max) const;
    // The same up to limit.max, where a larger value is a LimitExceeded error.
    std::optional<std::uint64_t> readInteger(const Json& v, const std::string& path,
                                             std::uint64_t min, const Limit& limit) const;
    std::optional<double> readProbability(const Json& v, const std::string& path) const;
    std::optional<SimTime> readDuration(const Json& v, const std::string& path) const;
    // At most kMaxRatePerSecond.
    std::optional<Rate> readRate(const Json& v, const std::string& path) const;
    // Any JSON value, as compact JSON text of at most kMaxBodyBytes.
    std::optional<std::string> readBody(const Json& v, const std::string& path) const;
    // One of `choices`; `what` names the kind in messages ("ack mode").
    std::optional<std::string_view> readChoice(const Json& v, const std::string& path,
                                               std::string_view what, Keys choices) const;
    // A count (exact) or { "min", "max" } of counts, or with `durations` of durations in ns.
    std::optional<Range> readRange(const Json& v, const std::string& path, bool durations) const;

private:
    std::optional<std::uint64_t> readInteger(const Json& v, const std::string& path,
                                             std::uint64_t min, std::uint64_t max,
                                             const Limit* limit) const;

    LoadContext& m_context;
};

template <typename Each>
void ValueReader::forEach(const Json& obj, const std::string& path, std::string_view key,
                          Each each) const {
    const auto it = obj.find(key);
    const std::string arrayPath = at(path, key);
    if (it == obj.end() || !isArray(*it, arrayPath)) {
        return;
    }
    for (std::size_t i = 0; i < it->size() && !m_context.enough(); ++i) {
        each((*it)[i], JsonSourceMap::elementPath(arrayPath, i));
    }
}

template <typename Each>
bool ValueReader::forEach(const Json& obj, const std::string& path, std::string_view key,
                          const Limit& limit, Each each) const {
    const auto it = obj.find(key);
    const std::string arrayPath = at(path, key);
    if (it == obj.end() || !isArray(*it, arrayPath)) {
        return true;
    }
    const bool within = withinLimit(*it, arrayPath, limit);
    const std::size_t n = within ? it->size() : static_cast<std::size_t>(limit.max);
    for (std::size_t i = 0; i < n && !m_context.enough(); ++i) {
        each((*it)[i], JsonSourceMap::elementPath(arrayPath, i));
    }
    return within;
}

} // namespace evsim::loader
