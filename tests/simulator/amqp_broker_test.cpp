#include "engine/simulation.h"
#include "test_scenarios.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testing::consumerOf;
using testing::publishTo;
using testing::service;

Scenario twoQueues(ExchangeType type) {
    Scenario s;
    s.name = "routing";
    s.broker.exchanges.push_back({"x", type});
    s.broker.queues.push_back({"qa"});
    s.broker.queues.push_back({"qb"});
    s.broker.bindings.push_back({"x", "qa", "a"});
    s.broker.bindings.push_back({"x", "qb", "b"});
    return s;
}

std::vector<Record> recordsOf(const Simulation& sim, RecordKind kind) {
    std::vector<Record> out;
    for (const Record& r : sim.log().records()) {
        if (r.kind == kind) {
            out.push_back(r);
        }
    }
    return out;
}

TEST(AmqpBroker, AMQP01_DirectExchangeRoutesOnTheExactKey) {
    Scenario s = twoQueues(ExchangeType::Direct);
    for (const char* key : {"a", "b", "b", "a.b"}) {
        s.timeline.push_back({SimTime::zero(), publishTo("x", key)});
    }
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("qa")->published, 1u);
    EXPECT_EQ(r.queue("qb")->published, 2u);
    EXPECT_EQ(r.conservation.unroutable, 1u);
}

TEST(AmqpBroker, AMQP01_FanoutIgnoresTheKey) {
    Scenario s = twoQueues(ExchangeType::Fanout);
    s.timeline.push_back({SimTime::zero(), publishTo("x", "anything")});
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.summary().queue("qa")->published, 1u);
    EXPECT_EQ(sim.summary().queue("qb")->published, 1u);
}

TEST(AmqpBroker, AMQP01_DefaultExchangeRoutesToTheQueueNamedByTheKey) {
    Scenario s = twoQueues(ExchangeType::Direct);
    s.timeline.push_back({SimTime::zero(), publishTo("", "qb")});
    s.timeline.push_back({SimTime::zero(), publishTo("", "nope")});
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.summary().queue("qa")->published, 0u);
    EXPECT_EQ(sim.summary().queue("qb")->published, 1u);
    EXPECT_EQ(sim.summary().conservation.unroutable, 1u);
}

TEST(AmqpBroker, AMQP01_AQueueBoundTwiceGetsOneCopyPerPublish) {
    Scenario s = twoQueues(ExchangeType::Fanout);
    s.broker.bindings.push_back({"x", "qa", "again"});
    s.timeline.push_back({SimTime::zero(), publishTo("x", "a")});
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.summary().queue("qa")->published, 1u);
}

