#include "simulator/scenario/alert_rule.h"

namespace evsim {
namespace {

// 3600000000000 -> "3,600,000,000,000": a limit is read at a glance.
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

} // namespace

std::string tooManySamples(SimTime length, SimTime interval) {
    const std::uint64_t samples = metricsSamples(length, interval);
    if (samples <= kMaxMetricsSamples) {
        return "";
    }
    // The shortest interval that gives at most the limit: length / limit, rounded up.
    const auto limit = static_cast<std::int64_t>(kMaxMetricsSamples);
    const SimTime shortest =
        SimTime::fromNanos(length.nanos() / limit + (length.nanos() % limit != 0 ? 1 : 0));
    return "a run of " + formatDuration(length) + " sampled every " + formatDuration(interval) +
           " takes " + grouped(samples) + " metrics samples, more than the " +
           grouped(kMaxMetricsSamples) + " one run may take; sample every " +
           formatDuration(shortest) + " or more";
}

} // namespace evsim
