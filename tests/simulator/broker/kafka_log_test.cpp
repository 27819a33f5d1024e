// The partitioned log in a whole run (docs/semantics.md, KAFKA rows): where records land, who
// reads them, what a rebalance moves and what is read again, where a new group starts.
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

// One producer of `count` records keyed "customer-0" to "customer-11" on topic "orders" of 6
// partitions, read by group "billing" (3 instances, each taking `processing`). `extra` is
// added to the top-level object (a timeline, more groups, …).
std::string logScenario(const std::string& group, const std::string& consumer, int count,
                        const std::string& extra = "") {
    return R"({
  "name": "log", "seed": 3, "duration": "60s",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "orders", "partitions": 6 }],
    "groups": [)" +
           group + R"(] },
  "services": [
    { "name": "orders", "produces": [{ "event": "OrderPlaced", "topic": "orders",
        "key": "customer", "keys": 12, "gap": { "dist": "exponential", "mean": "10ms" },
        "count": )" +
           std::to_string(count) + R"( }] },
    { "name": "billing", "instances": 3, "consumes": [)" +
           consumer + R"(] }
  ],
  "network": { "latency": { "dist": "uniform", "min": "1ms", "max": "3ms" } })" +
           extra + "}";
}

const std::string kGroup = R"({ "name": "billing", "topic": "orders", "session_timeout": "10s" })";
const std::string kConsumer =
    R"({ "group": "billing", "processing": { "dist": "constant", "value": "30ms" } })";
// Slower than the records come: each member always has records in hand.
const std::string kBusyConsumer =
    R"({ "group": "billing", "processing": { "dist": "constant", "value": "60ms" } })";
const std::string kCrash =
    R"(, "timeline": [{ "at": "2s", "name": "crash", "crash": { "service": "billing", "instance": 2 } }])";

// The partition each record (by message id) was written to, from the Enqueued records of the
// group `group`.
std::map<std::uint32_t, std::uint16_t> partitionsOf(const Simulation& sim, EntityId group) {
    std::map<std::uint32_t, std::uint16_t> out;
    for (const Record& r : Records(sim).of(RecordKind::Enqueued, group)) {
        out[r.message] = r.attempt;
    }
    return out;
}

TEST(KafkaLog, KAFKA02_ARecordsKeyDecidesItsPartitionAndEachPartitionIsProcessedInLogOrder) {
    // One attempt in ten fails and is retried in place: the partition waits for it.
    const std::string retrying = R"({ "group": "billing", "failure_probability": 0.1,
        "on_failure": "retry", "processing": { "dist": "constant", "value": "30ms" } })";
    Simulation sim(testkit::loadValid(logScenario(kGroup, retrying, 600)));
    sim.run();
    const Records r(sim);
    const EntityId group = r.queue("billing");
    const auto partitions = partitionsOf(sim, group);
    ASSERT_EQ(partitions.size(), 600u);
    // Same key, same partition: keys are given in turn, so message i has key (i - 1) % 12.
    std::map<std::uint32_t, std::set<std::uint16_t>> byKey;
    std::set<std::uint16_t> used;
    for (const auto& [message, partition] : partitions) {
        byKey[(message - 1) % 12].insert(partition);
        used.insert(partition);
    }
    for (const auto& [key, where] : byKey) {
        EXPECT_EQ(where.size(), 1u) << "key customer-" << key << " landed in several partitions";
    }
    EXPECT_GT(used.size(), 3u) << "12 keys spread over the 6 partitions";
    // Within a partition, records are processed in the order they were written.
    std::map<std::uint16_t, std::vector<std::uint32_t>> written;
    for (const Record& e : r.of(RecordKind::Enqueued, group)) {
        written[e.attempt].push_back(e.message);
    }
    std::map<std::uint16_t, std::vector<std::uint32_t>> processed;
    for (const Record& p : r.of(RecordKind::Processed)) {
        processed[partitions.at(p.message)].push_back(p.message);
    }
    EXPECT_EQ(processed, written);
    EXPECT_GT(sim.summary().queue("billing")->requeued, 30u) << "retries happened";
}

