// Faults between the clients and the broker, on the whole engine: publisher confirms under
// nacks, lost confirms and partitions (AMQP16, the publisher's side), link loss, duplication,
// reordering, latency and partitions, heals, and broker restarts with the reconnects that
// follow.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>
#include <set>

namespace evsim {
namespace {

using testkit::instanceOf;
using testkit::ms;
using testkit::publishAt;
using testkit::Records;

// A queue "work" that only "producer" (one instance) publishes to.
Scenario producerScenario(const ProducerSpec& producer) {
    Scenario s;
    s.name = "publisher";
    s.duration = SimTime::fromSeconds(10);
    s.broker.amqp.queues.push_back({"work"});
    ServiceSpec p = testkit::service("producer");
    p.produces.push_back(producer);
    s.services.push_back(p);
    return s;
}

ProducerSpec confirmingPinger(std::uint64_t count, SimTime timeout, std::uint32_t retries,
                              SimTime backoff) {
    ProducerSpec p = testkit::pinger(count, ms(100));
    p.confirms = testkit::confirmsOf(timeout, retries, backoff);
    return p;
}

LinkFault cut(const InstanceTarget& target, LinkDirection direction, SimTime duration) {
    LinkFault f;
    f.target = target;
    f.direction = direction;
    f.partition = true;
    f.duration = duration;
    return f;
}

// The queue holds one message and refuses more (reject-publish) until a purge at 500 ms. The
// second event is nacked at 200 ms and 400 ms and published again after 200 ms, then 400 ms.
TEST(Faults, AMQP16_ANackedPublishIsPublishedAgainAfterItsBackOff) {
    Scenario s = producerScenario(confirmingPinger(2, SimTime::fromSeconds(5), 3, ms(200)));
    s.broker.amqp.queues[0].arguments.maxLength = 1;
    s.broker.amqp.queues[0].arguments.overflow = Overflow::RejectPublish;
    s.timeline.push_back({ms(500), PurgeQueue{"work"}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId producer = r.producer("producer#0/Ping");
    const auto published = r.of(RecordKind::Published, producer);
    ASSERT_EQ(published.size(), 4u);
    EXPECT_EQ(Records::times(published),
              (std::vector<SimTime>{ms(100), ms(200), ms(400), ms(800)}));
    for (std::size_t i = 2; i < 4; ++i) {
        EXPECT_EQ(published[i].detail, 1) << "marked a retry";
        EXPECT_EQ(published[i].attempt, i) << "its attempt number";
        EXPECT_EQ(r.eventOf(published[i].message), 2u) << "the same event";
    }
    const auto confirms = r.of(RecordKind::Confirmed, producer);
    ASSERT_EQ(confirms.size(), 4u);
    EXPECT_EQ(Records::messages(confirms), (std::vector<std::uint32_t>{1, 2, 3, 4}));
    EXPECT_EQ(confirms[0].detail, 0);
    EXPECT_EQ(confirms[1].detail, 1) << "a nack";
    EXPECT_EQ(confirms[2].detail, 1) << "a nack";
    EXPECT_EQ(confirms[3].detail, 0);
    EXPECT_EQ(sim.summary().queue("work")->ready, 1u);
    EXPECT_EQ(sim.losses().total(), 1u) << "the purged one; refusals of a retried event are not";
}

// The broker's confirms never reach the publisher (one-way partition): each attempt times out
// after 1 s and the event is published again, three times in all, then the publisher gives up.
// Every attempt reached the queue, so nothing is lost; the queue has three copies of one event.
// The same with the other direction cut: nothing arrives, and the event is lost, counted
// against the partition.
TEST(Faults, AMQP16_GivingUpCountsALossOnlyWhenNoAttemptReachedTheBroker) {
    for (const LinkDirection direction : {LinkDirection::FromBroker, LinkDirection::ToBroker}) {
        const bool reaches = direction == LinkDirection::FromBroker;
        Scenario s = producerScenario(confirmingPinger(1, SimTime::fromSeconds(1), 2, ms(100)));
        s.timeline.push_back(
            {ms(0), cut(instanceOf("producer", 0), direction, SimTime::fromSeconds(10)), "cut"});
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        const auto published = r.of(RecordKind::Published, r.producer("producer#0/Ping"));
        EXPECT_EQ(Records::times(published), (std::vector<SimTime>{ms(100), ms(1200), ms(2400)}));
        const auto enqueued = r.of(RecordKind::Enqueued, r.queue("work"));
        EXPECT_EQ(enqueued.size(), reaches ? 3u : 0u);
        for (const Record& e : enqueued) {
            EXPECT_EQ(r.eventOf(e.message), 1u) << "a duplicate carries the same event id";
        }
        EXPECT_EQ(sim.losses()[DropReason::GaveUp].count, reaches ? 0u : 1u);
        EXPECT_EQ(sim.losses().byIntervention(r.intervention("cut")), reaches ? 0u : 1u);
        const auto gaveUp = r.of(RecordKind::Dropped, r.producer("producer#0/Ping"));
        ASSERT_EQ(gaveUp.size(), reaches ? 0u : 1u);
        if (!reaches) {
            EXPECT_EQ(gaveUp[0].time, ms(3400));
            EXPECT_EQ(gaveUp[0].detail, static_cast<std::uint8_t>(DropReason::GaveUp));
        }
        EXPECT_TRUE(sim.summary().conservation.balanced());
    }
}

TEST(Faults, ALossyLinkDropsFireAndForgetPublishesAndCountsThem) {
    Scenario s = producerScenario(testkit::pinger(200, ms(10)));
    LinkFault lossy;
    lossy.target = instanceOf("producer", 0);
    lossy.direction = LinkDirection::ToBroker;
    lossy.loss = 0.5;
    lossy.duration = SimTime::fromSeconds(1);
    s.timeline.push_back({ms(500), lossy, "lossy"});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto dropped = r.of(RecordKind::Dropped, r.link("producer->broker"));
    EXPECT_GT(dropped.size(), 30u);
    EXPECT_LT(dropped.size(), 70u);
    for (const Record& d : dropped) {
        EXPECT_GE(d.time, ms(500));
        EXPECT_LT(d.time, ms(1500));
        EXPECT_EQ(d.detail, static_cast<std::uint8_t>(DropReason::Network));
    }
    EXPECT_EQ(sim.losses()[DropReason::Network].count, dropped.size());
    EXPECT_EQ(sim.losses().byIntervention(r.intervention("lossy")), dropped.size());
    EXPECT_EQ(sim.summary().queue("work")->published + dropped.size(), 200u);
    EXPECT_EQ(sim.summary().conservation.lostOnTheWay, dropped.size());
}

// Prefetch 1. The ack of message 1 is lost: the broker still holds it as delivered, so message
// 2 waits, until the consumer timeout (3 s) closes the channel and message 1 is redelivered.
TEST(Faults, ALostAckLeavesTheCopyHeldUntilTheChannelCloses) {
    Scenario s = testkit::workScenario(1, ms(100), 1);
    s.broker.amqp.consumerTimeout = SimTime::fromSeconds(3);
    LinkFault lossy;
    lossy.target = instanceOf("worker", 0);
    lossy.direction = LinkDirection::ToBroker;
    lossy.loss = 1;
    lossy.duration = ms(500);
    s.timeline.push_back({ms(0), lossy});
    s.timeline.push_back(publishAt(ms(100)));
    s.timeline.push_back(publishAt(ms(100)));
    Simulation sim(s);
    sim.runUntil(SimTime::fromSeconds(3));
    EXPECT_EQ(sim.summary().queue("work")->unacked, 1u);
    EXPECT_EQ(sim.summary().queue("work")->ready, 1u);
    sim.run();
    const Records r(sim);
    const EntityId consumer = r.consumer("worker#0<-work");
    const auto lost = r.of(RecordKind::LostInTransit, r.link("worker->broker"));
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_EQ(lost[0].time, ms(200));
    EXPECT_EQ(lost[0].aux, consumer);
    EXPECT_EQ(Records::times(r.of(RecordKind::ChannelClosed, consumer)),
              (std::vector<SimTime>{ms(3100)}));
    const auto acked = r.of(RecordKind::Acked, r.queue("work"));
    EXPECT_EQ(Records::times(acked), (std::vector<SimTime>{ms(3200), ms(3300)}));
    EXPECT_EQ(r.about(RecordKind::Processed, 1).size(), 2u);
}

TEST(Faults, ADuplicatingLinkDeliversTwice) {
    {
        // Broker to consumer: each delivery arrives twice; the second ack is ignored.
        Scenario s = testkit::workScenario(1, ms(10), 0, ms(1));
        LinkFault twice;
        twice.target = instanceOf("worker", 0);
        twice.direction = LinkDirection::FromBroker;
        twice.duplicate = 1;
        s.timeline.push_back({ms(0), twice});
        for (int i = 0; i < 5; ++i) {
            s.timeline.push_back(publishAt(ms(100 * i + 100)));
        }
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        EXPECT_EQ(r.of(RecordKind::Duplicated, r.link("broker->worker")).size(), 5u);
        EXPECT_EQ(r.of(RecordKind::Processed).size(), 10u);
        EXPECT_EQ(sim.summary().queue("work")->acked, 5u);
        EXPECT_EQ(sim.summary().consumer("worker").duplicatesProcessed, 5u);
        EXPECT_TRUE(sim.summary().conservation.balanced());
    }
    {
        // Publisher to broker: each publish becomes two messages carrying one event.
        Scenario s = producerScenario(testkit::pinger(5, ms(100)));
        s.network.latency = Distribution::constant(ms(1));
        LinkFault twice;
        twice.target = instanceOf("producer", 0);
        twice.direction = LinkDirection::ToBroker;
        twice.duplicate = 1;
        s.timeline.push_back({ms(0), twice});
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        const auto enqueued = r.of(RecordKind::Enqueued, r.queue("work"));
        ASSERT_EQ(enqueued.size(), 10u);
        std::set<std::uint32_t> ids;
        std::multiset<std::uint32_t> events;
        for (const Record& e : enqueued) {
            ids.insert(e.message);
            events.insert(r.eventOf(e.message));
        }
        EXPECT_EQ(ids.size(), 10u);
        for (const std::uint32_t event : std::set<std::uint32_t>(events.begin(), events.end())) {
            EXPECT_EQ(events.count(event), 2u);
        }
        EXPECT_EQ(sim.summary().conservation.published, 10u);
        EXPECT_TRUE(sim.summary().conservation.balanced());
    }
}

// The worker's acks arrive twice: the broker settles each delivery once, the second copy
// of an ack finds its delivery settled, and every copy leaves the link (none stays counted
// on the wire).
TEST(Faults, ADuplicatedAckSettlesOnceAndLeavesNothingOnTheWire) {
    Scenario s = testkit::workScenario(1, ms(10), 0, ms(1));
    LinkFault twice;
    twice.target = instanceOf("worker", 0);
    twice.direction = LinkDirection::ToBroker;
    twice.duplicate = 1;
    s.timeline.push_back({ms(0), twice});
    for (int i = 0; i < 5; ++i) {
        s.timeline.push_back(publishAt(ms(100 * i + 100)));
    }
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(r.of(RecordKind::Acked, r.queue("work")).size(), 5u);
    EXPECT_EQ(r.of(RecordKind::Processed).size(), 5u);
    EXPECT_EQ(sim.summary().queue("work")->acked, 5u);
    EXPECT_EQ(sim.summary().queue("work")->unacked, 0u);
    for (std::size_t l = 0; l < sim.network().linkCount(); ++l) {
        EXPECT_EQ(sim.network().inFlight(static_cast<LinkIndex>(l)), 0u)
            << sim.network().linkName(static_cast<LinkIndex>(l));
    }
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

// Latencies between 1 and 50 ms and half the messages free to overtake: deliveries are
// processed, and publishes enqueued, in another order than they were sent.
TEST(Faults, AReorderingLinkLetsMessagesOvertake) {
    Scenario s = testkit::workScenario(1, ms(1), 0, ms(1));
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(100, ms(2)));
    s.services.push_back(producer);
    LinkFault shuffle;
    shuffle.latency = Distribution::uniform(ms(1), ms(50));
    shuffle.reorder = 0.5;
    shuffle.direction = LinkDirection::FromBroker;
    shuffle.target = instanceOf("worker", 0);
    s.timeline.push_back({ms(0), shuffle});
    shuffle.direction = LinkDirection::ToBroker;
    shuffle.target = instanceOf("producer", 0);
    s.timeline.push_back({ms(0), shuffle});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto published = Records::messages(r.of(RecordKind::Published));
    const auto enqueued = Records::messages(r.of(RecordKind::Enqueued));
    const auto delivered = Records::messages(r.of(RecordKind::Delivered));
    const auto processed = Records::messages(r.of(RecordKind::Processed));
    ASSERT_EQ(enqueued.size(), 100u);
    ASSERT_EQ(processed.size(), 100u);
    EXPECT_NE(enqueued, published) << "no publish overtook another";
    EXPECT_NE(processed, delivered) << "no delivery overtook another";
    EXPECT_EQ(std::set<std::uint32_t>(processed.begin(), processed.end()).size(), 100u);
}

// 1 ms normally; 50 ms plus up to 10 ms of jitter while the fault lasts.
TEST(Faults, ALinkFaultsLatencyAndJitterSetArrivalTimes) {
    Scenario s = producerScenario(testkit::pinger(100, ms(10)));
    s.network.latency = Distribution::constant(ms(1));
    LinkFault slow;
    slow.target = instanceOf("producer", 0);
    slow.direction = LinkDirection::ToBroker;
    slow.latency = Distribution::constant(ms(50));
    slow.jitter = ms(10);
    slow.duration = ms(300);
    s.timeline.push_back({ms(300), slow});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    std::set<SimTime> inside;
    for (const Record& p : r.of(RecordKind::Published)) {
        const auto enqueued = r.about(RecordKind::Enqueued, p.message);
        ASSERT_EQ(enqueued.size(), 1u);
        const SimTime took = enqueued[0].time - p.time;
        if (p.time < ms(300)) {
            EXPECT_EQ(took, ms(1));
        } else if (p.time < ms(600)) {
            EXPECT_GE(took, ms(50));
            EXPECT_LE(took, ms(60));
            inside.insert(took);
        }
    }
    EXPECT_GT(inside.size(), 5u) << "no jitter";
}

// Heartbeat timeout 5 s; worker#0 is cut off both ways from 1 s to 11 s. The broker closes its
// connection at 6 s; it tries again after 1 s, 2 s and 4 s, and is back at 13 s.
TEST(Faults, ATwoWayPartitionPastTheHeartbeatDisconnectsUntilAReconnectAfterTheHeal) {
    Scenario s = testkit::workScenario(1, ms(10), 10, ms(1));
    s.duration = SimTime::fromSeconds(20);
    s.broker.amqp.heartbeat = SimTime::fromSeconds(5);
    s.services[0].reconnect = Backoff{SimTime::fromSeconds(1), 2, SimTime::fromSeconds(4)};
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(150, ms(100)));
    s.services.push_back(producer);
    s.timeline.push_back(
        {ms(1000), cut(instanceOf("worker", 0), LinkDirection::Both, SimTime::fromSeconds(10))});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId consumer = r.consumer("worker#0<-work");
    const auto closed = r.of(RecordKind::ChannelClosed, consumer);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].time, ms(6000));
    EXPECT_EQ(closed[0].detail, static_cast<std::uint8_t>(ChannelCloseCause::Heartbeat));
    EXPECT_EQ(Records::times(r.of(RecordKind::Connected, r.instance("worker#0"))),
              (std::vector<SimTime>{ms(13000)}));
    EXPECT_FALSE(r.of(RecordKind::LostInTransit, r.link("broker->worker")).empty());
    EXPECT_TRUE(Records::between(r.of(RecordKind::Processed), ms(1002), ms(13000)).empty());
    EXPECT_EQ(r.of(RecordKind::Processed).size(), 150u) << "every message, after the reconnect";
    EXPECT_EQ(sim.losses().total(), 0u);
}

// The broker is down from 1050 ms to 6050 ms. Clients lose their connections, try again after
// 1 s, 2 s, 4 s (failing while it is down), and are back at 8050 ms; the producer publishes
// nothing in between and goes on from there. Durable queue, persistent messages: no loss.
TEST(Faults, ABrokerRestartDisconnectsClientsThatReconnectWithTheirBackOff) {
    Scenario s = testkit::workScenario(1, ms(10), 10, ms(1));
    s.duration = SimTime::fromSeconds(20);
    s.services[0].reconnect = Backoff{SimTime::fromSeconds(1), 2, SimTime::fromSeconds(30)};
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(100, ms(100)));
    producer.produces.back().persistent = true;
    producer.reconnect = s.services[0].reconnect;
    s.services.push_back(producer);
    s.timeline.push_back({ms(1050), BrokerRestart{SimTime::fromSeconds(5)}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto closed = r.of(RecordKind::ChannelClosed, r.consumer("worker#0<-work"));
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].time, ms(1050));
    EXPECT_EQ(closed[0].detail, static_cast<std::uint8_t>(ChannelCloseCause::BrokerRestart));
    EXPECT_EQ(Records::times(r.of(RecordKind::FaultEnded)), (std::vector<SimTime>{ms(6050)}));
    for (const char* instance : {"worker#0", "producer#0"}) {
        EXPECT_EQ(Records::times(r.of(RecordKind::Connected, r.instance(instance))),
                  (std::vector<SimTime>{ms(8050)}))
            << instance;
    }
    const auto published = r.of(RecordKind::Published);
    EXPECT_TRUE(Records::between(published, ms(1051), ms(8050)).empty());
    EXPECT_EQ(Records::between(published, ms(8050), ms(8051)).size(), 1u);
    EXPECT_EQ(published.size(), 100u);
    EXPECT_EQ(r.of(RecordKind::Processed).size(), 100u);
    EXPECT_EQ(sim.losses().total(), 0u);
}

