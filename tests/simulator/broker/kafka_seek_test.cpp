// A consumer group's offsets moved while it runs (docs/semantics.md, KAFKA07): seeks to the
// earliest or latest offset, to an offset, to a time.
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace evsim {
namespace {

using testkit::Records;

// "orders" writes 100 keyed records a second for 10 s to 3 partitions; group "billing" reads
// them from the start with one consumer taking `processing` per record. `timeline` holds the
// seeks.
std::string seekScenario(const std::string& processing, const std::string& timeline) {
    return R"({
  "name": "seek", "seed": 3, "duration": "40s",
  "broker": { "kind": "kafka", "topics": [{ "name": "orders", "partitions": 3 }],
              "groups": [{ "name": "billing", "topic": "orders" }] },
  "services": [
    { "name": "orders", "produces": [{ "event": "OrderPlaced", "topic": "orders",
        "key": "customer", "keys": 30, "rate": "100/s", "count": 1000 }] },
    { "name": "billing", "consumes": [{ "group": "billing",
        "processing": { "dist": "constant", "value": ")" +
           processing + R"(" } }] } ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } },
  "timeline": [)" +
           timeline + "] }";
}

// Per partition, the group's records in offset order (as it took them on first), with when.
struct PartitionOrder {
    std::map<std::uint16_t, std::vector<std::uint32_t>> offsets; // partition -> messages
    std::map<std::uint32_t, std::uint16_t> partition;
    std::map<std::uint32_t, SimTime> appendedAt;
};

PartitionOrder partitionOrder(const Records& r, EntityId group) {
    PartitionOrder order;
    for (const Record& e : r.of(RecordKind::Enqueued, group)) {
        if (order.partition.emplace(e.message, e.attempt).second) {
            order.offsets[e.attempt].push_back(e.message);
            order.appendedAt[e.message] = e.time;
        }
    }
    return order;
}

std::vector<Record> deliveredFrom(const Records& r, EntityId group, SimTime from) {
    std::vector<Record> out;
    for (const Record& d : r.of(RecordKind::Delivered, group)) {
        if (d.time >= from) {
            out.push_back(d);
        }
    }
    return out;
}

TEST(KafkaSeek, KAFKA07_SeekingToEarliestReadsEveryCommittedRecordAgainInOrder) {
    Simulation sim(testkit::loadValid(seekScenario(
        "1ms", R"({ "at": "5s", "seek": { "group": "billing", "to": "earliest" } })")));
    sim.run();
    const Records r(sim);
    const EntityId billing = r.queue("billing");
    const PartitionOrder order = partitionOrder(r, billing);
    // What was written before the seek is taken on a second time, at the seek.
    std::size_t before = 0;
    for (const auto& [message, at] : order.appendedAt) {
        before += at < SimTime::fromSeconds(5) ? 1 : 0;
    }
    EXPECT_GT(before, 450u);
    EXPECT_LT(before, 550u);
    const auto s = sim.summary();
    EXPECT_EQ(s.queue("billing")->published, 1000u + before);
    EXPECT_EQ(s.queue("billing")->acked, 1000u + before) << "every copy committed in the end";
    EXPECT_EQ(s.consumer("billing").duplicatesProcessed, before);
    EXPECT_EQ(s.queue("billing")->redelivered, before);
    EXPECT_TRUE(s.conservation.balanced());
    // Each partition is read again from its first offset, in order, as a redelivery.
    for (const auto& [p, messages] : order.offsets) {
        std::vector<std::uint32_t> again;
        for (const Record& d : deliveredFrom(r, billing, SimTime::fromSeconds(5))) {
            if (order.partition.at(d.message) == p && d.attempt > 1) {
                again.push_back(d.message);
            }
        }
        ASSERT_FALSE(again.empty()) << "partition " << p;
        const std::vector<std::uint32_t> first(messages.begin(),
                                               messages.begin() + static_cast<long>(again.size()));
        EXPECT_EQ(again, first) << "partition " << p << " from offset 0, in order";
    }
    // The seek is on the record: one per partition, naming the record read next.
    const auto seeked = r.of(RecordKind::Seeked, billing);
    ASSERT_EQ(seeked.size(), 3u);
    for (const Record& k : seeked) {
        EXPECT_EQ(k.message, order.offsets.at(k.attempt).front());
    }
}

TEST(KafkaSeek, KAFKA07_SeekingToLatestSkipsTheBacklogAsALossOfTheSeek) {
    // 20 ms a record against 10 ms between them: billing falls behind, then jumps to the end.
    Simulation sim(testkit::loadValid(seekScenario(
        "20ms",
        R"({ "at": "5s", "name": "jump", "seek": { "group": "billing", "to": "latest" } })")));
    sim.run();
    const Records r(sim);
    const EntityId billing = r.queue("billing");
    std::set<std::uint32_t> skipped;
    for (const Record& d : r.of(RecordKind::Dropped, billing)) {
        ASSERT_EQ(d.detail, static_cast<std::uint8_t>(DropReason::Skipped));
        EXPECT_EQ(d.time, SimTime::fromSeconds(5));
        skipped.insert(d.message);
    }
    EXPECT_GT(skipped.size(), 200u) << "half of 5 s of records was still unread";
    // Nothing skipped is read after the seek; everything written after it is.
    for (const Record& d :
         deliveredFrom(r, billing, SimTime::fromSeconds(5) + SimTime::fromMillis(1))) {
        EXPECT_FALSE(skipped.contains(d.message)) << "msg-" << d.message;
    }
    const auto s = sim.summary();
    EXPECT_EQ(s.queue("billing")->dropped, skipped.size());
    EXPECT_EQ(s.consumer("billing").processed + skipped.size(), 1000u)
        << "each record processed once or skipped: those in hand at the seek are processed and "
           "committed";
    EXPECT_EQ(sim.losses()[DropReason::Skipped].count, skipped.size());
    EXPECT_TRUE(s.conservation.balanced());
}

TEST(KafkaSeek, KAFKA07_SeekingToAnOffsetMovesOnlyThePartitionNamedAndClampsToTheLog) {
    Simulation sim(testkit::loadValid(seekScenario(
        "1ms", R"({ "at": "5s", "seek": { "group": "billing", "partition": 1, "offset": 10 } },
                  { "at": "6s", "seek": { "group": "billing", "partition": 2, "offset": 100000 } })")));
    sim.run();
    const Records r(sim);
    const EntityId billing = r.queue("billing");
    const PartitionOrder order = partitionOrder(r, billing);
    std::map<std::uint16_t, std::vector<std::uint32_t>> again;
    for (const Record& d : r.of(RecordKind::Delivered, billing)) {
        if (d.attempt > 1) {
            again[order.partition.at(d.message)].push_back(d.message);
        }
    }
    ASSERT_EQ(again.size(), 1u) << "only partition 1 reads anything twice";
    const std::vector<std::uint32_t>& p1 = order.offsets.at(1);
    ASSERT_GT(p1.size(), 10u);
    EXPECT_EQ(again.at(1).front(), p1[10]) << "from offset 10";
    EXPECT_EQ(again.at(1).size(),
              static_cast<std::size_t>(std::count_if(p1.begin(), p1.end(),
                                                     [&](std::uint32_t m) {
                                                         return order.appendedAt.at(m) <
                                                                SimTime::fromSeconds(5);
                                                     })) -
                  10);
    // Past the log's end: at its end, which partition 2 had reached; nothing skipped, nothing
    // read twice.
    const auto seeked = r.of(RecordKind::Seeked, billing);
    ASSERT_EQ(seeked.size(), 2u);
    EXPECT_EQ(seeked[1].attempt, 2);
    EXPECT_EQ(seeked[1].message, 0u) << "at the log's end";
    EXPECT_EQ(sim.summary().queue("billing")->dropped, 0u);
}

TEST(KafkaSeek, KAFKA07_SeekingToATimeReadsFromTheFirstRecordWrittenThenOrLater) {
    Simulation sim(testkit::loadValid(
        seekScenario("1ms", R"({ "at": "8s", "seek": { "group": "billing", "time": "3s" } })")));
    sim.run();
    const Records r(sim);
    const EntityId billing = r.queue("billing");
    const PartitionOrder order = partitionOrder(r, billing);
    std::map<std::uint16_t, std::uint32_t> firstAgain;
    std::size_t readAgain = 0;
    for (const Record& d : r.of(RecordKind::Delivered, billing)) {
        if (d.attempt > 1) {
            firstAgain.emplace(order.partition.at(d.message), d.message);
            ++readAgain;
            EXPECT_GE(order.appendedAt.at(d.message), SimTime::fromSeconds(3));
            EXPECT_LT(order.appendedAt.at(d.message), SimTime::fromSeconds(8));
        }
    }
    ASSERT_EQ(firstAgain.size(), 3u);
    for (const auto& [p, message] : firstAgain) {
        const std::vector<std::uint32_t>& offsets = order.offsets.at(p);
        const auto at = std::find(offsets.begin(), offsets.end(), message);
        ASSERT_NE(at, offsets.begin());
        EXPECT_LT(order.appendedAt.at(*(at - 1)), SimTime::fromSeconds(3))
            << "the record before it was written before 3 s: partition " << p;
    }
    EXPECT_GT(readAgain, 450u) << "5 s of records";
    EXPECT_LT(readAgain, 550u);
}

TEST(KafkaSeek, KAFKA07_ARecordInHandAtASeekIsReadAgainNotCommittedByItsLateSettle) {
    // 300 ms a record: at the seek the consumer holds one, whose commit comes after the seek.
    Simulation sim(testkit::loadValid(seekScenario(
        "300ms", R"({ "at": "1s", "seek": { "group": "billing", "to": "earliest" } })")));
    sim.run();
    const Records r(sim);
    const EntityId billing = r.queue("billing");
    const auto requeued = r.of(RecordKind::Requeued, billing);
    ASSERT_FALSE(requeued.empty()) << "the records in hand go back";
    for (const Record& q : requeued) {
        EXPECT_EQ(q.time, SimTime::fromSeconds(1));
        // Its settle after the seek commits nothing: it is committed once, when read again.
        const auto acked = r.about(RecordKind::Acked, q.message);
        ASSERT_EQ(acked.size(), 1u) << "msg-" << q.message;
        const auto delivered = r.about(RecordKind::Delivered, q.message);
        ASSERT_EQ(delivered.size(), 2u) << "msg-" << q.message;
        EXPECT_GT(acked[0].time, delivered[1].time) << "committed after its second delivery";
    }
    EXPECT_EQ(sim.summary().consumer("billing").duplicatesProcessed,
              sim.summary().queue("billing")->redelivered)
        << "what was read again had been processed: the records in hand too";
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

TEST(KafkaSeek, KAFKA07_ASeekDuringARebalancesWaitLetsTheRebalanceGoOn) {
    // Billing#0 crashes at 1 s; its session ends at 3 s and the group waits for billing#1 to
    // finish the record it holds (2 s each). The seek back at 3.5 s takes that record back: the
    // rebalance has nothing left to wait for.
    const std::string text = R"({
  "name": "seek-join", "seed": 3, "duration": "20s",
  "broker": { "kind": "kafka", "topics": [{ "name": "orders", "partitions": 2 }],
              "groups": [{ "name": "billing", "topic": "orders", "session_timeout": "2s" }] },
  "services": [
    { "name": "orders", "produces": [{ "event": "OrderPlaced", "topic": "orders",
        "key": "customer", "keys": 30, "rate": "10/s", "count": 100 }] },
    { "name": "billing", "instances": 2, "consumes": [{ "group": "billing",
        "processing": { "dist": "constant", "value": "2s" } }] } ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } },
  "timeline": [
    { "at": "1s", "crash": { "service": "billing", "instance": 0 } },
    { "at": "3500ms", "seek": { "group": "billing", "to": "earliest" } } ] })";
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const Records r(sim);
    const auto rebalances = r.of(RecordKind::Rebalanced, r.queue("billing"));
    ASSERT_GE(rebalances.size(), 2u);
    EXPECT_EQ(rebalances[1].time, SimTime::fromMillis(3500))
        << "the rebalance after the crash goes on at the seek, not at max.poll.interval.ms";
}

TEST(KafkaSeek, KAFKA07_AReadCommittedGroupPassesAbortedRecordsWithoutCountingThemLost) {
    // Transactions of 5, every second aborted and sent again; audit reads read_committed and
    // falls behind, then jumps to the latest offset.
    const std::string text = R"({
  "name": "seek-aborted", "seed": 3, "duration": "20s",
  "broker": { "kind": "kafka", "topics": [{ "name": "ledger", "partitions": 2 }],
              "groups": [{ "name": "audit", "topic": "ledger", "isolation": "read_committed" }] },
  "services": [
    { "name": "payments", "produces": [{ "event": "PaymentBooked", "topic": "ledger",
        "key": "account", "keys": 8, "rate": "100/s", "count": 600,
        "transaction": { "records": 5, "abort_every": 2 } }] },
    { "name": "audit", "consumes": [{ "group": "audit",
        "processing": { "dist": "constant", "value": "30ms" } }] } ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } },
  "timeline": [{ "at": "4s", "seek": { "group": "audit", "to": "latest" } }] })";
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const Records r(sim);
    std::size_t skipped = 0;
    std::size_t aborted = 0;
    for (const Record& d : r.of(RecordKind::Dropped, r.queue("audit"))) {
        if (d.time != SimTime::fromSeconds(4)) {
            continue;
        }
        skipped += d.detail == static_cast<std::uint8_t>(DropReason::Skipped) ? 1 : 0;
        aborted += d.detail == static_cast<std::uint8_t>(DropReason::Aborted) ? 1 : 0;
    }
    EXPECT_GT(skipped, 50u);
    EXPECT_GT(aborted, 50u) << "aborted records passed by the seek are dropped as aborted";
    EXPECT_EQ(sim.losses()[DropReason::Aborted].count, 0u) << "their events were sent again";
    EXPECT_EQ(sim.losses()[DropReason::Skipped].count, skipped);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

} // namespace
} // namespace evsim
