// The app's partition lanes, rebuilt from records alone, agree with the broker's own cursors
// at any time of a run.
#include "harness/session/partition_lanes.h"
#include "simulator/broker/kafka/kafka_broker.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

TEST(PartitionLanes, AgreeWithTheBrokersCursorsThroughARebalance) {
    const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) +
                                         "/scenarios/kafka-consumer-group-rebalance.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Simulation sim(*loaded.value);
    PartitionLanes lanes(*loaded.value, sim.entities());
    ASSERT_EQ(lanes.groups().size(), 1u);
    std::size_t applied = 0;
    bool sawInHand = false;
    bool sawUnowned = false;
    for (const double at : {5.0, 20.0, 25.0, 30.5, 40.0, 90.0}) {
        sim.runUntil(SimTime::fromNanos(static_cast<std::int64_t>(at * 1e9)));
        const auto& records = sim.log().records();
        for (; applied < records.size(); ++applied) {
            lanes.apply(records[applied]);
        }
        const auto& broker = dynamic_cast<const KafkaBroker&>(sim.broker());
        const auto truth = broker.partitionsOf(QueueIndex(0));
        const PartitionLanes::Group& group = lanes.groups()[0];
        ASSERT_EQ(group.lanes.size(), truth.size());
        for (std::size_t p = 0; p < truth.size(); ++p) {
            const auto& lane = group.lanes[p];
            EXPECT_EQ(lane.taken, truth[p].logEnd) << "at " << at << "s, partition " << p;
            EXPECT_EQ(lane.committed, truth[p].committed) << "at " << at << "s, partition " << p;
            EXPECT_EQ(lane.handedOut, truth[p].position) << "at " << at << "s, partition " << p;
            const bool owned = truth[p].owner != GroupCursor::kNobody;
            EXPECT_EQ(lane.owner != kNoEntity, owned) << "at " << at << "s, partition " << p;
            sawInHand = sawInHand || lane.inHand() > 0;
            sawUnowned = sawUnowned || lane.lag() > 100;
        }
    }
    EXPECT_TRUE(sawInHand);
    EXPECT_TRUE(sawUnowned) << "the crashed member's partitions lag before the rebalance";
    EXPECT_EQ(lanes.groups()[0].generation, 2u);
    EXPECT_EQ(lanes.groups()[0].members, 2u);
}

TEST(PartitionLanes, AgreeWithTheBrokersCursorsWhenRetentionDeletesWhatAGroupHadNotRead) {
    // "stuck" is paused from 1 s to 12 s while retention deletes records older than 3 s: it
    // jumps to the log's start, skipping what was deleted unread.
    const auto loaded = parseScenario(R"({
  "name": "retention", "duration": "20s",
  "broker": { "kind": "kafka", "retention_check_interval": "1s",
    "topics": [{ "name": "events", "partitions": 2, "retention": "3s", "segment": "1s" }],
    "groups": [{ "name": "stuck", "topic": "events", "auto_offset_reset": "earliest" }] },
  "services": [
    { "name": "app", "produces": [{ "event": "Click", "topic": "events", "key": "user",
        "keys": 4, "rate": "100/s", "count": 1500 }] },
    { "name": "stuck", "consumes": [{ "group": "stuck",
        "processing": { "dist": "constant", "value": "2ms" } }] } ],
  "timeline": [{ "at": "1s", "pause": { "service": "stuck", "for": "11s" } }] })",
                                      "retention.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Simulation sim(*loaded.value);
    PartitionLanes lanes(*loaded.value, sim.entities());
    std::size_t applied = 0;
    std::uint64_t deleted = 0;
    for (const double at : {0.5, 6.0, 12.0, 12.5, 20.0}) {
        sim.runUntil(SimTime::fromNanos(static_cast<std::int64_t>(at * 1e9)));
        const auto& records = sim.log().records();
        for (; applied < records.size(); ++applied) {
            lanes.apply(records[applied]);
        }
        const auto truth =
            dynamic_cast<const KafkaBroker&>(sim.broker()).partitionsOf(QueueIndex(0));
        deleted = 0;
        for (std::size_t p = 0; p < truth.size(); ++p) {
            const auto& lane = lanes.groups()[0].lanes[p];
            EXPECT_EQ(lane.committed, truth[p].committed) << "at " << at << "s, partition " << p;
            EXPECT_EQ(lane.handedOut, truth[p].position) << "at " << at << "s, partition " << p;
            EXPECT_LE(lane.deleted, truth[p].logStart) << "at " << at << "s, partition " << p;
            deleted += lane.deleted;
        }
    }
    EXPECT_GT(deleted, 500u) << "most of what was written during the pause went unread";
    EXPECT_EQ(deleted, sim.summary().queue("stuck")->dropped);
}

// At each metrics sample: the records so far applied and the sample's offsets taken; each lane
// must show its own partition's and its group's offsets, as the broker's cursors have them.
class SampledLanes final : public MetricsSink {
public:
    SampledLanes(const Scenario& scenario, Simulation& sim)
        : lanes(scenario, sim.entities()), m_sim(sim) {}

    void onSample(const MetricsSample& sample) override {
        const auto& records = m_sim.log().records();
        for (; m_applied < records.size(); ++m_applied) {
            lanes.apply(records[m_applied]);
        }
        lanes.sample(&sample);
        ASSERT_EQ(lanes.sampledAt(), sample.time);
        const auto& broker = dynamic_cast<const KafkaBroker&>(m_sim.broker());
        for (std::uint32_t g = 0; g < lanes.groups().size(); ++g) {
            const auto truth = broker.partitionsOf(QueueIndex(g));
            const PartitionLanes::Group& group = lanes.groups()[g];
            ASSERT_EQ(group.lanes.size(), truth.size());
            for (std::size_t p = 0; p < truth.size(); ++p) {
                const PartitionLanes::Offsets& o = group.lanes[p].offsets;
                const std::string where = group.name + " partition " + std::to_string(p) + " at " +
                                          std::to_string(sample.time.seconds()) + " s";
                EXPECT_EQ(o.log.logStart, truth[p].logStart) << where;
                EXPECT_EQ(o.log.logEnd, truth[p].logEnd) << where;
                if (o.group.reading) {
                    EXPECT_EQ(o.group.committed, truth[p].committed) << where;
                    EXPECT_EQ(o.group.position, truth[p].position) << where;
                }
            }
        }
        ++samples;
    }

    PartitionLanes lanes;
    std::size_t samples = 0;

private:
    Simulation& m_sim;
    std::size_t m_applied = 0;
};

TEST(PartitionLanes, TakeEachLanesOffsetsFromTheMetricsSamples) {
    // Two topics (the groups' slots in a sample follow the partitions of the topics before
    // theirs), retention and compaction; and a read_committed group held back.
    for (const char* file : {"/fixtures/logs/cleanup.json", "/scenarios/kafka-transactions.json"}) {
        SCOPED_TRACE(file);
        const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + file);
        ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
        Simulation sim(*loaded.value);
        SampledLanes sink(*loaded.value, sim);
        {
            const SinkAttachment attached = sim.attach(sink);
            sim.runUntil(loaded.value->duration);
        }
        EXPECT_GT(sink.samples, 9u);
    }
}

TEST(PartitionLanes, ABrokerWithQueuesHasNone) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/hello-pubsub.json");
    ASSERT_TRUE(loaded.ok());
    Simulation sim(*loaded.value);
    EXPECT_TRUE(PartitionLanes(*loaded.value, sim.entities()).groups().empty());
}

} // namespace
} // namespace evsim
