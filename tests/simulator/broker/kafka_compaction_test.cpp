// Compaction on a partitioned log (KAFKA11): the last record of each key is kept, tombstones go
// after delete.retention.ms, the segment being written is left alone, and offsets never change.
#include "simulator/broker/kafka/kafka_broker.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace evsim {
namespace {

using testkit::Records;

// A compacted topic of one partition, segments of 2 s, tombstones kept 5 s, cleaned every
// second. "accounts" writes 500 records over 10 s, keys account-0 to account-9 in turn;
// "legacy" writes old-1 three times from 1 s, then its tombstone at 2 s. "live" reads as they
// come; "early" (earliest) starts at 5.5 s, "replay" (earliest) at 20 s.
const char* const kCompacted = R"({
  "name": "compacted", "seed": 4, "duration": "30s",
  "broker": { "kind": "kafka", "retention_check_interval": "1s",
    "topics": [{ "name": "balances", "cleanup_policy": "compact", "segment": "2s",
                 "delete_retention": "5s" }],
    "groups": [{ "name": "live", "topic": "balances" },
               { "name": "early", "topic": "balances", "auto_offset_reset": "earliest" },
               { "name": "replay", "topic": "balances", "auto_offset_reset": "earliest" }] },
  "services": [
    { "name": "accounts", "produces": [{ "event": "Balance", "topic": "balances",
        "key": "account", "keys": 10, "rate": "50/s", "count": 500 }] },
    { "name": "legacy", "produces": [
        { "event": "Balance", "topic": "balances", "key": "old-1", "start": "900ms",
          "rate": "10/s", "count": 3 },
        { "event": "Balance", "topic": "balances", "key": "old-1", "start": "1s",
          "rate": "1/s", "count": 1, "body": null }] },
    { "name": "live", "consumes": [{ "group": "live" }] },
    { "name": "early", "consumes": [{ "group": "early", "start_at": "5500ms" }] },
    { "name": "replay", "consumes": [{ "group": "replay", "start_at": "20s" }] } ] })";

struct Written {
    std::uint32_t message = 0;
    SimTime at;
    std::string key;
    bool tombstone = false;
};

TEST(KafkaCompaction, KAFKA11_TheLastRecordOfEachKeyStaysOffsetsKeepAndTombstonesGoLater) {
    const auto loaded = testkit::load(kCompacted);
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Simulation sim(*loaded.value);
    sim.run();
    const Records r(sim);
    // The log as written, in offset order (what "live" took on).
    std::vector<Written> log;
    for (const Record& e : r.of(RecordKind::Enqueued, r.queue("live"))) {
        const Message m = *sim.messages().findById(e.message);
        log.push_back(
            Written{e.message, e.time, sim.strings()[m.routingKey], sim.bodyOf(m) == "null"});
    }
    ASSERT_EQ(log.size(), 504u);
    // Segments of 2 s: a record starts a new one when the current one is 2 s old.
    std::size_t active = 0;
    for (std::size_t o = 1; o < log.size(); ++o) {
        if (log[o].at - log[active].at >= SimTime::fromSeconds(2)) {
            active = o;
        }
    }
    ASSERT_GT(active, 300u);
    // What compaction leaves for a group reading from the start at 20 s: in the segments no
    // longer written, each key's last record (old-1's is a tombstone, 5 s old by then: gone);
    // the segment being written, whole.
    std::map<std::string, std::size_t> lastOf;
    for (std::size_t o = 0; o < active; ++o) {
        lastOf[log[o].key] = o;
    }
    std::vector<std::uint32_t> expected;
    for (std::size_t o = 0; o < log.size(); ++o) {
        const bool kept = o >= active || (lastOf[log[o].key] == o && !log[o].tombstone);
        if (kept) {
            expected.push_back(log[o].message);
        }
    }
    ASSERT_EQ(expected.size(), 10 + (log.size() - active));
    const auto processedBy = [&](const char* group) {
        std::vector<std::uint32_t> out;
        for (const Record& p : r.of(RecordKind::Processed, kNoEntity, r.queue(group))) {
            out.push_back(p.message);
        }
        return out;
    };
    EXPECT_EQ(processedBy("replay"), expected) << "the last of each key, in offset order";
    EXPECT_EQ(processedBy("live").size(), 504u) << "a group reading as records come sees all";

    // At 5.5 s old-1's older records are gone but its tombstone is not: "early" reads it.
    std::size_t tombstones = 0;
    std::size_t oldValues = 0;
    for (const std::uint32_t id : processedBy("early")) {
        const Message m = *sim.messages().findById(id);
        if (sim.strings()[m.routingKey] == "old-1") {
            (sim.bodyOf(m) == "null" ? tombstones : oldValues) += 1;
        }
    }
    EXPECT_EQ(tombstones, 1u);
    EXPECT_EQ(oldValues, 0u);

    // Offsets never change: the replay committed through the log's end, passing the holes.
    const auto& broker = dynamic_cast<const KafkaBroker&>(sim.broker());
    const auto view = broker.partitionsOf(*broker.queueIndex("replay")).at(0);
    EXPECT_EQ(view.logEnd, 504u);
    EXPECT_EQ(view.committed, 504u);
    const RunSummary s = sim.summary();
    EXPECT_EQ(s.queue("replay")->dropped, 504u - expected.size()) << "passed over, compacted";
    EXPECT_EQ(sim.losses().total(), 0u) << "compaction is not a loss";
    EXPECT_TRUE(s.conservation.balanced());
}

TEST(KafkaCompaction, KAFKA11_ACompactedTopicRefusesRecordsWithoutAKeyForGood) {
    // "legacy" writes without a key, with confirms and retries: Kafka's INVALID_RECORD is not
    // retriable, so each record is refused once, lost, and given up at once.
    std::string text = kCompacted;
    const std::string keyed = R"("key": "old-1", "start": "900ms",
          "rate": "10/s", "count": 3 })";
    ASSERT_NE(text.find(keyed), std::string::npos);
    text.replace(text.find(keyed), keyed.size(),
                 R"("start": "900ms", "rate": "10/s", "count": 3,
          "confirms": { "timeout": "1s", "retries": 5 } })");
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const Records r(sim);
    const EntityId legacy = r.producer("legacy#0/Balance");
    std::size_t published = 0;
    for (const Record& p : r.of(RecordKind::Published, legacy)) {
        EXPECT_EQ(p.detail, 0) << "msg-" << p.message << " is a retry";
        ++published;
    }
    EXPECT_EQ(published, 3u);
    std::size_t refused = 0;
    for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, "balances"))) {
        refused += d.detail == static_cast<std::uint8_t>(DropReason::NoKey) ? 1 : 0;
    }
    EXPECT_EQ(refused, 3u);
    EXPECT_EQ(sim.losses()[DropReason::NoKey].count, 3u);
    EXPECT_EQ(sim.summary().producer("legacy").gaveUp, 3u);
    EXPECT_EQ(sim.summary().queue("live")->published, 501u) << "the keyed records are written";
}

} // namespace
} // namespace evsim