// Auto-ack, 1 s per message, ten messages at 0. worker#0 is cut off at 150 ms, and the broker
// drops its connection at 2150 ms (heartbeat 2 s): the third message, in processing, is
// finished; the seven it had been sent and not started are gone with the connection, and
// counted against the partition.
TEST(Faults, AutoAckDeliveriesLostWithAConnectionAreCounted) {
    Scenario s = testkit::workScenario(1, SimTime::fromSeconds(1), 0);
    s.services[0].consumes[0].ack = AckMode::Auto;
    s.broker.amqp.heartbeat = SimTime::fromSeconds(2);
    for (int i = 0; i < 10; ++i) {
        s.timeline.push_back(publishAt(ms(0)));
    }
    s.timeline.push_back(
        {ms(150), cut(instanceOf("worker", 0), LinkDirection::Both, SimTime::fromSeconds(5)),
         "cut"});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto dropped = r.of(RecordKind::Dropped, r.consumer("worker#0<-work"));
    EXPECT_EQ(Records::messages(dropped), (std::vector<std::uint32_t>{4, 5, 6, 7, 8, 9, 10}));
    EXPECT_EQ(sim.losses().byIntervention(r.intervention("cut")), 7u);
    EXPECT_EQ(sim.summary().consumer("worker").processed, 3u);
}

} // namespace
} // namespace evsim
