// When consumers subscribe and unsubscribe, on the whole engine (docs/semantics.md AMQP19): a
// cancel for a while, and a consumer that starts late.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::instanceOf;
using testkit::ms;
using testkit::Records;

// "early" consumes from the start and is cancelled from 1 s to 3 s; "late" starts at 2 s.
// A message every 10 ms for 5 s.
Scenario twoConsumers() {
    Scenario s = testkit::workScenario(1, ms(5), 5, ms(1));
    s.services[0].name = "early";
    ServiceSpec late = testkit::service("late");
    late.consumes.push_back(testkit::consumerOf("work", ms(5), 5));
    late.consumes.back().startAt = SimTime::fromSeconds(2);
    s.services.push_back(late);
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(500, ms(10)));
    s.services.push_back(producer);
    s.timeline.push_back(
        {SimTime::fromSeconds(1), Cancel{instanceOf("early", 0), "work", SimTime::fromSeconds(2)}});
    return s;
}

// When each consumer was sent a delivery, first and last.
std::pair<SimTime, SimTime> deliveredSpan(const Records& r, std::string_view consumer, SimTime from,
                                          SimTime to) {
    std::pair span{SimTime::max(), SimTime::zero()};
    for (const Record& d : r.of(RecordKind::Delivered, kNoEntity, r.consumer(consumer))) {
        if (d.time >= from && d.time < to) {
            span.first = std::min(span.first, d.time);
            span.second = std::max(span.second, d.time);
        }
    }
    return span;
}

TEST(Faults, AMQP19_ACancelledConsumerIsSentNothingUntilItConsumesAgain) {
    Simulation sim(twoConsumers());
    sim.run();
    const Records r(sim);
    const SimTime s1 = SimTime::fromSeconds(1);
    const SimTime s3 = SimTime::fromSeconds(3);
    // Deliveries sent before the cancel may still be on their way at 1 s; nothing after.
    EXPECT_EQ(deliveredSpan(r, "early#0<-work", s1 + ms(1), s3).first, SimTime::max())
        << "a cancelled consumer was sent a delivery";
    EXPECT_NE(deliveredSpan(r, "early#0<-work", s3, SimTime::max()).first, SimTime::max())
        << "it did not consume again when the cancel ended";
    EXPECT_EQ(r.of(RecordKind::Acked).size(), 500u) << "every message acked";
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

TEST(Faults, AMQP19_AConsumerThatStartsLateIsSentNothingBefore) {
    Simulation sim(twoConsumers());
    sim.run();
    const Records r(sim);
    const auto [first, last] = deliveredSpan(r, "late#0<-work", SimTime::zero(), SimTime::max());
    EXPECT_EQ(first, SimTime::fromSeconds(2)) << "the backlog of the cancel waits for it";
    EXPECT_GT(last, SimTime::fromSeconds(3));
    // Its waiting is shown as a fault that ends when it starts.
    const auto started = r.of(RecordKind::FaultStarted, r.consumer("late#0<-work"));
    const auto ended = r.of(RecordKind::FaultEnded, r.consumer("late#0<-work"));
    ASSERT_EQ(started.size(), 1u);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(started[0].time, SimTime::zero());
    EXPECT_EQ(ended[0].time, SimTime::fromSeconds(2));
    EXPECT_EQ(static_cast<FaultKind>(ended[0].detail), FaultKind::NotConsuming);
}

} // namespace
} // namespace evsim
