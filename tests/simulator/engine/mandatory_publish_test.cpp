// Mandatory publishes (AMQP05): a message the exchange routes to no queue comes back to its
// publisher as basic.return (312 NO_ROUTE), before the confirm of the same publish; a message
// an alternate exchange routes is not returned; without `mandatory` nothing comes back.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::ms;
using testkit::Records;

// "producer" publishes `count` events to exchange "orders" with key "order.lost", which no
// binding matches; queue "placed" is bound with "order.placed" only.
Scenario unroutableScenario(bool mandatory, bool confirms, std::uint64_t count = 3) {
    Scenario s;
    s.name = "mandatory";
    s.duration = SimTime::fromSeconds(10);
    s.broker.amqp.exchanges.push_back({"orders", ExchangeType::Direct});
    s.broker.amqp.queues.push_back({"placed"});
    s.broker.amqp.bindings.push_back({"orders", "placed", "order.placed"});
    ProducerSpec p = testkit::pinger(count, ms(100));
    p.exchange = "orders";
    p.routingKey = "order.lost";
    p.mandatory = mandatory;
    if (confirms) {
        p.confirms = testkit::confirmsOf(SimTime::fromSeconds(5), 3, ms(200));
    }
    ServiceSpec service = testkit::service("producer");
    service.produces.push_back(p);
    s.services.push_back(service);
    return s;
}

TEST(MandatoryPublish, AMQP05_AnUnroutableMandatoryPublishIsReturnedBeforeItsConfirm) {
    Simulation sim(unroutableScenario(true, true));
    sim.run();
    const Records r(sim);
    const EntityId producer = r.producer("producer#0/Ping");
    const auto returned = r.of(RecordKind::Returned, producer);
    const auto confirmed = r.of(RecordKind::Confirmed, producer);
    ASSERT_EQ(returned.size(), 3u);
    ASSERT_EQ(confirmed.size(), 3u);
    EXPECT_EQ(Records::messages(returned), (std::vector<std::uint32_t>{1, 2, 3}));
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(confirmed[i].detail, 0) << "an unroutable publish is still acked";
        EXPECT_EQ(returned[i].time, confirmed[i].time) << "both arrive together";
    }
    // In the log, each message's return comes before its confirm.
    std::vector<std::uint32_t> order;
    for (const Record& rec : sim.log().records()) {
        if (rec.entity == producer &&
            (rec.kind == RecordKind::Returned || rec.kind == RecordKind::Confirmed)) {
            order.push_back(rec.message * 2 + (rec.kind == RecordKind::Confirmed ? 1 : 0));
        }
    }
    EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(sim.summary().conservation.unroutable, 3u) << "still counted as unroutable";
    EXPECT_EQ(sim.summary().returned, 3u);
}

TEST(MandatoryPublish, AMQP05_AMandatoryPublishWithoutConfirmsIsReturnedAllTheSame) {
    Simulation sim(unroutableScenario(true, false, 2));
    sim.run();
    const Records r(sim);
    const EntityId producer = r.producer("producer#0/Ping");
    EXPECT_EQ(r.of(RecordKind::Returned, producer).size(), 2u);
    EXPECT_TRUE(r.of(RecordKind::Confirmed, producer).empty());
}

TEST(MandatoryPublish, AMQP05_WithoutMandatoryOrWithARouteNothingIsReturned) {
    Simulation plain(unroutableScenario(false, true));
    plain.run();
    EXPECT_TRUE(Records(plain).of(RecordKind::Returned).empty());
    EXPECT_EQ(plain.summary().returned, 0u);

    Scenario caught = unroutableScenario(true, true);
    caught.broker.amqp.exchanges[0].alternateExchange = "unrouted";
    caught.broker.amqp.exchanges.push_back({"unrouted", ExchangeType::Fanout});
    caught.broker.amqp.queues.push_back({"unrouted"});
    caught.broker.amqp.bindings.push_back({"unrouted", "unrouted", ""});
    Simulation sim(caught);
    sim.run();
    EXPECT_TRUE(Records(sim).of(RecordKind::Returned).empty())
        << "what the alternate exchange routes is routed: not returned";
    EXPECT_EQ(sim.summary().queue("unrouted")->published, 3u);
}

} // namespace
} // namespace evsim
