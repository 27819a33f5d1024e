// Dead-lettering, row by row (docs/semantics.md AMQP10 to AMQP12), on the broker alone: where a
// dead letter goes, what it carries, and when RabbitMQ 3.10 drops it instead.
#include "tests/simulator/broker/broker_bench.h"
#include "tests/simulator/broker/queue_specs.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::BrokerBench;
using testkit::queue;
using testkit::withDeadLetterQueue;

TEST(AmqpQueueFeatures, AMQP10_DeadLettersGoToTheDlxWithItsRoutingKeyOrTheOriginal) {
    for (const bool overrideKey : {false, true}) {
        AmqpSpec spec;
        QueueSpec work = queue("work");
        work.arguments.deadLetterExchange = "dlx";
        if (overrideKey) {
            work.arguments.deadLetterRoutingKey = "parked";
        }
        spec.queues.push_back(work);
        spec.queues.push_back(queue("by-original"));
        spec.queues.push_back(queue("by-override"));
        spec.exchanges.push_back({"dlx", ExchangeType::Direct});
        spec.bindings.push_back({"dlx", "by-original", "work"});
        spec.bindings.push_back({"dlx", "by-override", "parked"});
        BrokerBench bench(spec);
        bench.addConsumer("work", 1);
        bench.publish("work"); // routing key "work" through the default exchange
        bench.nack(bench.deliveries.back(), false);
        EXPECT_EQ(bench.stats("by-original").ready, overrideKey ? 0u : 1u);
        EXPECT_EQ(bench.stats("by-override").ready, overrideKey ? 1u : 0u);
    }
}

TEST(AmqpQueueFeatures, AMQP10_WithoutADlxARejectedMessageIsDroppedAndCounted) {
    AmqpSpec spec;
    spec.queues.push_back(queue("q"));
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.publish("q");
    bench.nack(bench.deliveries.back(), false);
    EXPECT_EQ(bench.stats("q").dropped, 1u);
    EXPECT_EQ(bench.losses()[DropReason::Rejected].count, 1u);
}

// Without a dead-letter exchange each way a message dies is counted under its own reason, not
// all as rejections: what an operator reads in the losses is why messages went.
TEST(AmqpQueueFeatures, AMQP10_WithoutADlxEachDropIsCountedWithItsOwnReason) {
    AmqpSpec spec;
    QueueSpec expiring = queue("expiring");
    expiring.arguments.messageTtl = SimTime::fromSeconds(1);
    QueueSpec bounded = queue("bounded");
    bounded.arguments.maxLength = 1;
    QueueSpec limited = queue("limited", QueueType::Quorum);
    limited.arguments.deliveryLimit = 1;
    spec.queues = {expiring, bounded, limited};
    BrokerBench bench(spec);
    bench.addConsumer("limited", 1);
    bench.publish("expiring");
    bench.publish("bounded");
    bench.publish("bounded"); // drop-head: the first one goes
    bench.publish("limited");
    bench.nack(bench.deliveries.back(), true);
    bench.nack(bench.deliveries.back(), true); // returned twice: past a limit of 1
    bench.advanceTo(SimTime::fromSeconds(1));
    EXPECT_EQ(bench.losses()[DropReason::Expired].count, 1u);
    EXPECT_EQ(bench.losses()[DropReason::MaxLength].count, 1u);
    EXPECT_EQ(bench.losses()[DropReason::DeliveryLimit].count, 1u);
    EXPECT_EQ(bench.losses()[DropReason::Rejected].count, 0u) << "counted as rejections";
}

// A dead letter its exchange routes nowhere is not silently gone: it is dropped, counted as a
// loss with its own reason, after being recorded as dead-lettered.
TEST(AmqpQueueFeatures, AMQP10_ADeadLetterItsExchangeRoutesNowhereIsDroppedAndCounted) {
    AmqpSpec spec;
    QueueSpec work = queue("work");
    work.arguments.deadLetterExchange = "dlx";
    spec.queues.push_back(work);
    spec.queues.push_back(queue("parked"));
    spec.exchanges.push_back({"dlx", ExchangeType::Direct});
    spec.bindings.push_back({"dlx", "parked", "parked"}); // the key "work" matches nothing
    BrokerBench bench(spec);
    bench.addConsumer("work", 1);
    bench.publish("work");
    bench.nack(bench.deliveries.back(), false);
    EXPECT_EQ(
        bench.stats("work").deadLettered[static_cast<std::size_t>(DeadLetterReason::Rejected)], 1u);
    EXPECT_EQ(bench.records(RecordKind::DeadLettered).size(), 1u);
    EXPECT_EQ(bench.stats("parked").ready, 0u);
    EXPECT_EQ(bench.losses()[DropReason::DeadLetterUnroutable].count, 1u)
        << "an unroutable dead letter vanished without being counted";
    EXPECT_EQ(bench.losses()[DropReason::Rejected].count, 0u) << "it had a dead-letter exchange";
}

