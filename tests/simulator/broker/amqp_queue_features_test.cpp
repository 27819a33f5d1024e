// RabbitMQ 3.10 queue features, row by row (docs/semantics.md AMQP06 to AMQP18), on the broker
// alone: each test decides when every publish, settle and tick of the clock happens, and each
// is built so that the plausible wrong implementation fails it.
#include "tests/simulator/broker/broker_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testing::BrokerBench;
using Publish = BrokerBench::Publish;

QueueSpec queue(const std::string& name, QueueType type = QueueType::Classic) {
    QueueSpec q(name);
    q.type = type;
    return q;
}

// A work queue that dead-letters to exchange "dlx", which routes everything to "dlq".
AmqpSpec withDeadLetterQueue(QueueSpec work) {
    AmqpSpec spec;
    work.arguments.deadLetterExchange = "dlx";
    spec.queues.push_back(std::move(work));
    spec.queues.push_back(queue("dlq"));
    spec.exchanges.push_back({"dlx", ExchangeType::Fanout});
    spec.bindings.push_back({"dlx", "dlq", ""});
    return spec;
}

TEST(AmqpQueueFeatures, AMQP06_TheLowerOfQueueAndMessageTtlWins) {
    for (const bool messageLower : {true, false}) {
        AmqpSpec spec;
        QueueSpec q = queue("q");
        q.arguments.messageTtl = SimTime::fromSeconds(messageLower ? 10 : 1);
        spec.queues.push_back(q);
        BrokerBench bench(spec);
        bench.publish(Publish{"", "q", false, messageLower ? 2000u : 5000u});
        const SimTime expected = SimTime::fromSeconds(messageLower ? 2 : 1);
        bench.advanceTo(expected - SimTime::fromNanos(1));
        EXPECT_EQ(bench.stats("q").expired, 0u) << "expired before the lower TTL";
        bench.advanceTo(expected);
        EXPECT_EQ(bench.stats("q").expired, 1u) << "not expired at the lower TTL";
        EXPECT_EQ(bench.losses()[DropReason::Expired].count, 1u) << "no DLX: dropped, a loss";
    }
}

TEST(AmqpQueueFeatures, AMQP06_ARequeuedMessageKeepsItsOriginalExpiry) {
    AmqpSpec spec;
    QueueSpec q = queue("q");
    q.arguments.messageTtl = SimTime::fromSeconds(5);
    spec.queues.push_back(q);
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.publish("q");
    bench.advanceTo(SimTime::fromSeconds(4));
    bench.broker().closeSession(ConsumerIndex(0),
                                ChannelCloseCause::Crash); // back to the queue at 4s
    bench.advanceTo(SimTime::fromSeconds(5));
    EXPECT_EQ(bench.stats("q").expired, 1u) << "the expiry restarted at the requeue";
}

