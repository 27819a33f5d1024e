#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/loader/limits.h"
#include "simulator/scenario/loader/value_reader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The optional members of one object, read into the fields of the model.

namespace evsim::loader {

// Reads members of the object `object` at `path` into model fields that already hold their
// defaults. Each method looks `key` up: when it is absent, `out` keeps its default and the
// result is true; when it is present and valid, `out` takes its value and the result is true;
// otherwise the error is reported (located at the member's value), `out` keeps its default and
// the result is false. Holds references to the reader and the object: both must outlive it.
class MemberReader {
public:
    MemberReader(const ValueReader& values, const Json& object, std::string path)
        : m_values(values), m_object(object), m_path(std::move(path)) {}

    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const { return at(m_path, key); }
    // The member's value, or nullptr when the object has no such member.
    const Json* find(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }

    bool boolean(std::string_view key, bool& out) const;
    bool string(std::string_view key, std::string& out, bool nonEmpty = false) const;
    // A duration ≥ 0.
    bool duration(std::string_view key, SimTime& out) const;
    bool duration(std::string_view key, std::optional<SimTime>& out) const;
    // A duration > 0 (an OutOfRange error for 0).
    bool positiveDuration(std::string_view key, SimTime& out) const;
    bool positiveDuration(std::string_view key, std::optional<SimTime>& out) const;
    bool probability(std::string_view key, double& out) const;
    // An integer from `min` up to limit.max, past which it is a LimitExceeded error.
    bool integer(std::string_view key, std::uint32_t& out, std::uint32_t min,
                 const Limit& limit) const;
    // A number ≥ min, or > min when `exclusive`; past `limit` (when given) a LimitExceeded
    // error.
    bool number(std::string_view key, double& out, double min, bool exclusive,
                const Limit* limit = nullptr) const;

private:
    template <typename T, typename Read> bool read(std::string_view key, T& out, Read r) const;

    const ValueReader& m_values;
    const Json& m_object;
    std::string m_path;
};

// A JSON true or false; anything else is a WrongType error.
std::optional<bool> readBoolean(const ValueReader& values, const Json& v, const std::string& path);

// A duration > 0; 0 is an OutOfRange error.
std::optional<SimTime> readPositiveDuration(const ValueReader& values, const Json& v,
                                            const std::string& path);

} // namespace evsim::loader
