#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

// Virtual time: a whole number of nanoseconds since the start of a run.
// Integer on purpose: equal inputs give equal times on every machine and build.
class SimTime {
public:
    constexpr SimTime() = default;
    static constexpr SimTime fromNanos(std::int64_t ns) { return SimTime(ns); }
    static constexpr SimTime fromMicros(std::int64_t us) { return SimTime(us * 1000); }
    static constexpr SimTime fromMillis(std::int64_t ms) { return SimTime(ms * 1000'000); }
    static constexpr SimTime fromSeconds(std::int64_t s) { return SimTime(s * 1000'000'000); }
    static constexpr SimTime zero() { return SimTime(0); }
    static constexpr SimTime max() { return SimTime(INT64_MAX); }

    constexpr std::int64_t nanos() const { return m_ns; }
    constexpr double seconds() const { return static_cast<double>(m_ns) / 1e9; }

    constexpr auto operator<=>(const SimTime&) const = default;
    // Saturates at max() instead of overflowing: a scenario may legally combine a very long
    // duration with a long delay, and an event at max() simply never fires.
    constexpr SimTime operator+(SimTime o) const {
        std::int64_t sum = 0;
        if (__builtin_add_overflow(m_ns, o.m_ns, &sum)) {
            return o.m_ns > 0 ? max() : SimTime(INT64_MIN);
        }
        return SimTime(sum);
    }
    constexpr SimTime operator-(SimTime o) const { return SimTime(m_ns - o.m_ns); }
    constexpr SimTime& operator+=(SimTime o) { return *this = *this + o; }

private:
    constexpr explicit SimTime(std::int64_t ns) : m_ns(ns) {}
    std::int64_t m_ns = 0;
};

// Parses "250us", "5ms", "1.5s", "2m", "1h", "10ns" and "0". Units: ns, us, ms, s, m, h.
// A bare number other than 0 is rejected: a unit is always required to avoid guessing.
// Returns nullopt on anything else, including negative values and overflow.
std::optional<SimTime> parseDuration(std::string_view text);

// Formats with the largest unit that keeps the value exact, e.g. 1500000ns -> "1.5ms".
// parseDuration(formatDuration(t)) == t for every non-negative t.
std::string formatDuration(SimTime t);

// Formats for people: at most three significant decimals ("1.23s", "850us").
std::string formatDurationShort(SimTime t);

// A rate such as "200/s" or "3/ms" (events per unit of time), kept as the mean gap.
struct Rate {
    double perSecond = 0;
    // Mean time between events, rounded to the nearest nanosecond.
    SimTime gap() const;
};

// Parses "<number>/<unit>" with the units of parseDuration, e.g. "200/s", "0.5/ms".
// Rejects zero, negative and unparsable rates.
std::optional<Rate> parseRate(std::string_view text);
std::string formatRate(Rate r);

} // namespace evsim
