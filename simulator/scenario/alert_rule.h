#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <string>

namespace evsim {

// How often the run samples its metrics (queue depths, rates, latency percentiles), and so
// how often alert rules are evaluated.
struct MetricsSpec {
    SimTime interval = SimTime::fromSeconds(1);
};

// The most metrics samples one run may take: each is an event, a row of `evsim run
// --metrics`, and a sample the desktop app keeps for its charts.
inline constexpr std::uint64_t kMaxMetricsSamples = 10'000'000;

// The samples a run of `length` takes at `interval` (> 0).
inline std::uint64_t metricsSamples(SimTime length, SimTime interval) {
    return static_cast<std::uint64_t>(length.nanos() / interval.nanos());
}

// Why a run of `length` may not sample at `interval`, in words that name both and the
// shortest interval that fits ("a run of 1h sampled every 1ns takes 3,600,000,000,000
// samples; …"); "" when it may.
std::string tooManySamples(SimTime length, SimTime interval);

// A rule like the ones teams put on a broker's metrics. It is evaluated at every metrics
// sample; once its condition has held for `forDuration` it is raised, and once the condition
// no longer holds it is resolved. Both are records, with the value that crossed.
struct AlertRule {
    enum class Condition {
        DepthAbove,            // ready + unacked > threshold
        NotEmpty,              // ready + unacked > 0 (a dead-letter queue that filled)
        NoConsumer,            // no consumer attached and able to take messages
        OldestMessageAgeAbove, // the oldest ready message waited > threshold (ns)
        PublishRateBelow,      // messages entering the queue per second < threshold
        LatencyAbove, // end-to-end latency percentile over the last interval > threshold (ns)
    };
    std::string name;
    std::string queue;
    Condition condition = Condition::DepthAbove;
    double threshold = 0;
    double percentile = 99; // LatencyAbove only
    SimTime forDuration;
};

} // namespace evsim
