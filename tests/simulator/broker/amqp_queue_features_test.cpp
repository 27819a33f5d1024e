// RabbitMQ 3.10 queue features (docs/semantics.md AMQP06 to AMQP09 and AMQP13 to AMQP18; the
// dead-letter rows are in dead_letter_test.cpp), on the broker alone: each test decides when every
// publish, settle and tick of the clock happens, and each is built so that the plausible wrong
// implementation fails it.
#include "tests/simulator/broker/broker_bench.h"
#include "tests/simulator/broker/queue_specs.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::BrokerBench;
using Publish = BrokerBench::Publish;
using testkit::queue;
using testkit::withDeadLetterQueue;

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

// TTL 0 on a classic queue is "now or never": handed to a consumer with room as it arrives,
// expired (here dead-lettered) at once when no consumer can take it.
TEST(AmqpQueueFeatures, AMQP07_AClassicQueueHandsATtlZeroMessageToAConsumerWithRoomOrExpiresIt) {
    BrokerBench bench(withDeadLetterQueue(queue("q")));
    bench.addConsumer("q", 1);
    bench.publish(Publish{"", "q", false, 0});
    EXPECT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1}))
        << "a TTL 0 message expired although a consumer had room";
    EXPECT_EQ(bench.stats("q").expired, 0u);
    bench.publish(Publish{"", "q", false, 0}); // the consumer is at its prefetch limit
    EXPECT_EQ(bench.stats("q").expired, 1u) << "a TTL 0 message nobody could take was kept";
    EXPECT_EQ(bench.stats("q").ready, 0u);
    EXPECT_EQ(bench.stats("dlq").ready, 1u) << "expired, so dead-lettered";
    EXPECT_EQ(bench.delivered().size(), 1u);
}

// A quorum queue (3.10) gives TTL 0 the millisecond it was enqueued in: a consumer that comes
// within it still gets the message, later it has expired.
TEST(AmqpQueueFeatures, AMQP07_AQuorumQueueGivesTtlZeroTheMillisecondItArrivesIn) {
    AmqpSpec spec;
    spec.queues.push_back(queue("q", QueueType::Quorum));
    BrokerBench bench(spec);
    bench.publish(Publish{"", "q", false, 0});
    bench.advanceTo(SimTime::fromMicros(999));
    EXPECT_EQ(bench.stats("q").expired, 0u) << "expired before its millisecond ended";
    bench.broker().openSession(bench.addConsumer("q", 1));
    EXPECT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1}));
    bench.publish(Publish{"", "q", false, 0}); // the consumer is at its prefetch limit
    bench.advanceTo(SimTime::fromMicros(999) + SimTime::fromMillis(1));
    EXPECT_EQ(bench.stats("q").expired, 1u) << "not expired a millisecond after it arrived";
    EXPECT_EQ(bench.stats("q").ready, 0u);
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

// x-max-length-bytes counts the body bytes of ready messages: a limit exactly reached is not
// passed, one byte more drops the oldest, and an unacknowledged message's bytes do not count.
TEST(AmqpQueueFeatures, AMQP08_MaxLengthBytesCountsTheBodiesOfReadyMessagesOnly) {
    AmqpSpec spec;
    QueueSpec q = queue("q");
    q.arguments.maxLengthBytes = 8;
    spec.queues.push_back(q);
    BrokerBench bench(spec);
    bench.broker().openSession(bench.addConsumer("q", 1));
    const auto publish4 = [&] {
        bench.publish(Publish{"", "q", false, Message::kNoExpiration, 4});
    };
    publish4(); // delivered and held unacked: its 4 bytes are not ready
    publish4();
    publish4(); // 8 ready bytes: exactly the limit
    EXPECT_EQ(bench.stats("q").unacked, 1u);
    EXPECT_EQ(bench.stats("q").ready, 2u);
    EXPECT_EQ(bench.stats("q").dropped, 0u) << "dropped at the limit, or counted unacked bytes";
    publish4(); // 12 > 8: the oldest ready one goes
    EXPECT_EQ(bench.stats("q").dropped, 1u);
    EXPECT_EQ(bench.stats("q").ready, 2u);
    const auto dropped = bench.records(RecordKind::Dropped);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].message, 2u) << "the oldest ready message goes, not the newcomer";
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

// A fanout publish that one queue refuses (reject-publish) and another takes is nacked: the
// publisher cannot know which queues have it, and RabbitMQ nacks when any queue refuses.
TEST(AmqpQueueFeatures, AMQP16_APublishOneQueueRefusesIsNackedThoughAnotherTookIt) {
    AmqpSpec spec;
    QueueSpec full = queue("full");
    full.arguments.maxLength = 1;
    full.arguments.overflow = Overflow::RejectPublish;
    spec.queues.push_back(full);
    spec.queues.push_back(queue("open"));
    spec.exchanges.push_back({"x", ExchangeType::Fanout});
    spec.bindings = {{"x", "full", ""}, {"x", "open", ""}};
    BrokerBench bench(spec);
    const Publish confirmed{"x", "k", false, Message::kNoExpiration, 2, true};
    EXPECT_TRUE(bench.publish(confirmed).confirmAck());
    const PublishOutcome partial = bench.publish(confirmed);
    EXPECT_EQ(partial.queues, 1u) << "the open queue takes it";
    EXPECT_TRUE(partial.refused);
    EXPECT_FALSE(partial.confirmAck()) << "acked although a queue refused it";
    EXPECT_EQ(bench.stats("open").ready, 2u);
    EXPECT_EQ(bench.stats("full").ready, 1u);
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
    // Tags are per channel and never reused: once the first consumer's channel is open again,
    // its ack from before the close still names nothing (it would otherwise settle the copy
    // the other consumer now holds).
    bench.broker().openSession(first.consumer);
    EXPECT_FALSE(bench.ack(first)) << "an ack from before the channel closed";
    EXPECT_EQ(bench.stats("q").acked, 0u);
    EXPECT_TRUE(bench.ack(bench.deliveries.back()));
    EXPECT_EQ(bench.stats("q").acked, 1u);
}

} // namespace
} // namespace evsim