TEST(AmqpBroker, AMQP05_UnroutableMessagesAreDroppedAndCounted) {
    Scenario s = twoQueues(ExchangeType::Direct);
    s.timeline.push_back({SimTime::zero(), publishTo("x", "zzz")});
    Simulation sim(s);
    sim.run();
    const auto dropped = recordsOf(sim, RecordKind::Dropped);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(static_cast<DropReason>(dropped[0].detail), DropReason::Unroutable);
    EXPECT_EQ(sim.entities()[dropped[0].entity].name, "x");
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

// One consumer, prefetch 2, every attempt fails and is requeued.
Scenario alwaysFailing(std::uint32_t messages) {
    Scenario s;
    s.name = "requeue";
    s.duration = SimTime::fromMillis(10);
    s.broker.queues.push_back({"q"});
    ServiceSpec worker = service("worker");
    worker.consumes.push_back(consumerOf("q", SimTime::fromMillis(1), 2));
    worker.consumes.back().failureProbability = 1.0;
    s.services.push_back(worker);
    for (std::uint32_t i = 0; i < messages; ++i) {
        s.timeline.push_back({SimTime::zero(), publishTo("", "q")});
    }
    return s;
}

TEST(AmqpBroker, AMQP13_ARequeuedMessageReturnsToItsOriginalPositionMarkedRedelivered) {
    Simulation sim(alwaysFailing(4));
    sim.runUntil(SimTime::fromMillis(1));
    const auto delivered = recordsOf(sim, RecordKind::Delivered);
    ASSERT_GE(delivered.size(), 3u);
    EXPECT_EQ(delivered[0].message, 1u);
    EXPECT_EQ(delivered[1].message, 2u);
    // Message 1 failed first and goes back to the head, ahead of 3 and 4.
    EXPECT_EQ(delivered[2].message, 1u);
    EXPECT_EQ(delivered[2].detail, 1); // redelivered
    EXPECT_EQ(delivered[2].attempt, 2);
    EXPECT_EQ(delivered[0].detail, 0);
}

TEST(AmqpBroker, AZeroTimeRequeueLoopStallsInsteadOfSpinningAndLosesNothing) {
    Scenario s = alwaysFailing(3);
    s.services[0].consumes[0].processing = Distribution::constant(SimTime::zero());
    SimulationOptions options;
    options.maxEventsPerInstant = 1000;
    Simulation sim(s, options);
    sim.run();
    EXPECT_TRUE(sim.stalled());
    EXPECT_EQ(sim.now(), SimTime::zero());
    EXPECT_FALSE(sim.step());
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

TEST(AmqpBroker, AMQP10_ARejectedMessageWithoutDeadLetterExchangeIsDroppedWithItsReason) {
    Scenario s = alwaysFailing(3);
    s.services[0].consumes[0].onFailure = FailureAction::Reject;
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("q")->dropped, 3u);
    EXPECT_EQ(r.queue("q")->requeued, 0u);
    for (const Record& d : recordsOf(sim, RecordKind::Dropped)) {
        EXPECT_EQ(static_cast<DropReason>(d.detail), DropReason::Rejected);
    }
    EXPECT_TRUE(r.conservation.balanced());
}

TEST(AmqpBroker, AMQP15_PrefetchLimitsUnackedDeliveriesAndConsumersTakeTurns) {
    Scenario s;
    s.name = "prefetch";
    s.broker.queues.push_back({"q"});
    ServiceSpec worker = service("worker", 2);
    worker.consumes.push_back(consumerOf("q", SimTime::fromMillis(10), 1));
    s.services.push_back(worker);
    for (int i = 0; i < 5; ++i) {
        s.timeline.push_back({SimTime::zero(), publishTo("", "q")});
    }
    Simulation sim(s);
    sim.runUntil(SimTime::zero());
    auto delivered = recordsOf(sim, RecordKind::Delivered);
    ASSERT_EQ(delivered.size(), 2u); // one each, the rest wait for acks
    EXPECT_NE(delivered[0].aux, delivered[1].aux);
    EXPECT_EQ(sim.summary().queue("q")->ready, 3u);
    sim.run();
    EXPECT_EQ(sim.summary().queue("q")->acked, 5u);
    delivered = recordsOf(sim, RecordKind::Delivered);
    EXPECT_EQ(delivered[2].aux, delivered[0].aux); // round-robin: first consumer again
}

TEST(AmqpBroker, AMQP15_PrefetchZeroMeansUnlimited) {
    Scenario s;
    s.name = "unlimited";
    s.broker.queues.push_back({"q"});
    ServiceSpec worker = service("worker");
    worker.consumes.push_back(consumerOf("q", SimTime::fromMillis(10), 0));
    s.services.push_back(worker);
    for (int i = 0; i < 50; ++i) {
        s.timeline.push_back({SimTime::zero(), publishTo("", "q")});
    }
    Simulation sim(s);
    sim.runUntil(SimTime::zero());
    EXPECT_EQ(recordsOf(sim, RecordKind::Delivered).size(), 50u);
    EXPECT_EQ(sim.summary().queue("q")->maxDepth, 50u);
}

TEST(AmqpBroker, AutoAckSettlesAtDeliverySoAFailureLosesTheMessage) {
    Scenario s = alwaysFailing(2);
    s.services[0].consumes[0].ack = AckMode::Auto;
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("q")->acked, 2u);
    EXPECT_EQ(r.queue("q")->requeued, 0u);
    EXPECT_EQ(r.consumer("worker").failed, 2u);
    EXPECT_TRUE(r.conservation.balanced());
}

} // namespace
} // namespace evsim
