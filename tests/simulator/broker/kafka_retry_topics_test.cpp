// Non-blocking retries on a partitioned log, as teams build them on Kafka: a record that fails
// is committed and written again to a retry topic, with its key, to be read after a back-off;
// after its last attempt it goes to a dead-letter topic. The main partition does not wait.
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <tuple>

namespace evsim {
namespace {

using testkit::Records;

// "orders" carries OrderPlaced (keys customer-0..11) and 12 BadOrder records (keys bad-0..11)
// that billing always fails. billing reads orders through group "billing" and the retry topic
// through "billing-retry"; both retry through "orders-retry" (back-off 1 s, then 2 s) and give
// up to "orders-dlt" after 3 attempts, where group "ops" reads.
const char* const kRetryTopics = R"({
  "name": "retry-topics", "seed": 5, "duration": "60s",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "orders", "partitions": 6 }, { "name": "orders-retry", "partitions": 6 },
               { "name": "orders-dlt", "partitions": 1 }],
    "groups": [{ "name": "billing", "topic": "orders" },
               { "name": "billing-retry", "topic": "orders-retry" },
               { "name": "ops", "topic": "orders-dlt" }] },
  "services": [
    { "name": "shop", "produces": [
        { "event": "OrderPlaced", "topic": "orders", "key": "customer", "keys": 12,
          "gap": { "dist": "constant", "value": "10ms" }, "count": 600 },
        { "event": "BadOrder", "topic": "orders", "key": "bad", "keys": 12,
          "gap": { "dist": "constant", "value": "400ms" }, "count": 12 }] },
    { "name": "billing", "instances": 2, "consumes": [
        { "group": "billing", "processing": { "dist": "constant", "value": "5ms" },
          "poison": [{ "event": "BadOrder" }],
          "retry": { "attempts": 3, "via": "orders-retry",
                     "backoff": { "initial": "1s", "multiplier": 2 }, "give_up": "orders-dlt" } },
        { "group": "billing-retry", "processing": { "dist": "constant", "value": "5ms" },
          "poison": [{ "event": "BadOrder" }],
          "retry": { "attempts": 3, "via": "orders-retry",
                     "backoff": { "initial": "1s", "multiplier": 2 }, "give_up": "orders-dlt" } }] },
    { "name": "ops", "consumes": [{ "group": "ops" }] }
  ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } } })";

TEST(KafkaRetryTopics, KAFKA02_ARetryTopicKeepsTheKeyWaitsItsBackoffAndTheMainPartitionMovesOn) {
    const auto loaded = testkit::load(kRetryTopics);
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Simulation sim(*loaded.value);
    sim.run();
    const Records r(sim);
    const EntityId main = r.queue("billing");
    const EntityId retry = r.queue("billing-retry");
    // Where each record was written, by message id.
    std::map<std::uint32_t, std::uint16_t> partitionOf;
    std::map<std::uint32_t, SimTime> writtenAt;
    for (const Record& e : r.of(RecordKind::Enqueued)) {
        partitionOf[e.message] = e.attempt;
        writtenAt[e.message] = e.time;
    }
    int retried = 0;
    int waitedBehind = 0;
    std::map<std::uint16_t, SimTime> lastRead; // by retry partition
    for (const Record& e : r.of(RecordKind::Enqueued, retry)) {
        const Message m = *sim.messages().findById(e.message);
        const Message original = *sim.messages().findById(m.parent);
        // The same key, so the same partition of a topic as wide.
        EXPECT_EQ(m.routingKey, original.routingKey);
        EXPECT_EQ(e.attempt, partitionOf.at(m.parent)) << "msg-" << e.message;
        // Read no sooner than its back-off after it was written (1 s after the first failure,
        // 2 s after the second), and then at once, unless a record before it in its partition
        // was due later: a partition is read in order, so it waits behind that one.
        const SimTime due = e.time + SimTime::fromSeconds(m.retries == 1 ? 1 : 2);
        const auto delivered = r.about(RecordKind::Delivered, e.message);
        ASSERT_EQ(delivered.size(), 1u) << "msg-" << e.message;
        const SimTime read = delivered[0].time;
        EXPECT_GE(read.nanos(), due.nanos()) << "msg-" << e.message;
        const SimTime ready = std::max(due, lastRead[e.attempt]);
        EXPECT_LT(read.nanos(), (ready + SimTime::fromMillis(20)).nanos())
            << "msg-" << e.message << ": read as soon as it is due and its partition free";
        waitedBehind += ready > due ? 1 : 0;
        lastRead[e.attempt] = read;
        ++retried;
    }
    EXPECT_GT(waitedBehind, 0) << "a 1 s retry written behind a 2 s one waits for it";
    EXPECT_EQ(retried, 24) << "each BadOrder is retried twice";
    const RunSummary s = sim.summary();
    EXPECT_EQ(s.queue("ops")->published, 12u) << "each BadOrder ends in the dead-letter topic";
    EXPECT_EQ(s.queue("billing")->acked, 612u) << "the main group commits past failures";
    // Non-blocking: records written after a failed one in its partition are processed before
    // its retry is.
    int overtaken = 0;
    for (const Record& f : r.of(RecordKind::Failed)) {
        if (f.aux != main) {
            continue;
        }
        for (const Record& p : r.of(RecordKind::Processed, kNoEntity, main)) {
            if (partitionOf.at(p.message) == partitionOf.at(f.message) &&
                writtenAt.at(p.message) > writtenAt.at(f.message) &&
                p.time < f.time + SimTime::fromSeconds(1)) {
                ++overtaken;
                break;
            }
        }
    }
    EXPECT_EQ(overtaken, 12) << "every failure's partition moved on without it";
    EXPECT_TRUE(s.conservation.balanced());
}