TEST(KafkaLog, KAFKA01_RecordsWithoutAKeyStayOnOnePartitionUntilTheirBatchIsFull) {
    // Bodies of 2,008 bytes: the 9th record takes a batch past batch.size (16,384 bytes), and
    // the next record goes to the next partition.
    const std::string body = R"({"p":")" + std::string(2000, 'x') + R"("})";
    ASSERT_EQ(body.size(), 2008u);
    const std::string text = R"({
  "name": "unkeyed", "seed": 1, "duration": "10s",
  "broker": { "kind": "kafka", "topics": [{ "name": "logs", "partitions": 3 }],
              "groups": [{ "name": "archive", "topic": "logs" }] },
  "services": [
    { "name": "app", "produces": [{ "event": "Line", "topic": "logs", "rate": "100/s",
        "count": 60, "body": )" +
                             body +
                             R"( }] },
    { "name": "archive", "consumes": [{ "group": "archive" }] } ] })";
    Simulation sim(testkit::loadValid(text));
    sim.run();
    std::vector<std::uint16_t> partitions;
    for (const Record& r : Records(sim).of(RecordKind::Enqueued)) {
        partitions.push_back(r.attempt);
    }
    ASSERT_EQ(partitions.size(), 60u);
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        EXPECT_EQ(partitions[i], (i / 9) % 3) << "record " << i;
    }
}

TEST(KafkaLog,
     KAFKA04_ACrashedMembersPartitionsWaitForItsSessionTimeoutThenMoveAndItsWorkIsRedone) {
    Simulation sim(testkit::loadValid(logScenario(kGroup, kBusyConsumer, 1000, kCrash)));
    sim.run();
    const Records r(sim);
    const EntityId group = r.queue("billing");
    const EntityId lost = r.consumer("billing#2<-billing");
    const auto partitions = partitionsOf(sim, group);
    const auto lostAt = r.of(RecordKind::MemberLost, lost);
    ASSERT_EQ(lostAt.size(), 1u);
    EXPECT_EQ(lostAt[0].time, SimTime::fromSeconds(12)) << "crash at 2s + a 10s session timeout";
    // Its partitions: revoked from it once the others finished what they held (they rejoin
    // at their next poll), and nobody read them in between.
    std::set<std::uint16_t> its;
    SimTime rebalancedAt;
    for (const Record& a : r.of(RecordKind::PartitionRevoked, lost)) {
        EXPECT_GE(a.time, lostAt[0].time);
        EXPECT_LT(a.time, lostAt[0].time + SimTime::fromMillis(200));
        rebalancedAt = a.time;
        its.insert(a.attempt);
    }
    ASSERT_EQ(its.size(), 2u) << "range gives each of 3 members 2 of 6 partitions";
    for (const Record& d : r.of(RecordKind::Delivered, group)) {
        if (its.contains(partitions.at(d.message)) && d.time > SimTime::fromSeconds(2)) {
            EXPECT_GE(d.time, rebalancedAt) << "msg-" << d.message << " read before the rebalance";
        }
    }
    // The others take them, each resuming at the record it committed last.
    std::uint32_t redone = 0;
    for (const Record& a : r.of(RecordKind::PartitionAssigned, kNoEntity, group)) {
        if (a.time != rebalancedAt || !its.contains(a.attempt)) {
            continue;
        }
        EXPECT_NE(a.entity, lost);
        ASSERT_NE(a.message, 0u) << "records waited in partition " << a.attempt;
        const auto first = r.about(RecordKind::Delivered, a.message);
        ASSERT_FALSE(first.empty());
        EXPECT_EQ(first.back().aux, a.entity) << "the new owner reads from the committed offset";
        redone += first.back().detail == 1 ? 1 : 0;
    }
    EXPECT_GE(redone, 1u) << "what the crashed member had in hand is read again";
    EXPECT_EQ(sim.summary().queue("billing")->acked, 1000u) << "and every record is committed";
}

TEST(KafkaLog, KAFKA03_CooperativeStickyMovesOnlyTheLostMembersPartitionsWhereRangeMovesAll) {
    const auto revokedAfter12s = [](const std::string& assignor) {
        const std::string group =
            R"({ "name": "billing", "topic": "orders", "session_timeout": "10s",
                                       "assignor": ")" +
            assignor + R"(" })";
        Simulation sim(testkit::loadValid(logScenario(group, kConsumer, 1000, kCrash)));
        sim.run();
        std::size_t n = 0;
        for (const Record& rec : Records(sim).of(RecordKind::PartitionRevoked)) {
            n += rec.time >= SimTime::fromSeconds(12) ? 1 : 0;
        }
        return n;
    };
    EXPECT_EQ(revokedAfter12s("range"), 6u) << "eager: every partition is taken back";
    EXPECT_EQ(revokedAfter12s("roundrobin"), 6u);
    EXPECT_EQ(revokedAfter12s("cooperative-sticky"), 2u) << "only the lost member's two";
}

