// basic.cancel and a later basic.consume (docs/semantics.md AMQP19), on the broker alone: a
// cancelled consumer gets nothing new, settles what it holds, and what it requeues goes to the
// queue's other consumers.
#include "tests/simulator/broker/broker_bench.h"
#include "tests/simulator/broker/queue_specs.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::BrokerBench;
using testkit::queue;

// Consumer 0 takes two, then cancels; consumer 1 has not started consuming yet.
class CancelledConsumer : public ::testing::Test {
protected:
    CancelledConsumer() : bench(oneQueue()) {
        bench.broker().setConsuming(bench.addConsumer("q", 2), true);
        bench.broker().setConsuming(bench.addConsumer("q", 2), false);
        for (int i = 0; i < 3; ++i) {
            bench.publish("q");
        }
        bench.broker().openSession(ConsumerIndex(0));
        bench.broker().openSession(ConsumerIndex(1));
        bench.broker().setConsuming(ConsumerIndex(0), false);
    }
    static AmqpSpec oneQueue() {
        AmqpSpec spec;
        spec.queues.push_back(queue("q"));
        return spec;
    }
    BrokerBench bench;
};

TEST_F(CancelledConsumer, AMQP19_ACancelledConsumerGetsNothingNewButSettlesWhatItHolds) {
    EXPECT_EQ(bench.delivered(), (std::vector<std::uint32_t>{1, 2})) << "before the cancel";
    const Delivery first = bench.deliveries[0];
    bench.publish("q");
    EXPECT_TRUE(bench.ack(first)) << "an ack after the cancel was refused";
    EXPECT_EQ(bench.deliveries.size(), 2u) << "the queue sent a cancelled consumer more";
    EXPECT_EQ(bench.stats("q").ready, 2u);
    EXPECT_EQ(bench.stats("q").acked, 1u);
}

TEST_F(CancelledConsumer, AMQP19_WhatItRequeuesGoesToAnotherConsumerNeverBackToIt) {
    EXPECT_TRUE(bench.nack(bench.deliveries[1], true)) << "a nack after the cancel was refused";
    EXPECT_EQ(bench.deliveries.size(), 2u) << "requeued back to the cancelled consumer";
    EXPECT_EQ(bench.stats("q").ready, 2u);
    bench.broker().setConsuming(ConsumerIndex(1), true); // basic.consume
    ASSERT_EQ(bench.delivered(2), (std::vector<std::uint32_t>{2, 3}))
        << "the other consumer takes the requeued message first, then the waiting one";
    EXPECT_EQ(bench.deliveries[2].consumer, ConsumerIndex(1));
    EXPECT_EQ(bench.deliveries[2].attempt, 2u) << "marked redelivered";
}

// A cancel is the application's decision: a new channel (after a reconnect) does not undo it.
TEST_F(CancelledConsumer, AMQP19_ACancelOutlivesItsChannel) {
    bench.broker().closeSession(ConsumerIndex(0), ChannelCloseCause::Crash);
    bench.broker().openSession(ConsumerIndex(0));
    EXPECT_EQ(bench.deliveries.size(), 2u) << "consuming again after a reconnect";
    EXPECT_EQ(bench.stats("q").ready, 3u) << "what it held went back to the queue";
    bench.broker().setConsuming(ConsumerIndex(0), true);
    EXPECT_EQ(bench.delivered(2), (std::vector<std::uint32_t>{1, 2}));
}

} // namespace
} // namespace evsim
