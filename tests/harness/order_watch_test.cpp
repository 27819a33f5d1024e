// The order expectations (INV03): a group's per-partition order and a service's per-key
// order, followed record by record as the run goes, and the first break named.
#include "harness/run/order_watch.h"
#include "harness/run/runner.h"
#include "simulator/scenario/scenario_loader.h"
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>
#include <map>
#include <string>

namespace evsim {
namespace {

Scenario bundled(const std::string& name) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    return loaded.ok() ? *loaded.value : Scenario{};
}

Expectation order(const std::string& subject, const std::string& metric, bool broken) {
    Expectation e;
    e.kind = Expectation::Kind::Order;
    e.subject = subject;
    e.metric = metric;
    e.orderBroken = broken;
    e.jsonPath = "$.expect[9]";
    return e;
}

const ExpectationResult& last(const RunOutcome& outcome) {
    return outcome.expectations.back();
}

TEST(OrderWatch, INV03_RetryTopicsBreakAKeysOrderAndTheFirstBreakIsNamedEvenWithoutRecords) {
    Scenario s = bundled("kafka-ordering-retry-topics");
    s.expectations = {order("ledger", "key_order", true)};
    RunOptions streaming;
    streaming.keepRecords = false;
    const RunOutcome outcome = runScenario(s, streaming);
    ASSERT_TRUE(last(outcome).passed) << describe(last(outcome));
    const std::string said = describe(last(outcome));
    EXPECT_NE(said.find("saw broken "), std::string::npos) << said;

    // The same run with its records: the break it names is real. The late event was written
    // to the main topic before the overtaking one, both carry the key named, and the late one
    // was processed (its retry's copy) at the time named, after the other.
    s.expectations = {order("ledger", "key_order", true)};
    const RunOutcome kept = runScenario(s);
    ASSERT_EQ(describe(last(kept)), said) << "the watch sees the same with or without records";
    const Simulation& sim = *kept.simulation;
    const testkit::Records r(sim);
    const EntityId main = r.queue("ledger");
    std::map<std::uint32_t, SimTime> writtenAt;
    for (const Record& e : r.of(RecordKind::Enqueued, main)) {
        writtenAt[e.message] = e.time;
    }
    // "… first at 2.47s: key "account-18": evt-41 (msg-42) processed after evt-262 (msg-262)"
    const auto number = [&](const std::string& prefix, std::size_t from) {
        const std::size_t at = said.find(prefix, from);
        EXPECT_NE(at, std::string::npos) << said;
        return static_cast<std::uint32_t>(std::stoul(said.substr(at + prefix.size())));
    };
    const std::uint32_t lateEvent = number("evt-", 0);
    const std::uint32_t lateCopy = number("(msg-", 0);
    const std::uint32_t overtaker = number("evt-", said.find("processed after"));
    ASSERT_LT(writtenAt.at(lateEvent), writtenAt.at(overtaker));
    const Message late = *sim.messages().findById(lateCopy);
    EXPECT_EQ(late.eventId, lateEvent);
    EXPECT_GT(late.retries, 0u) << "the late one came back through the retry topic";
    EXPECT_EQ(late.routingKey, sim.messages().findById(overtaker)->routingKey);
    const auto processedLate = r.about(RecordKind::Processed, lateCopy);
    const auto processedOvertaker = r.about(RecordKind::Processed, overtaker);
    ASSERT_EQ(processedLate.size(), 1u);
    ASSERT_EQ(processedOvertaker.size(), 1u);
    EXPECT_LT(processedOvertaker[0].time, processedLate[0].time);
    EXPECT_NE(said.find("first at " + formatDurationShort(processedLate[0].time)),
              std::string::npos)
        << said;
}

TEST(OrderWatch, INV03_PartitionOrderHoldsWithRetryTopicsAndKeyOrderWithRetriesInPlace) {
    // Retry topics keep each partition in order: only the order across topics breaks.
    Scenario topics = bundled("kafka-ordering-retry-topics");
    topics.expectations = {order("ledger", "partition_order", false),
                           order("ledger-retry", "partition_order", false)};
    const RunOutcome byTopics = runScenario(topics);
    for (const ExpectationResult& e : byTopics.expectations) {
        EXPECT_TRUE(e.passed) << describe(e);
    }
    // Retries in place keep a key's order: the partition waits. Asserting a break fails, and
    // says how many records held it.
    Scenario inPlace = bundled("kafka-ordering-per-key");
    inPlace.expectations = {order("ledger", "key_order", false),
                            order("ledger", "key_order", true)};
    const RunOutcome held = runScenario(inPlace);
    EXPECT_TRUE(held.expectations[0].passed) << describe(held.expectations[0]);
    EXPECT_FALSE(held.expectations[1].passed);
    EXPECT_NE(describe(held.expectations[1]).find("expected broken, saw held over 3000 records"),
              std::string::npos)
        << describe(held.expectations[1]);
}

TEST(OrderWatch, INV03_ARecordProcessedAgainIsARepeatNotABreakButOneProcessedLateIs) {
    // The watch fed records by hand: a partition's record processed a second time (its commit
    // was lost, and the partition's next owner read it again) is a repeat, not a first
    // processing that came late.
    Scenario s = bundled("kafka-consumer-group-rebalance");
    s.expectations = {order("billing", "partition_order", false)};
    Simulation sim(s);
    OrderWatch watch(s, sim);
    const testkit::Records r(sim);
    const EntityId group = r.queue("billing");
    const EntityId member = r.consumer("billing#0<-billing");
    const auto feed = [&](RecordKind kind, std::uint32_t message, std::uint16_t partition,
                          std::int64_t ms) {
        const bool enqueued = kind == RecordKind::Enqueued;
        watch.onRecord(Record{SimTime::fromMillis(ms), message, enqueued ? group : member,
                              enqueued ? 0 : group, kind, 0, partition},
                       nullptr);
    };
    feed(RecordKind::Enqueued, 1, 0, 1);
    feed(RecordKind::Enqueued, 2, 0, 2);
    feed(RecordKind::Processed, 1, 0, 3);
    feed(RecordKind::Processed, 2, 0, 4);
    feed(RecordKind::Processed, 2, 0, 5); // read again by the next owner
    feed(RecordKind::Processed, 1, 0, 6);
    const OrderReport& held = *watch.report(0);
    EXPECT_EQ(held.checked, 2u);
    EXPECT_EQ(held.breaks, 0u);
    // Partition 1: record 4 is processed before record 3, written before it.
    feed(RecordKind::Enqueued, 3, 1, 7);
    feed(RecordKind::Enqueued, 4, 1, 8);
    feed(RecordKind::Processed, 4, 1, 9);
    feed(RecordKind::Processed, 3, 1, 10);
    const OrderReport& broken = *watch.report(0);
    ASSERT_EQ(broken.breaks, 1u);
    EXPECT_EQ(describeOrder(broken), "broken 1 time, first at 10ms: partition 1: msg-3 processed "
                                     "after msg-4, which was written after it");

    // A whole run where billing#0 crashes and its partitions move: held over every record.
    const RunOutcome outcome = runScenario(s);
    EXPECT_GT(outcome.summary.queue("billing")->redelivered, 0u);
    EXPECT_EQ(describe(last(outcome)),
              "group billing partition order: expected held, saw held over 4000 records");
}

} // namespace
} // namespace evsim
