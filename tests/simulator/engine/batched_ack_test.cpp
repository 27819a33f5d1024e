// Batched acknowledgements (AMQP21): a consumer with `ack_every` acks with basic.ack
// multiple=true, one ack for the batch. Until that ack is sent the batch stays unacknowledged
// at the broker, and a crash sends it round again; a batch that does not fill is sent once
// nothing else waits; a failure is nacked on its own at once.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>
#include <map>

namespace evsim {
namespace {

using testkit::ms;
using testkit::Records;

// One worker, 10 ms a message, prefetch 10, acking every `ackEvery`; `count` messages
// published by hand at 100 ms, all at once. Hops take 1 ms.
Scenario batchScenario(std::uint32_t ackEvery, std::uint32_t count) {
    Scenario s = testkit::workScenario(1, ms(10), 10, ms(1));
    s.services[0].consumes[0].ackEvery = ackEvery;
    for (std::uint32_t i = 0; i < count; ++i) {
        s.timeline.push_back(testkit::publishAt(ms(100)));
    }
    return s;
}

// How many acks the broker took at each instant.
std::map<SimTime, std::size_t> acksByTime(const Simulation& sim) {
    std::map<SimTime, std::size_t> out;
    for (const Record& r : Records(sim).of(RecordKind::Acked)) {
        ++out[r.time];
    }
    return out;
}

TEST(BatchedAcks, AMQP21_OneAckSettlesEveryDeliveryOfItsBatch) {
    Simulation sim(batchScenario(5, 10));
    sim.run();
    const std::map<SimTime, std::size_t> acks = acksByTime(sim);
    // Ten processed back to back: two acks of five, each settling its batch at once.
    ASSERT_EQ(acks.size(), 2u);
    for (const auto& [at, n] : acks) {
        EXPECT_EQ(n, 5u) << "at " << formatDuration(at);
    }
    // Each ack is sent as the fifth message of its batch is processed, one hop before.
    const auto processed = Records(sim).of(RecordKind::Processed);
    ASSERT_EQ(processed.size(), 10u);
    EXPECT_EQ(acks.begin()->first, processed[4].time + ms(1));
    EXPECT_EQ(acks.rbegin()->first, processed[9].time + ms(1));

    Simulation single(batchScenario(1, 10));
    single.run();
    EXPECT_EQ(acksByTime(single).size(), 10u) << "without ack_every each is acked on its own";
}

TEST(BatchedAcks, AMQP21_ACrashBeforeTheBatchIsSentRedeliversWhatItProcessed) {
    // The worker crashes after processing three of a batch of five: the broker still holds
    // them unacknowledged, so it requeues them and they are processed again.
    Scenario s = batchScenario(5, 10);
    s.timeline.emplace_back(ms(135), Crash{testkit::instanceOf("worker", 0), ms(100)});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    std::map<std::uint32_t, int> processings;
    for (const Record& p : r.of(RecordKind::Processed)) {
        ++processings[p.message];
    }
    ASSERT_EQ(processings.size(), 10u) << "every message processed in the end";
    int twice = 0;
    for (const auto& [message, n] : processings) {
        twice += n > 1 ? 1 : 0;
    }
    EXPECT_EQ(twice, 3) << "the three whose ack waited for its batch";
    EXPECT_EQ(r.of(RecordKind::Acked).size(), 10u);

    Scenario one = batchScenario(1, 10);
    one.timeline.emplace_back(ms(135), Crash{testkit::instanceOf("worker", 0), ms(100)});
    Simulation acked(one);
    acked.run();
    EXPECT_EQ(Records(acked).of(RecordKind::Processed).size(), 10u)
        << "acked one by one, nothing is processed twice";
}

TEST(BatchedAcks, AMQP21_ABatchThatDoesNotFillIsSentWhenNothingElseWaits) {
    Simulation sim(batchScenario(50, 7));
    sim.run();
    const std::map<SimTime, std::size_t> acks = acksByTime(sim);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks.begin()->second, 7u) << "sent after the last one, with nothing left";
    const RunSummary s = sim.summary();
    EXPECT_EQ(s.conservation.held, 0u) << "nothing left unacknowledged";
}

TEST(BatchedAcks, AMQP21_AFailureIsNackedOnItsOwnAtOnce) {
    Scenario s = batchScenario(5, 10);
    s.services[0].consumes[0].failureProbability = 1;
    s.services[0].consumes[0].onFailure = FailureAction::Reject;
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto failed = r.of(RecordKind::Failed);
    const auto dropped = r.of(RecordKind::Dropped, r.queue("work"));
    ASSERT_EQ(failed.size(), 10u);
    ASSERT_EQ(dropped.size(), 10u);
    for (std::size_t i = 0; i < failed.size(); ++i) {
        EXPECT_EQ(dropped[i].time, failed[i].time + ms(1)) << "rejected one hop after it failed";
    }
}

} // namespace
} // namespace evsim
