#include "simulator/broker/amqp/amqp_broker.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/broker/broker_bench.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>
#include <stdexcept>

namespace evsim {
namespace {

using testkit::BrokerBench;
using testkit::consumerOf;
using testkit::publishTo;
using testkit::service;

Scenario twoQueues(ExchangeType type) {
    Scenario s;
    s.name = "routing";
    s.broker.amqp.exchanges.push_back({"x", type});
    s.broker.amqp.queues.push_back({"qa"});
    s.broker.amqp.queues.push_back({"qb"});
    s.broker.amqp.bindings.push_back({"x", "qa", "a"});
    s.broker.amqp.bindings.push_back({"x", "qb", "b"});
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
    s.broker.amqp.bindings.push_back({"x", "qa", "again"});
    s.timeline.push_back({SimTime::zero(), publishTo("x", "a")});
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.summary().queue("qa")->published, 1u);
}

TEST(AmqpBroker, AMQP01_DirectRoutingFindsEachKeyAmongThousandsOfBindingsPerExchange) {
    // Direct exchanges look keys up by hash: every key must still reach exactly its queues,
    // on its own exchange only, with a queue bound twice under one key getting one copy.
    constexpr int kQueues = 3000;
    AmqpSpec spec;
    spec.exchanges.push_back({"x", ExchangeType::Direct});
    spec.exchanges.push_back({"y", ExchangeType::Direct});
    for (int i = 0; i < kQueues; ++i) {
        spec.queues.push_back({"q" + std::to_string(i)});
        spec.bindings.push_back({"x", "q" + std::to_string(i), "k" + std::to_string(i)});
        spec.bindings.push_back({"y", "q" + std::to_string(i), "k" + std::to_string(i + 1)});
    }
    spec.bindings.push_back({"x", "q5", "shared"});
    spec.bindings.push_back({"x", "q7", "shared"});
    spec.bindings.push_back({"x", "q5", "shared"});
    BrokerBench broker(spec);
    for (int i = 0; i < kQueues; ++i) {
        ASSERT_EQ(broker.publish(BrokerBench::Publish{"x", "k" + std::to_string(i)}).queues, 1u)
            << i;
    }
    EXPECT_EQ(broker.publish(BrokerBench::Publish{"y", "k1"}).queues, 1u); // to q0
    EXPECT_EQ(broker.publish(BrokerBench::Publish{"x", "shared"}).queues, 2u);
    EXPECT_TRUE(broker.publish(BrokerBench::Publish{"y", "shared"}).unroutable);
    EXPECT_TRUE(
        broker.publish(BrokerBench::Publish{"x", "k" + std::to_string(kQueues)}).unroutable);
    EXPECT_EQ(broker.stats("q0").published, 2u);
    EXPECT_EQ(broker.stats("q1").published, 1u);
    EXPECT_EQ(broker.stats("q5").published, 2u);
    EXPECT_EQ(broker.stats("q7").published, 2u);
    EXPECT_EQ(broker.stats("q2999").published, 1u);
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
    s.broker.amqp.queues.push_back({"q"});
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
    s.broker.amqp.queues.push_back({"q"});
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
    s.broker.amqp.queues.push_back({"q"});
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

namespace evsim {
namespace {

// Consumer indices, in the order deliveries went to them.
std::vector<ConsumerIndex> consumers(std::initializer_list<std::uint32_t> numbers) {
    std::vector<ConsumerIndex> out;
    for (const std::uint32_t n : numbers) {
        out.emplace_back(n);
    }
    return out;
}

AmqpSpec oneQueue() {
    AmqpSpec spec;
    spec.queues.push_back({"q"});
    return spec;
}

// Two requeued messages wait at once, returned in the opposite order of their places: each
// goes back to its original place (ahead of 3 and 4), not to the head and not to the tail.
TEST(AmqpBroker, AMQP13_RequeuedMessagesWaitingAtOnceTakeBackTheirOriginalPlaces) {
    for (const bool laterFirst : {true, false}) {
        BrokerBench bench(oneQueue());
        const ConsumerIndex a = bench.addConsumer("q", 1);
        const ConsumerIndex b = bench.addConsumer("q", 1);
        for (int i = 0; i < 4; ++i) {
            bench.publish("q");
        }
        ASSERT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1, 2}));
        ASSERT_EQ(bench.deliveries[0].consumer, a);
        // Both channels close with nobody left to take a message, so 1 and 2 both wait.
        bench.broker().closeSession(laterFirst ? b : a, ChannelCloseCause::Crash);
        bench.broker().closeSession(laterFirst ? a : b, ChannelCloseCause::Crash);
        EXPECT_EQ(bench.deliveries.size(), 2u) << "nobody could take a requeued message";
        const std::size_t before = bench.deliveries.size();
        bench.broker().openSession(a);
        // a takes one at a time (prefetch 1): ack each to get the next.
        for (int i = 0; i < 4; ++i) {
            bench.ack(bench.deliveries.back());
        }
        EXPECT_EQ(bench.delivered(before), (std::vector<std::uint32_t>{1, 2, 3, 4}))
            << (laterFirst ? "2 requeued before 1" : "1 requeued before 2");
        EXPECT_EQ(bench.deliveries[before].attempt, 2) << "marked redelivered";
        EXPECT_EQ(bench.deliveries[before + 2].attempt, 1);
    }
}

TEST(AmqpBroker, AMQP14_AClosedChannelRequeuesEveryUnackedDeliveryMarkedRedelivered) {
    BrokerBench bench(oneQueue());
    const ConsumerIndex a = bench.addConsumer("q", 3);
    const ConsumerIndex b = bench.addConsumer("q", 0);
    bench.broker().closeSession(b, ChannelCloseCause::Crash);
    for (int i = 0; i < 3; ++i) {
        bench.publish("q");
    }
    bench.ack(bench.deliveryOf(2));
    bench.broker().closeSession(a, ChannelCloseCause::Crash);
    bench.broker().openSession(b);
    // 1 and 3 were unacked: both go to b, redelivered, in queue order; 2 was acked.
    ASSERT_EQ(bench.delivered(3), (std::vector<std::uint32_t>{1, 3}));
    EXPECT_EQ(bench.deliveries[3].consumer, b);
    EXPECT_EQ(bench.deliveries[3].attempt, 2);
    EXPECT_EQ(bench.deliveries[4].attempt, 2);
}

// Consumer 0 always has room (it acks at once), consumer 1 too: "always the lowest free
// consumer" would give everything to consumer 0; round-robin alternates.
TEST(AmqpBroker, AMQP15_DispatchIsRoundRobinAmongConsumersWithRoomNotLowestFree) {
    BrokerBench bench(oneQueue());
    bench.addConsumer("q", 2);
    bench.addConsumer("q", 2);
    std::vector<ConsumerIndex> who;
    for (int i = 0; i < 6; ++i) {
        bench.publish("q");
        const Delivery d = bench.deliveries.back();
        who.push_back(d.consumer);
        bench.ack(d);
    }
    EXPECT_EQ(who, (consumers({0, 1, 0, 1, 0, 1})));
}

// A consumer at its prefetch limit is skipped, and round-robin goes on after it.
TEST(AmqpBroker, AMQP15_AConsumerAtItsPrefetchLimitIsSkipped) {
    BrokerBench bench(oneQueue());
    bench.addConsumer("q", 1); // will stay full
    bench.addConsumer("q", 0); // unlimited
    bench.addConsumer("q", 0);
    for (int i = 0; i < 5; ++i) {
        bench.publish("q");
    }
    std::vector<ConsumerIndex> who;
    for (const auto& d : bench.deliveries) {
        who.push_back(d.consumer);
    }
    EXPECT_EQ(who, (consumers({0, 1, 2, 1, 2})));
}

} // namespace
} // namespace evsim
