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

// One partition of a log at one sample (KAFKA06, KAFKA10, KAFKA11): its offsets.
struct PartitionSample {
    std::uint64_t logStart = 0;   // the first offset retention left
    std::uint64_t logEnd = 0;     // the offset the next record written gets
    std::uint64_t lastStable = 0; // read_committed groups read no further (KAFKA09)
    std::uint64_t cleanedTo = 0;  // compaction has gone over the offsets below (its holes)
    std::uint64_t compacted = 0;  // offsets from logStart to logEnd whose record it removed
};

// A consumer group's place in one partition at one sample (KAFKA05, KAFKA06).
struct GroupPartitionSample {
    std::uint64_t committed = 0; // where the partition's next owner resumes
    std::uint64_t position = 0;  // the next offset handed out
    std::uint64_t lag = 0;       // records not committed up to the log's end
    SimTime timeLag;             // how long its next record to hand out has waited; 0: none
    bool reading = false;        // the group has offsets: a member has asked to read
};

// Everything measured at one instant, in the order of the broker's queues and the network's
// links; a partitioned log's partitions by topic then partition, and its groups' places by
// group then partition of its topic (a broker of queues has none).
struct MetricsSample {
    SimTime time;
    std::vector<QueueSample> queues;
    std::vector<LinkSample> links;
    std::vector<PartitionSample> partitions;
    std::vector<GroupPartitionSample> groupPartitions;
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