TEST(KafkaLog, KAFKA05_WithAutoCommitARecordInHandWhenTheMemberCrashesIsNotReadAgain) {
    const std::string autoCommit = R"({ "group": "billing", "ack": "auto",
        "processing": { "dist": "constant", "value": "60ms" } })";
    Simulation sim(testkit::loadValid(logScenario(kGroup, autoCommit, 1000, kCrash)));
    sim.run();
    const auto summary = sim.summary();
    EXPECT_EQ(summary.queue("billing")->redelivered, 0u)
        << "committed as read: the next owner starts after it";
    EXPECT_GE(summary.queue("billing")->acked, 1000u);
    EXPECT_LT(summary.consumer("billing").processed, 1000u) << "so the crash lost some";
}

TEST(KafkaLog, KAFKA05_OnAnIntervalAMemberCommitsWhatItProcessedAndACrashReadsThatAgain) {
    // A crash at 2.5 s: with commits every second the crashed member's last half second of
    // work is read again by the partitions' next owners; record by record, only what it held.
    const std::string crash =
        R"(, "timeline": [{ "at": "2500ms", "crash": { "service": "billing", "instance": 2 } }])";
    const std::string interval = R"({ "group": "billing", "auto_commit_interval": "1s",
        "processing": { "dist": "constant", "value": "30ms" } })";
    Simulation sim(testkit::loadValid(logScenario(kGroup, interval, 1000, crash)));
    sim.run();
    const Records r(sim);
    std::set<SimTime> rebalances;
    for (const Record& b : r.of(RecordKind::Rebalanced)) {
        rebalances.insert(b.time);
    }
    std::size_t commits = 0;
    for (const Record& a : r.of(RecordKind::Acked, r.queue("billing"))) {
        // On the interval, or as a partition is revoked at a rebalance.
        EXPECT_TRUE(a.time.nanos() % 1'000'000'000 == 0 || rebalances.contains(a.time))
            << "msg-" << a.message << " committed at " << formatDuration(a.time);
        ++commits;
    }
    EXPECT_EQ(commits, 1000u);
    const RunSummary s = sim.summary();
    const std::uint64_t again = s.consumer("billing").duplicatesProcessed;
    EXPECT_GT(again, 8u) << "what the crashed member processed after its last commit";
    EXPECT_EQ(s.consumer("billing").processed - again, 1000u);
    EXPECT_EQ(s.queue("billing")->acked, 1000u);
    EXPECT_TRUE(s.conservation.balanced());

    Simulation byRecord(testkit::loadValid(logScenario(kGroup, kConsumer, 1000, crash)));
    byRecord.run();
    EXPECT_LE(byRecord.summary().consumer("billing").duplicatesProcessed, 2u)
        << "committed as processed: only what it held is read again";
}

TEST(KafkaLog, KAFKA06_LagIsWhatTheGroupHasNotCommittedAndGrowsWhileAPartitionIsUnread) {
    Simulation sim(testkit::loadValid(logScenario(kGroup, kConsumer, 1000, kCrash)));
    sim.runUntil(SimTime::fromSeconds(11));
    const QueueStats before = *sim.summary().queue("billing");
    EXPECT_GT(before.ready, 100u) << "two partitions unread for 9s";
    EXPECT_EQ(before.ready + before.unacked, before.published - before.acked)
        << "lag = log end - committed, summed over partitions";
    sim.run();
    const QueueStats after = *sim.summary().queue("billing");
    EXPECT_EQ(after.ready + after.unacked, 0u) << "drained once the partitions moved";
    EXPECT_GT(after.maxDepth, before.ready);
}

TEST(KafkaLog, KAFKA07_ANewGroupReadsTheWholeHistoryWithEarliestAndOnlyWhatFollowsWithLatest) {
    const std::string groups =
        kGroup + R"(, { "name": "audit", "topic": "orders", "auto_offset_reset": "earliest" },
                      { "name": "alerts", "topic": "orders" })";
    const std::string late = R"(, "services": [
      { "name": "orders", "produces": [{ "event": "OrderPlaced", "topic": "orders",
          "key": "customer", "keys": 12, "rate": "100/s", "count": 1000 }] },
      { "name": "billing", "consumes": [{ "group": "billing" }] },
      { "name": "audit", "consumes": [{ "group": "audit", "start_at": "5s" }] },
      { "name": "alerts", "consumes": [{ "group": "alerts", "start_at": "5s" }] } ])";
    std::string text = logScenario(groups, kConsumer, 1);
    text = text.substr(0, text.find(R"(,
  "services")")) +
           late + "}";
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const auto s = sim.summary();
    EXPECT_EQ(s.consumer("audit").processed, 1000u) << "earliest: from the log's start";
    const std::uint64_t after = s.consumer("alerts").processed;
    EXPECT_GT(after, 400u);
    EXPECT_LT(after, 600u) << "latest: only what was written from 5s on (100/s for 10s)";
    EXPECT_EQ(s.queue("alerts")->published, after) << "what came before is not its to account for";
}

