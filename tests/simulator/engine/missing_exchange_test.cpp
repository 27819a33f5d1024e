// Publishing to an exchange that does not exist (AMQP20): RabbitMQ answers with channel.close
// 404 NOT_FOUND, discards what else arrives on that channel until the client has heard, and
// the publisher goes on on a new channel. A deleted exchange's bindings lead nowhere, and it is
// no one's alternate; declared again it routes with its bindings.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::ms;
using testkit::Records;

// "shop" publishes `count` events to exchange "orders" (key "order.placed", bound to queue
// "placed"), one every `gap`; every hop takes `latency`. "billing" consumes "placed".
// Exchange "orders" is deleted at `deleteAt` for `deletedFor`.
Scenario deletedExchangeScenario(std::uint64_t count, SimTime gap, SimTime latency,
                                 SimTime deleteAt, SimTime deletedFor) {
    Scenario s;
    s.name = "missing-exchange";
    s.duration = SimTime::fromSeconds(10);
    s.broker.amqp.exchanges.push_back({"orders", ExchangeType::Direct});
    s.broker.amqp.queues.push_back({"placed"});
    s.broker.amqp.bindings.push_back({"orders", "placed", "order.placed"});
    ProducerSpec p = testkit::pinger(count, gap);
    p.exchange = "orders";
    p.routingKey = "order.placed";
    ServiceSpec shop = testkit::service("shop");
    shop.produces.push_back(p);
    s.services.push_back(shop);
    ServiceSpec billing = testkit::service("billing");
    billing.consumes.push_back(testkit::consumerOf("placed", ms(1), 10));
    s.services.push_back(billing);
    s.network.latency = Distribution::constant(latency);
    s.timeline.emplace_back(deleteAt, DeleteExchange{"orders", deletedFor}, "migration");
    return s;
}

TEST(MissingExchange, AMQP20_APublishToADeletedExchangeClosesItsChannelWith404AndIsLost) {
    // One publish every 100 ms, instant hops: the ones at 1.0 s and 1.1 s find no exchange.
    Simulation sim(deletedExchangeScenario(20, ms(100), SimTime::zero(), ms(950), ms(200)));
    sim.run();
    const Records r(sim);
    const EntityId shop = r.producer("shop#0/Ping");
    const EntityId orders = r.id(EntityKind::Exchange, "orders");
    const auto closed = r.of(RecordKind::ChannelClosed, shop, orders);
    ASSERT_EQ(Records::messages(closed), (std::vector<std::uint32_t>{10, 11}));
    for (const Record& c : closed) {
        EXPECT_EQ(static_cast<ChannelCloseCause>(c.detail), ChannelCloseCause::NotFound);
    }
    const auto dropped = r.of(RecordKind::Dropped, orders);
    ASSERT_EQ(Records::messages(dropped), (std::vector<std::uint32_t>{10, 11}));
    EXPECT_EQ(static_cast<DropReason>(dropped[0].detail), DropReason::NoExchange);
    EXPECT_TRUE(r.of(RecordKind::Enqueued, r.queue("placed")).size() == 18u);

    const RunSummary s = sim.summary();
    EXPECT_EQ(s.conservation.unroutable, 0u) << "a 404, not an unroutable publish";
    EXPECT_EQ(s.conservation.channelErrors, 2u);
    EXPECT_TRUE(s.conservation.balanced());
    EXPECT_EQ(sim.losses()[DropReason::NoExchange].count, 2u);
    EXPECT_EQ(sim.losses().byIntervention(r.intervention("migration")), 2u)
        << "counted against the deletion";
}

TEST(MissingExchange, AMQP20_WhatArrivesOnTheClosedChannelIsDiscardedUntilThePublisherHears) {
    // Hops take 10 ms and the shop publishes every 2 ms. The exchange is gone from 100 ms to
    // 103 ms: the first 404 closes the channel at about 100 ms, the shop hears at about
    // 110 ms. What arrives on the old channel until then is discarded, even after 103 ms when
    // the exchange is back; what the shop sends on its new channel is routed again.
    Simulation sim(deletedExchangeScenario(200, ms(2), ms(10), ms(100), ms(3)));
    sim.run();
    const Records r(sim);
    const EntityId orders = r.id(EntityKind::Exchange, "orders");
    const EntityId shop = r.producer("shop#0/Ping");
    const auto closed = r.of(RecordKind::ChannelClosed, shop, orders);
    ASSERT_EQ(closed.size(), 1u) << "one 404: the rest come on a channel already closed";
    std::vector<Record> discarded;
    for (const Record& d : r.of(RecordKind::Dropped, orders)) {
        if (static_cast<DropReason>(d.detail) == DropReason::ClosedChannel) {
            discarded.push_back(d);
        }
    }
    ASSERT_FALSE(discarded.empty());
    EXPECT_GT(discarded.back().time, ms(103)) << "discarded after the exchange was back";
    EXPECT_LE(discarded.back().time, closed[0].time + ms(20)) << "until the shop heard";
    // The shop publishes again on a new channel: the publishes after are routed.
    const auto enqueued = r.of(RecordKind::Enqueued, r.queue("placed"));
    ASSERT_FALSE(enqueued.empty());
    EXPECT_GT(enqueued.back().message, discarded.back().message);
    const RunSummary s = sim.summary();
    EXPECT_EQ(s.conservation.channelErrors, 1 + discarded.size());
    EXPECT_EQ(enqueued.size() + s.conservation.channelErrors, 200u);
}