// Two messages, the one behind expiring first: a classic queue notices only when it reaches
// the head, a quorum queue at its own expiry.
TEST(AmqpQueueFeatures, AMQP07_ClassicExpiresAtTheHeadQuorumAtItsTime) {
    for (const QueueType type : {QueueType::Classic, QueueType::Quorum}) {
        AmqpSpec spec;
        spec.queues.push_back(queue("q", type));
        BrokerBench bench(spec);
        bench.publish(Publish{"", "q", false, 60'000}); // 60 s
        bench.publish(Publish{"", "q", false, 1'000});  // 1 s, behind it
        bench.advanceTo(SimTime::fromSeconds(2));
        const std::uint64_t expired = bench.stats("q").expired;
        if (type == QueueType::Classic) {
            EXPECT_EQ(expired, 0u) << "classic: expired behind an unexpired head";
            EXPECT_EQ(bench.stats("q").ready, 2u);
            // Once the head is taken, the dead one is at the head and goes.
            bench.broker().openSession(bench.addConsumer("q", 0));
            EXPECT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1}));
            EXPECT_EQ(bench.stats("q").expired, 1u);
        } else {
            EXPECT_EQ(expired, 1u) << "quorum: not expired at its own time";
            EXPECT_EQ(bench.stats("q").ready, 1u);
        }
    }
}

// A consumer holds one message unacked: max length counts the ready ones only.
TEST(AmqpQueueFeatures, AMQP08_MaxLengthCountsReadyMessagesOnly) {
    AmqpSpec spec;
    QueueSpec q = queue("q");
    q.arguments.maxLength = 2;
    spec.queues.push_back(q);
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    for (int i = 0; i < 3; ++i) {
        bench.publish("q");
    }
    EXPECT_EQ(bench.stats("q").unacked, 1u);
    EXPECT_EQ(bench.stats("q").ready, 2u);
    EXPECT_EQ(bench.stats("q").dropped, 0u) << "the unacked message counted against the limit";
    bench.publish("q");
    EXPECT_EQ(bench.stats("q").dropped, 1u);
}

TEST(AmqpQueueFeatures, AMQP09_DropHeadDeadLettersTheOldestReadyMessage) {
    QueueSpec q = queue("q");
    q.arguments.maxLength = 2;
    BrokerBench bench(withDeadLetterQueue(q));
    for (int i = 0; i < 3; ++i) {
        bench.publish("q");
    }
    EXPECT_EQ(bench.stats("q").ready, 2u);
    EXPECT_EQ(bench.stats("q").deadLettered[static_cast<std::size_t>(DeadLetterReason::MaxLength)],
              1u);
    const auto dead = bench.records(RecordKind::DeadLettered);
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].message, 1u) << "the oldest goes, not the newest";
    EXPECT_EQ(bench.stats("dlq").ready, 1u);
}

TEST(AmqpQueueFeatures, AMQP09_RejectPublishRefusesTheNewcomerAndNacksItsPublisher) {
    for (const Overflow overflow : {Overflow::RejectPublish, Overflow::RejectPublishDlx}) {
        QueueSpec q = queue("q");
        q.arguments.maxLength = 1;
        q.arguments.overflow = overflow;
        BrokerBench bench(withDeadLetterQueue(q));
        EXPECT_TRUE(
            bench.publish(Publish{"", "q", false, Message::kNoExpiration, 2, true}).confirmAck());
        const PublishOutcome second =
            bench.publish(Publish{"", "q", false, Message::kNoExpiration, 2, true});
        EXPECT_FALSE(second.confirmAck()) << "the publisher must be nacked";
        EXPECT_EQ(bench.stats("q").ready, 1u);
        EXPECT_EQ(bench.stats("q").refused, 1u);
        const bool toDlq = overflow == Overflow::RejectPublishDlx;
        EXPECT_EQ(bench.stats("dlq").ready, toDlq ? 1u : 0u);
        // A confirming publisher was told; it is not lost yet.
        EXPECT_EQ(bench.losses().total(), 0u);
    }
}

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

TEST(AmqpQueueFeatures, AMQP13_AQuorumQueueRequeuesToTheBack) {
    for (const QueueType type : {QueueType::Classic, QueueType::Quorum}) {
        AmqpSpec spec;
        spec.queues.push_back(queue("q", type));
        BrokerBench bench(spec);
        bench.addConsumer("q", 1);
        for (int i = 0; i < 3; ++i) {
            bench.publish("q");
        }
        bench.nack(bench.deliveries.back(), true); // 1 back
        for (int i = 0; i < 2; ++i) {
            bench.ack(bench.deliveries.back());
        }
        const std::vector<std::uint32_t> expected = type == QueueType::Quorum
                                                        ? std::vector<std::uint32_t>{1, 2, 3, 1}
                                                        : std::vector<std::uint32_t>{1, 1, 2, 3};
        EXPECT_EQ(bench.delivered(), expected);
    }
}