// The same, with a retry topic per back-off delay, as Spring Kafka makes for an exponential
// back-off: the first retry goes to "orders-retry-1s", the second to "orders-retry-2s".
const char* const kRetryTopicPerDelay = R"({
  "name": "retry-topic-per-delay", "seed": 5, "duration": "60s",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "orders", "partitions": 6 },
               { "name": "orders-retry-1s", "partitions": 6 },
               { "name": "orders-retry-2s", "partitions": 6 },
               { "name": "orders-dlt", "partitions": 1 }],
    "groups": [{ "name": "billing", "topic": "orders" },
               { "name": "billing-retry-1s", "topic": "orders-retry-1s" },
               { "name": "billing-retry-2s", "topic": "orders-retry-2s" },
               { "name": "ops", "topic": "orders-dlt" }] },
  "services": [
    { "name": "shop", "produces": [
        { "event": "OrderPlaced", "topic": "orders", "key": "customer", "keys": 12,
          "gap": { "dist": "constant", "value": "10ms" }, "count": 600 },
        { "event": "BadOrder", "topic": "orders", "key": "bad", "keys": 12,
          "gap": { "dist": "constant", "value": "400ms" }, "count": 12 }] },
    { "name": "billing", "instances": 2, "consumes": [
        { "group": "billing", "processing": { "dist": "constant", "value": "5ms" },
          "poison": [{ "event": "BadOrder" }],
          "retry": { "attempts": 3, "via": ["orders-retry-1s", "orders-retry-2s"],
                     "backoff": { "initial": "1s", "multiplier": 2 }, "give_up": "orders-dlt" } },
        { "group": "billing-retry-1s", "processing": { "dist": "constant", "value": "5ms" },
          "poison": [{ "event": "BadOrder" }],
          "retry": { "attempts": 3, "via": ["orders-retry-1s", "orders-retry-2s"],
                     "backoff": { "initial": "1s", "multiplier": 2 }, "give_up": "orders-dlt" } },
        { "group": "billing-retry-2s", "processing": { "dist": "constant", "value": "5ms" },
          "poison": [{ "event": "BadOrder" }],
          "retry": { "attempts": 3, "via": ["orders-retry-1s", "orders-retry-2s"],
                     "backoff": { "initial": "1s", "multiplier": 2 }, "give_up": "orders-dlt" } }] },
    { "name": "ops", "consumes": [{ "group": "ops" }] }
  ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } } })";

TEST(KafkaRetryTopics, KAFKA02_WithARetryTopicPerDelayNoRetryWaitsBehindALongerOne) {
    Simulation sim(testkit::loadValid(kRetryTopicPerDelay));
    sim.run();
    const Records r(sim);
    int retried = 0;
    for (const auto& [group, retries, delay] :
         {std::tuple{"billing-retry-1s", 1, 1}, std::tuple{"billing-retry-2s", 2, 2}}) {
        for (const Record& e : r.of(RecordKind::Enqueued, r.queue(group))) {
            const Message m = *sim.messages().findById(e.message);
            EXPECT_EQ(m.retries, retries) << group << ": msg-" << e.message;
            // Every record of a topic waits as long: none is due after the one behind it.
            const SimTime due = e.time + SimTime::fromSeconds(delay);
            const auto delivered = r.about(RecordKind::Delivered, e.message);
            ASSERT_EQ(delivered.size(), 1u) << "msg-" << e.message;
            EXPECT_GE(delivered[0].time.nanos(), due.nanos()) << "msg-" << e.message;
            EXPECT_LT(delivered[0].time.nanos(), (due + SimTime::fromMillis(20)).nanos())
                << "msg-" << e.message << " waited behind another";
            ++retried;
        }
    }
    EXPECT_EQ(retried, 24) << "each BadOrder is retried once through each topic";
    EXPECT_EQ(sim.summary().queue("ops")->published, 12u);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

} // namespace
} // namespace evsim
