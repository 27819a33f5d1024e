// A partitioned log's offsets in every metrics sample (KAFKA06): what `--metrics` writes and
// the app's Partitions view draws, read from the broker as it is at the sample.
#include "simulator/broker/kafka/kafka_broker.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

// A log with retention and compaction, paused groups and one that never reads (see the file).
const char* const kCleanup = "/fixtures/logs/cleanup.json";

// Checks each sample against the broker's own cursors and books (the holes compaction left
// among them), and notes what the run showed.
class OffsetsCheck final : public MetricsSink {
public:
    OffsetsCheck(const Scenario& scenario, Simulation& sim) : m_scenario(scenario), m_sim(sim) {}

    void onSample(const MetricsSample& sample) override {
        m_sim.checkInvariants(); // counts the holes of every partition again
        const auto& broker = dynamic_cast<const KafkaBroker&>(m_sim.broker());
        const KafkaSpec& kafka = m_scenario.broker.kafka;
        std::size_t cursor = 0; // by group, then partition of its topic
        for (std::uint32_t g = 0; g < kafka.groups.size(); ++g) {
            std::size_t first = 0; // the group's topic's first partition: by topic, then partition
            for (std::size_t t = 0; kafka.topics[t].name != kafka.groups[g].topic; ++t) {
                first += kafka.topics[t].partitions;
            }
            const auto truth = broker.partitionsOf(QueueIndex(g));
            SimTime longestWait; // of the group's partitions: its time lag
            for (std::size_t p = 0; p < truth.size(); ++p, ++cursor) {
                ASSERT_LT(cursor, sample.groupPartitions.size());
                ASSERT_LT(first + p, sample.partitions.size());
                const PartitionSample& log = sample.partitions[first + p];
                const GroupPartitionSample& at = sample.groupPartitions[cursor];
                const std::string where = kafka.groups[g].name + " partition " + std::to_string(p) +
                                          " at " + std::to_string(sample.time.seconds()) + " s";
                EXPECT_EQ(log.logStart, truth[p].logStart) << where;
                EXPECT_EQ(log.logEnd, truth[p].logEnd) << where;
                EXPECT_LE(log.lastStable, log.logEnd) << where;
                EXPECT_LE(log.compacted, log.logEnd - log.logStart) << where;
                EXPECT_LE(log.cleanedTo, log.logEnd) << where;
                EXPECT_GE(log.cleanedTo, log.logStart) << where;
                if (at.reading) {
                    EXPECT_EQ(at.committed, truth[p].committed) << where;
                    EXPECT_EQ(at.position, truth[p].position) << where;
                    EXPECT_EQ(at.lag, truth[p].logEnd - truth[p].committed) << where;
                    if (kafka.groups[g].readCommitted) {
                        EXPECT_LE(at.position, log.lastStable) << where;
                    }
                }
                EXPECT_EQ(at.reading, kafka.groups[g].name != "unread") << where;
                longestWait = std::max(longestWait, at.timeLag);
            }
            const QueueGauge gauge = broker.gauge(QueueIndex(g));
            EXPECT_EQ(longestWait,
                      gauge.ready > 0 ? sample.time - gauge.oldestReadySince : SimTime::zero())
                << kafka.groups[g].name << " at " << sample.time.seconds() << " s";
            timeLagged = timeLagged || longestWait > SimTime::fromSeconds(1);
        }
        EXPECT_EQ(cursor, sample.groupPartitions.size());
        for (const PartitionSample& s : sample.partitions) {
            deleted = std::max(deleted, s.logStart);
            compacted = std::max(compacted, s.compacted);
            heldBack = heldBack || s.lastStable < s.logEnd;
        }
        ++samples;
    }

    std::uint64_t deleted = 0;   // the highest log start seen
    std::uint64_t compacted = 0; // the most holes seen in a partition
    bool heldBack = false;       // a partition's last stable offset was before its end
    bool timeLagged = false;     // a group's next record had waited over a second
    std::size_t samples = 0;

private:
    const Scenario& m_scenario;
    Simulation& m_sim;
};

TEST(KafkaOffsetsSample, KAFKA06_EachSampleGivesEveryPartitionsOffsetsHolesAndLag) {
    const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + kCleanup);
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    const Scenario& scenario = *loaded.value;
    Simulation sim(scenario);
    OffsetsCheck check(scenario, sim);
    {
        const SinkAttachment attached = sim.attach(check);
        sim.runUntil(scenario.duration);
    }
    EXPECT_EQ(check.samples, 40u);
    EXPECT_GT(check.deleted, 500u) << "retention moved a log's start";
    EXPECT_GT(check.compacted, 100u) << "compaction left holes";
    EXPECT_FALSE(check.heldBack) << "no transaction holds a partition back";
    EXPECT_TRUE(check.timeLagged) << "the paused groups' records waited";
}

TEST(KafkaOffsetsSample, KAFKA06_EachSampleGivesTheLastStableOffsetAReadCommittedGroupStopsAt) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/kafka-transactions.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Simulation sim(*loaded.value);
    OffsetsCheck check(*loaded.value, sim);
    {
        const SinkAttachment attached = sim.attach(check);
        sim.runUntil(loaded.value->duration);
    }
    EXPECT_GT(check.samples, 0u);
    EXPECT_TRUE(check.heldBack) << "an open transaction holds back what was written after it";
    EXPECT_EQ(check.compacted, 0u);
}

} // namespace
} // namespace evsim