// 600 keyed records from a producer with confirms (acks=all): its confirms come back after
// 300 ms from 1 s to 3 s, past its 100 ms timeout, so it retries records the log has; and a
// fifth of its sends is lost from 4 s to 5 s, so it retries records the log never got.
std::string retryingProducer(const std::string& idempotent) {
    return R"({
  "name": "producer-retries", "seed": 7, "duration": "30s",
  "broker": { "kind": "kafka", "topics": [{ "name": "orders", "partitions": 6 }],
              "groups": [{ "name": "billing", "topic": "orders" }] },
  "services": [
    { "name": "orders", "produces": [{ "event": "OrderPlaced", "topic": "orders",
        "key": "customer", "keys": 12, "rate": "100/s", "count": 600,
        "confirms": { "timeout": "100ms", "retries": 8, "backoff": { "initial": "50ms" } })" +
           idempotent + R"( }] },
    { "name": "billing", "consumes": [{ "group": "billing" }] } ],
  "timeline": [
    { "at": "1s", "network": { "service": "orders", "direction": "from_broker",
        "latency": { "dist": "constant", "value": "300ms" }, "for": "2s" } },
    { "at": "4s", "network": { "service": "orders", "direction": "to_broker", "loss": 0.2,
        "for": "1s" } } ] })";
}

TEST(KafkaLog, KAFKA08_AnIdempotentProducersRetriesAreWrittenOnceAndWithoutIdempotenceTwice) {
    Simulation once(testkit::loadValid(retryingProducer("")));
    once.run();
    const RunSummary s = once.summary();
    const Records r(once);
    std::uint64_t deduplicated = 0;
    for (const Record& d : r.of(RecordKind::Dropped)) {
        deduplicated += d.detail == static_cast<std::uint8_t>(DropReason::Deduplicated) ? 1 : 0;
    }
    EXPECT_GT(deduplicated, 100u) << "retries of records the log had";
    EXPECT_EQ(s.queue("billing")->published, 600u) << "every event written once";
    EXPECT_EQ(s.consumer("billing").processed, 600u);
    EXPECT_EQ(s.consumer("billing").duplicatesProcessed, 0u);
    EXPECT_EQ(once.losses().total(), 0u) << "lost sends were retried and written";
    EXPECT_TRUE(s.conservation.balanced());

    Simulation twice(testkit::loadValid(retryingProducer(R"(, "idempotent": false)")));
    twice.run();
    const RunSummary t = twice.summary();
    EXPECT_GT(t.queue("billing")->published, 700u) << "a retry of a record the log had is a second";
    EXPECT_GT(t.consumer("billing").duplicatesProcessed, 100u);
    EXPECT_EQ(t.consumer("billing").processed - t.consumer("billing").duplicatesProcessed, 600u);
    EXPECT_TRUE(t.conservation.balanced());
}

TEST(KafkaLog, KAFKA08_ARetryOfARecordWithoutAKeyGoesWhereItsFirstAttemptWent) {
    // Without a key, records of 1 KB fill a batch every 16: the sticky partition moves on
    // between a record's attempts, and its retry must still find the first one.
    std::string text = retryingProducer("");
    const std::string keyed = R"("key": "customer", "keys": 12, )";
    ASSERT_NE(text.find(keyed), std::string::npos);
    text.replace(text.find(keyed), keyed.size(),
                 R"("body": { "note": ")" + std::string(1000, 'x') + R"(" }, )");
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const RunSummary s = sim.summary();
    const Records r(sim);
    std::map<std::uint32_t, std::uint16_t> partitionOfEvent;
    std::set<std::uint16_t> used;
    for (const Record& e : r.of(RecordKind::Enqueued, r.queue("billing"))) {
        partitionOfEvent[sim.messages().findById(e.message)->eventId] = e.attempt;
        used.insert(e.attempt);
    }
    EXPECT_EQ(used.size(), 6u) << "the sticky partition went round";
    std::uint64_t deduplicated = 0;
    for (const Record& d : r.of(RecordKind::Dropped)) {
        deduplicated += d.detail == static_cast<std::uint8_t>(DropReason::Deduplicated) ? 1 : 0;
    }
    EXPECT_GT(deduplicated, 100u);
    EXPECT_EQ(s.queue("billing")->published, 600u) << "every event written once";
    EXPECT_EQ(s.consumer("billing").duplicatesProcessed, 0u);
    EXPECT_EQ(partitionOfEvent.size(), 600u);
}

} // namespace
} // namespace evsim