TEST(MissingExchange, AMQP20_APublisherWithConfirmsPublishesAgainOnItsNewChannel) {
    // The confirm timeout outlasts the run: only the channel close can tell the shop that its
    // unconfirmed events must go again.
    Scenario s = deletedExchangeScenario(200, ms(2), ms(10), ms(100), ms(3));
    s.services[0].produces[0].confirms = testkit::confirmsOf(SimTime::fromSeconds(60), 3, ms(100));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const RunSummary summary = sim.summary();
    EXPECT_GT(summary.conservation.channelErrors, 1u);
    EXPECT_EQ(sim.losses().total(), 0u) << "the shop publishes every refused event again";
    std::set<std::uint32_t> events;
    for (const Record& e : r.of(RecordKind::Enqueued, r.queue("placed"))) {
        events.insert(r.eventOf(e.message));
    }
    EXPECT_EQ(events.size(), 200u) << "every event reached the queue";
    EXPECT_EQ(summary.consumer("billing").processed, 200u);
}

TEST(MissingExchange, AMQP20_DeclaredAgainTheExchangeRoutesWithItsBindings) {
    Scenario s = deletedExchangeScenario(30, ms(100), SimTime::zero(), ms(950), ms(200));
    s.timeline.clear();
    s.timeline.emplace_back(ms(950), DeleteExchange{"orders", std::nullopt}, "gone");
    s.timeline.emplace_back(ms(2050), DeclareExchange{"orders"}, "back");
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId orders = r.id(EntityKind::Exchange, "orders");
    const auto started = r.of(RecordKind::FaultStarted, orders);
    const auto ended = r.of(RecordKind::FaultEnded, orders);
    ASSERT_EQ(started.size(), 1u);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(static_cast<FaultKind>(started[0].detail), FaultKind::ExchangeDeleted);
    EXPECT_EQ(ended[0].time, ms(2050));
    EXPECT_EQ(ended[0].message, r.intervention("gone")) << "ends the deletion in force";
    // Publishes at 1.0 s .. 2.0 s find no exchange; from 2.1 s on they are routed.
    EXPECT_EQ(Records::messages(r.of(RecordKind::ChannelClosed)).size(), 11u);
    EXPECT_EQ(r.of(RecordKind::Enqueued, r.queue("placed")).size(), 19u);
}

// "shop" publishes to "orders", whose alternate is "unrouted" and which binds on to
// "analytics"; both lead to queues. "unrouted" and "analytics" are deleted at 0.5 s.
Scenario walkScenario() {
    Scenario s;
    s.name = "walk";
    s.duration = SimTime::fromSeconds(5);
    auto& amqp = s.broker.amqp;
    amqp.exchanges.push_back({"orders", ExchangeType::Direct, "unrouted"});
    amqp.exchanges.push_back({"unrouted", ExchangeType::Fanout});
    amqp.exchanges.push_back({"analytics", ExchangeType::Fanout});
    amqp.queues.push_back({"placed"});
    amqp.queues.push_back({"lost-and-found"});
    amqp.queues.push_back({"stats"});
    amqp.bindings.push_back({"orders", "placed", "order.placed"});
    amqp.bindings.push_back({"unrouted", "lost-and-found", ""});
    amqp.bindings.push_back({"analytics", "stats", ""});
    BindingSpec onward{"orders", "", "order.placed"};
    onward.toExchange = "analytics";
    amqp.bindings.push_back(onward);
    ServiceSpec shop = testkit::service("shop");
    for (const char* key : {"order.placed", "order.odd"}) {
        ProducerSpec p = testkit::pinger(10, ms(100));
        p.exchange = "orders";
        p.routingKey = key;
        shop.produces.push_back(p);
    }
    s.services.push_back(shop);
    s.timeline.emplace_back(ms(550), DeleteExchange{"unrouted", std::nullopt});
    s.timeline.emplace_back(ms(550), DeleteExchange{"analytics", std::nullopt});
    return s;
}

TEST(MissingExchange, AMQP20_ADeletedExchangeIsNoOnesAlternateAndNoBindingLeadsToIt) {
    Simulation sim(walkScenario());
    sim.run();
    const Records r(sim);
    // Five of each before the deletion, ten after.
    EXPECT_EQ(r.of(RecordKind::Enqueued, r.queue("placed")).size(), 10u);
    EXPECT_EQ(r.of(RecordKind::Enqueued, r.queue("stats")).size(), 5u);
    EXPECT_EQ(r.of(RecordKind::Enqueued, r.queue("lost-and-found")).size(), 5u);
    // order.odd with its alternate gone is unroutable, not a 404: "orders" exists.
    EXPECT_EQ(sim.summary().conservation.unroutable, 5u);
    EXPECT_TRUE(r.of(RecordKind::ChannelClosed).empty());
}

TEST(MissingExchange, AMQP20_ADeadLetterToADeletedExchangeIsDropped) {
    Scenario s = testkit::workScenario(1, ms(1), 10);
    auto& amqp = s.broker.amqp;
    amqp.exchanges.push_back({"dlx", ExchangeType::Fanout});
    amqp.queues.push_back({"dead"});
    amqp.bindings.push_back({"dlx", "dead", ""});
    amqp.queues[0].arguments.deadLetterExchange = "dlx";
    s.services[0].consumes[0].failureProbability = 1;
    s.services[0].consumes[0].onFailure = FailureAction::Reject;
    s.timeline.push_back(testkit::publishAt(ms(100)));
    s.timeline.emplace_back(ms(200), DeleteExchange{"dlx", std::nullopt});
    s.timeline.push_back(testkit::publishAt(ms(300)));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(r.of(RecordKind::Enqueued, r.queue("dead")).size(), 1u) << "before the deletion";
    EXPECT_EQ(sim.losses()[DropReason::DeadLetterUnroutable].count, 1u) << "after it";
}

} // namespace
} // namespace evsim