TEST(AmqpQueueFeatures, AMQP16_AConfirmIsAnAckOnceEveryQueueHasTheMessage) {
    AmqpSpec spec;
    spec.queues.push_back(queue("a"));
    spec.queues.push_back(queue("b"));
    spec.exchanges.push_back({"x", ExchangeType::Fanout});
    spec.bindings = {{"x", "a", ""}, {"x", "b", ""}};
    BrokerBench bench(spec);
    const PublishOutcome routed =
        bench.publish(Publish{"x", "k", false, Message::kNoExpiration, 2, true});
    EXPECT_EQ(routed.queues, 2u);
    EXPECT_TRUE(routed.confirmAck());
    AmqpSpec none;
    none.exchanges.push_back({"x", ExchangeType::Direct});
    BrokerBench empty(none);
    const PublishOutcome unroutable =
        empty.publish(Publish{"x", "k", false, Message::kNoExpiration, 2, true});
    EXPECT_TRUE(unroutable.unroutable);
    EXPECT_TRUE(unroutable.confirmAck()) << "RabbitMQ confirms an unroutable message";
}

TEST(AmqpQueueFeatures, AMQP17_ARestartKeepsPersistentMessagesInDurableQueuesOnly) {
    AmqpSpec spec;
    QueueSpec durable = queue("durable");
    QueueSpec transientQueue = queue("transient");
    transientQueue.durable = false;
    spec.queues = {durable, transientQueue};
    BrokerBench bench(spec);
    bench.addConsumer("durable", 1); // holds one persistent message unacked across the restart
    bench.publish(Publish{"", "durable", true});
    bench.publish(Publish{"", "durable", true});
    bench.publish(Publish{"", "durable", false});
    bench.publish(Publish{"", "transient", true});
    bench.publish(Publish{"", "transient", false});
    bench.broker().restart();
    EXPECT_EQ(bench.stats("durable").ready, 2u) << "the two persistent ones, the unacked too";
    EXPECT_EQ(bench.stats("transient").ready, 0u);
    EXPECT_EQ(bench.losses()[DropReason::BrokerRestart].count, 3u);
    EXPECT_FALSE(bench.broker().sessionOpen(ConsumerIndex(0)));
}

TEST(AmqpQueueFeatures, AMQP18_ADeliveryUnackedPastTheTimeoutClosesTheChannel) {
    AmqpSpec spec;
    spec.queues.push_back(queue("q"));
    spec.consumerTimeout = SimTime::fromSeconds(30);
    BrokerBench bench(spec);
    bench.addConsumer("q", 2);
    bench.publish("q");
    bench.advanceTo(SimTime::fromSeconds(20));
    bench.publish("q");
    bench.advanceTo(SimTime::fromSeconds(29));
    EXPECT_TRUE(bench.closedByBroker.empty());
    bench.advanceTo(SimTime::fromSeconds(30));
    ASSERT_EQ(bench.closedByBroker, (std::vector<ConsumerIndex>{ConsumerIndex(0)}));
    EXPECT_EQ(bench.stats("q").ready, 2u) << "both of its deliveries went back";
    EXPECT_EQ(bench.stats("q").requeued, 2u);
}

TEST(AmqpQueueFeatures, AStaleAckAfterAChannelClosedChangesNothing) {
    AmqpSpec spec;
    spec.queues.push_back(queue("q"));
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.addConsumer("q", 1);
    bench.publish("q");
    const Delivery first = bench.deliveries.back();
    bench.broker().closeSession(first.consumer, ChannelCloseCause::Crash);
    EXPECT_FALSE(bench.ack(first)) << "an ack from a closed channel";
    ASSERT_EQ(bench.deliveries.size(), 2u); // redelivered to the other consumer
    EXPECT_FALSE(bench.broker().settle(bench.deliveries.back().consumer, first.handle, first.tag,
                                       Settlement::Done))
        << "the old tag on the new delivery";
    EXPECT_TRUE(bench.ack(bench.deliveries.back()));
    EXPECT_EQ(bench.stats("q").acked, 1u);
}

} // namespace
} // namespace evsim
