// Where a message a consumer gives back lands (AMQP13), as RabbitMQ 3.10 does it, read in
// rabbit_variable_queue (classic: requeue/2 merges by sequence id) and rabbit_fifo (quorum:
// a return without a delivery limit becomes a #requeue{} appended at the back; with a limit,
// and always when the consumer's channel goes down, it joins the returns queue that
// take_next_msg reads first).
#include "tests/simulator/broker/broker_bench.h"

#include <gtest/gtest.h>
#include <optional>

namespace evsim {
namespace {

using testkit::BrokerBench;

AmqpSpec oneQueue(QueueType type, std::optional<std::uint32_t> deliveryLimit = std::nullopt) {
    QueueSpec q("q");
    q.type = type;
    q.arguments.deliveryLimit = deliveryLimit;
    AmqpSpec spec;
    spec.queues.push_back(q);
    return spec;
}

// Two consumers of prefetch 1 hold m1 and m2 while m3 waits; then both channels close, m2's
// first, and a third consumer takes what is there.
std::vector<std::uint32_t> afterTwoChannelsClose(const AmqpSpec& spec) {
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.addConsumer("q", 1);
    for (int i = 0; i < 3; ++i) {
        bench.publish("q");
    }
    bench.broker().closeSession(ConsumerIndex(1), ChannelCloseCause::Crash); // m2 back
    bench.broker().closeSession(ConsumerIndex(0), ChannelCloseCause::Crash); // m1 back
    const std::size_t before = bench.deliveries.size();
    bench.broker().openSession(bench.addConsumer("q", 10)); // attached, it takes what waits
    return bench.delivered(before);
}

TEST(RequeuePosition, AMQP13_AClassicQueuePutsWhatAClosedChannelHeldBackWhereItWas) {
    EXPECT_EQ(afterTwoChannelsClose(oneQueue(QueueType::Classic)),
              (std::vector<std::uint32_t>{1, 2, 3}));
}

// rabbit_fifo's handle_down returns a gone consumer's messages to the returns queue, which is
// read before the waiting messages, in the order they came back: whatever the delivery limit.
TEST(RequeuePosition, AMQP13_AQuorumQueueReturnsWhatAClosedChannelHeldAheadInTheOrderItCameBack) {
    EXPECT_EQ(afterTwoChannelsClose(oneQueue(QueueType::Quorum)),
              (std::vector<std::uint32_t>{2, 1, 3}))
        << "not at the back (3, 2, 1), nor by first position (1, 2, 3)";
    EXPECT_EQ(afterTwoChannelsClose(oneQueue(QueueType::Quorum, 100)),
              (std::vector<std::uint32_t>{2, 1, 3}));
}

// Two consumers of prefetch 1 hold m1 and m2 while m3 waits; the second nacks m2 with requeue
// and takes the next message at once.
std::uint32_t nextAfterANack(const AmqpSpec& spec) {
    BrokerBench bench(spec);
    bench.addConsumer("q", 1);
    bench.addConsumer("q", 1);
    for (int i = 0; i < 3; ++i) {
        bench.publish("q");
    }
    EXPECT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1, 2}));
    bench.nack(bench.deliveries.back(), true);
    return bench.delivered().back();
}

TEST(RequeuePosition, AMQP13_AQuorumQueueRequeuesAheadOnlyWhenItHasADeliveryLimit) {
    EXPECT_EQ(nextAfterANack(oneQueue(QueueType::Classic)), 2u) << "its own place, before m3";
    EXPECT_EQ(nextAfterANack(oneQueue(QueueType::Quorum)), 3u) << "no limit: to the back";
    EXPECT_EQ(nextAfterANack(oneQueue(QueueType::Quorum, 100)), 2u) << "a limit: ahead";
}

} // namespace
} // namespace evsim