// Rejected in work, expired in a retry queue, back to work and rejected again: x-death keeps
// one entry per (queue, reason), counts repeats, and lists the newest first.
TEST(AmqpQueueFeatures, AMQP11_XDeathHasOneEntryPerQueueAndReasonNewestFirst) {
    AmqpSpec spec;
    QueueSpec work = queue("work");
    work.arguments.deadLetterExchange = "retry";
    QueueSpec wait = queue("wait");
    wait.arguments.messageTtl = SimTime::fromSeconds(1);
    wait.arguments.deadLetterExchange = "back";
    spec.queues.push_back(work);
    spec.queues.push_back(wait);
    spec.exchanges.push_back({"retry", ExchangeType::Fanout});
    spec.exchanges.push_back({"back", ExchangeType::Fanout});
    spec.bindings.push_back({"retry", "wait", ""});
    spec.bindings.push_back({"back", "work", ""});
    BrokerBench bench(spec);
    bench.addConsumer("work", 1);
    bench.publish("work");
    bench.nack(bench.deliveries.back(), false); // rejected -> wait
    bench.advanceTo(SimTime::fromSeconds(1));   // expired -> back to work, delivered
    ASSERT_EQ(bench.deliveries.size(), 2u);
    EXPECT_EQ(bench.deliveries.back().deaths, 1u) << "one rejection from work so far";
    bench.nack(bench.deliveries.back(), false); // rejected again
    bench.advanceTo(SimTime::fromSeconds(2));
    ASSERT_EQ(bench.deliveries.size(), 3u);
    const auto& deaths = bench.broker().deathsOf(bench.deliveries.back().handle);
    ASSERT_EQ(deaths.size(), 2u);
    EXPECT_EQ(bench.entityName(deaths[0].queue), "wait");
    EXPECT_EQ(deaths[0].reason, DeadLetterReason::Expired);
    EXPECT_EQ(deaths[0].count, 2u);
    EXPECT_EQ(bench.entityName(deaths[1].queue), "work");
    EXPECT_EQ(deaths[1].reason, DeadLetterReason::Rejected);
    EXPECT_EQ(deaths[1].count, 2u);
    EXPECT_EQ(deaths[1].time, SimTime::zero()) << "the first death's time is kept";
    EXPECT_EQ(bench.deliveries.back().deaths, 2u);
}

TEST(AmqpQueueFeatures, AMQP11_APureExpiryCycleIsDroppedNotLoopedForever) {
    AmqpSpec spec;
    QueueSpec a = queue("a");
    a.arguments.messageTtl = SimTime::fromMillis(10);
    a.arguments.deadLetterExchange = "to-b";
    QueueSpec b = queue("b");
    b.arguments.messageTtl = SimTime::fromMillis(10);
    b.arguments.deadLetterExchange = "to-a";
    spec.queues = {a, b};
    spec.exchanges = {{"to-a", ExchangeType::Fanout}, {"to-b", ExchangeType::Fanout}};
    spec.bindings = {{"to-a", "a", ""}, {"to-b", "b", ""}};
    BrokerBench bench(spec);
    bench.publish("a");
    bench.advanceTo(SimTime::fromSeconds(1));
    EXPECT_EQ(bench.losses()[DropReason::DeadLetterCycle].count, 1u);
    EXPECT_EQ(bench.stats("a").ready + bench.stats("b").ready, 0u);
}

TEST(AmqpQueueFeatures, AMQP12_QuorumDeliveryLimitDeadLettersPastTheLimit) {
    QueueSpec q = queue("q", QueueType::Quorum);
    q.arguments.deliveryLimit = 2;
    BrokerBench bench(withDeadLetterQueue(q));
    bench.addConsumer("q", 1);
    bench.publish("q");
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(bench.deliveries.size(), static_cast<std::size_t>(i + 1));
        EXPECT_EQ(bench.broker().returnsOf(bench.deliveries.back().handle), i)
            << "x-delivery-count";
        bench.nack(bench.deliveries.back(), true);
    }
    // Delivered three times (two returns allowed); the third return is past the limit.
    EXPECT_EQ(bench.deliveries.size(), 3u);
    EXPECT_EQ(
        bench.stats("q").deadLettered[static_cast<std::size_t>(DeadLetterReason::DeliveryLimit)],
        1u);
    EXPECT_EQ(bench.stats("dlq").ready, 1u);
}

TEST(AmqpQueueFeatures, AMQP12_WithoutALimitAQuorumQueueRequeuesForever) {
    AmqpSpec spec;
    spec.queues.push_back(queue("q", QueueType::Quorum));
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.publish("q");
    for (int i = 0; i < 50; ++i) {
        bench.nack(bench.deliveries.back(), true);
    }
    EXPECT_EQ(bench.deliveries.size(), 51u);
    EXPECT_EQ(bench.stats("q").deadLetteredTotal(), 0u);
}
} // namespace
} // namespace evsim
