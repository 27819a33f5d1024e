// Retention on a partitioned log (KAFKA10): segments deleted by age or by size, never the one
// being written, and a group that had not read them jumping as its auto_offset_reset says.
#include "simulator/broker/kafka/kafka_broker.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

using testkit::Records;

// One partition of "events" written at 100/s for 30 s (100-byte records): offset o at
// 15ms + o * 10ms, never on a whole second, when retention (topic keys `retention`) is
// checked. "live" reads as records come; "stuck-early" and
// "stuck-late" (earliest and latest) are paused from 2 s to 20 s.
std::string retentionScenario(const std::string& retention) {
    return R"({
  "name": "retention", "seed": 2, "duration": "40s",
  "broker": { "kind": "kafka", "retention_check_interval": "1s",
    "topics": [{ "name": "events", "partitions": 1, )" +
           retention + R"( }],
    "groups": [{ "name": "live", "topic": "events" },
               { "name": "stuck-early", "topic": "events", "auto_offset_reset": "earliest" },
               { "name": "stuck-late", "topic": "events" }] },
  "services": [
    { "name": "app", "produces": [{ "event": "Click", "topic": "events", "key": "user",
        "rate": "100/s", "start": "5ms", "count": 3000, "body": { "pad": ")" +
           std::string(90, 'x') + R"(" } }] },
    { "name": "live", "consumes": [{ "group": "live" }] },
    { "name": "stuck-early", "consumes": [{ "group": "stuck-early",
        "processing": { "dist": "constant", "value": "1ms" } }] },
    { "name": "stuck-late", "consumes": [{ "group": "stuck-late",
        "processing": { "dist": "constant", "value": "1ms" } }] } ],
  "timeline": [
    { "at": "2s", "pause": { "service": "stuck-early", "for": "18s" } },
    { "at": "2s", "pause": { "service": "stuck-late", "for": "18s" } } ] })";
}

const KafkaBroker& logOf(const Simulation& sim) {
    return dynamic_cast<const KafkaBroker&>(sim.broker());
}

std::uint64_t retentionDrops(const Simulation& sim, EntityId group) {
    std::uint64_t n = 0;
    for (const Record& r : Records(sim).of(RecordKind::Dropped, group)) {
        n += r.detail == static_cast<std::uint8_t>(DropReason::Retention) ? 1 : 0;
    }
    return n;
}

TEST(KafkaRetention, KAFKA10_ByTimeWholeSegmentsGoAndAGroupBehindJumpsByItsOffsetReset) {
    Simulation sim(
        testkit::load(retentionScenario(R"("retention": "5s", "segment": "4s")")).value.value());
    const EntityId live = Records(sim).queue("live");
    sim.runUntil(SimTime::fromSeconds(15));
    // Segments of 4 s: offsets 0, 400, 800 and 1200 start them (at 15ms, 4.015s, 8.015s,
    // 12.015s). The second's newest record is from 8.005s, 5 s old by 15 s: it is deleted.
    // The third's is from 12.005s: it stays, though its first record is older than 5 s.
    const auto view = logOf(sim).partitionsOf(*logOf(sim).queueIndex("live")).at(0);
    EXPECT_EQ(view.logStart, 800u);
    EXPECT_EQ(view.logEnd, 1499u);
    // The paused groups fell behind retention at the first checks: earliest jumped to the
    // log's start, latest to its end, skipping what was left as well.
    const auto early15 = logOf(sim).partitionsOf(*logOf(sim).queueIndex("stuck-early")).at(0);
    const auto late15 = logOf(sim).partitionsOf(*logOf(sim).queueIndex("stuck-late")).at(0);
    EXPECT_EQ(early15.committed, view.logStart) << "earliest: at the log's start";
    EXPECT_GT(late15.committed, view.logStart) << "latest: at the end when it last jumped";
    EXPECT_GT(sim.summary().queue("stuck-late")->dropped,
              sim.summary().queue("stuck-early")->dropped);
    sim.run();
    const RunSummary s = sim.summary();
    // The live group read everything before it went.
    EXPECT_EQ(s.queue("live")->acked, 3000u);
    EXPECT_EQ(retentionDrops(sim, live), 0u);
    // The paused groups fell behind retention. earliest jumps to the log's start: it loses
    // what was deleted; latest jumps to the end: it loses what was left too.
    const QueueStats& early = *s.queue("stuck-early");
    const QueueStats& late = *s.queue("stuck-late");
    const EntityId earlyId = Records(sim).queue("stuck-early");
    const EntityId lateId = Records(sim).queue("stuck-late");
    EXPECT_GT(early.dropped, 1000u);
    EXPECT_EQ(retentionDrops(sim, earlyId), early.dropped);
    EXPECT_EQ(retentionDrops(sim, lateId), late.dropped);
    for (const QueueStats* q : {&early, &late}) {
        EXPECT_EQ(q->published, q->acked + q->dropped + q->ready + q->unacked) << q->name;
        EXPECT_EQ(q->ready + q->unacked, 0u) << q->name << " caught up after its pause";
    }
    EXPECT_TRUE(s.conservation.balanced());
    EXPECT_EQ(sim.losses().total(), early.dropped + late.dropped)
        << "records deleted unread are lost to their group";
}

TEST(KafkaRetention, KAFKA10_BySizeThePartitionKeepsRetentionBytesAndTheActiveSegment) {
    Simulation sim(
        testkit::load(retentionScenario(R"("retention_bytes": 20000, "segment_bytes": 5000)"))
            .value.value());
    // Just after the check at 25 s.
    sim.runUntil(SimTime::fromSeconds(25) + SimTime::fromMillis(1));
    const auto view = logOf(sim).partitionsOf(*logOf(sim).queueIndex("live")).at(0);
    // 100-byte records: 50 to a segment. A segment goes while the rest still holds 20,000
    // bytes, so 20,000 to 24,999 are left.
    EXPECT_GE(view.bytes, 20000u);
    EXPECT_LT(view.bytes, 25000u);
    EXPECT_EQ(view.bytes, (view.logEnd - view.logStart) * 100);
    EXPECT_EQ(view.logStart % 50, 0u) << "whole segments go";
}

TEST(KafkaRetention, KAFKA10_WithoutRetentionATopicKeepsEverything) {
    Simulation sim(testkit::load(retentionScenario(R"("segment": "1s")")).value.value());
    sim.run();
    const auto view = logOf(sim).partitionsOf(*logOf(sim).queueIndex("live")).at(0);
    EXPECT_EQ(view.logStart, 0u);
    EXPECT_EQ(sim.summary().queue("stuck-early")->dropped, 0u);
}

} // namespace
} // namespace evsim
