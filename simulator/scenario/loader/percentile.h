#pragma once

#include <optional>
#include <string_view>

// Percentile keys, as latency expectations and alerts write them: "p50", "p99", "p99.9".

namespace evsim::loader {

// "p99.9" -> 99.9; nullopt unless "p" and a number above 0 and up to 100.
std::optional<double> percentileOf(std::string_view key);

// The hint for a key that is not one.
inline constexpr std::string_view kPercentileHint =
    "write \"p\" and a number above 0 and up to 100: \"p50\", \"p99\", \"p99.9\"";

} // namespace evsim::loader
