#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <vector>

namespace evsim {

// One queue at one metrics sample. Rates are per second of virtual time over the interval
// that ended at the sample; latency is end to end (publish to processed) of the messages
// processed in that interval.
struct QueueSample {
    std::uint64_t ready = 0;
    std::uint64_t unacked = 0;
    std::uint32_t consumers = 0; // consumers whose channel is open
    double publishRate = 0;      // copies entering the queue
    double deliverRate = 0;
    double ackRate = 0;
    double redeliverRate = 0;
    std::uint64_t deadLettered = 0; // in all, so far
    SimTime oldestAge;              // of the oldest ready message; 0 when none is ready
    SimTime latencyP50;             // 0 when nothing was processed in the interval
    SimTime latencyP99;
    std::uint64_t processed = 0; // in the interval
};

// One link direction (a service to the broker, or back) at one sample.
struct LinkSample {
    std::uint64_t inFlight = 0; // messages on the wire
};

// Everything measured at one instant, in the order of the broker's queues and the network's
// links.
struct MetricsSample {
    SimTime time;
    std::vector<QueueSample> queues;
    std::vector<LinkSample> links;
};

// Receives every metrics sample of a run as it is taken, like a RecordSink does records:
// what `evsim run --metrics` and the desktop app's charts are built on. Called from inside the
// simulation's step; it must not change the simulation.
class MetricsSink {
public:
    virtual void onSample(const MetricsSample& sample) = 0;

protected:
    ~MetricsSink() = default;
};

} // namespace evsim
