#pragma once

#include "kernel/sim_time.h"

#include <string>

namespace evsim {

// How often the run samples its metrics (queue depths, rates, latency percentiles), and so
// how often alert rules are evaluated.
struct MetricsSpec {
    SimTime interval = SimTime::fromSeconds(1);
};

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
