// What faults do to a service instance, on the whole engine: crashes and restarts (AMQP14 at
// engine level), slow-downs, pauses, hangs, error bursts and poison rules. Each scenario is
// built so that every time asserted is known exactly, and so that the plausible wrong
// implementation fails it.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::instanceOf;
using testkit::ms;
using testkit::publishAt;
using testkit::Records;

// Two workers, prefetch 5, 100 ms per message; deliveries take 1 ms, acks 100 ms. Ten messages
// at 0 go round-robin: worker#0 holds 1, 3, 5, 7, 9. It has processed 1 (its ack still on
// the way, due at 201 ms) and is processing 3 when it crashes at 150 ms.
TEST(Faults, AMQP14_ACrashedInstancesUnackedDeliveriesGoToAnotherMarkedRedelivered) {
    Scenario s = testkit::workScenario(2, ms(100), 5, ms(1));
    s.network.links.push_back({"worker", "broker", Distribution::constant(ms(100))});
    for (int i = 0; i < 10; ++i) {
        s.timeline.push_back(publishAt(ms(0)));
    }
    s.timeline.push_back({ms(150), Crash{instanceOf("worker", 0), SimTime::fromSeconds(1)}});
    for (int i = 0; i < 4; ++i) {
        s.timeline.push_back(publishAt(ms(3000)));
    }
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId w0 = r.consumer("worker#0<-work");
    const EntityId w1 = r.consumer("worker#1<-work");
    const EntityId work = r.queue("work");

    const auto closed = r.of(RecordKind::ChannelClosed, w0);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].time, ms(150));
    EXPECT_EQ(closed[0].detail, static_cast<std::uint8_t>(ChannelCloseCause::Crash));
    const auto requeued = Records::between(r.of(RecordKind::Requeued, work, w0), ms(150), ms(151));
    EXPECT_EQ(Records::messages(requeued), (std::vector<std::uint32_t>{1, 3, 5, 7, 9}))
        << "every unacked delivery, the processed one whose ack was on the way included";

    for (const std::uint32_t m : {1u, 3u, 5u, 7u, 9u}) {
        const auto deliveries = r.about(RecordKind::Delivered, m);
        ASSERT_EQ(deliveries.size(), 2u) << "message " << m;
        EXPECT_EQ(deliveries[1].detail, 1) << "redelivered flag, message " << m;
        EXPECT_EQ(deliveries[1].attempt, 2) << "message " << m;
        EXPECT_EQ(deliveries[1].aux, w1) << "to the instance still up, message " << m;
        const auto acks = r.about(RecordKind::Acked, m);
        ASSERT_EQ(acks.size(), 1u) << "message " << m;
        EXPECT_EQ(acks[0].aux, w1) << "an ack from the crashed channel counted, message " << m;
    }
    // Message 1 was processed twice: once before the crash (its ack lost with the channel).
    EXPECT_EQ(r.about(RecordKind::Processed, 1).size(), 2u);
    EXPECT_EQ(sim.summary().consumer("worker").duplicatesProcessed, 1u);

    const auto connected = r.of(RecordKind::Connected, r.instance("worker#0"));
    ASSERT_EQ(connected.size(), 1u);
    EXPECT_EQ(connected[0].time, ms(1150));
    const auto later = Records::between(r.of(RecordKind::Processed, w0), ms(3000), ms(10000));
    EXPECT_FALSE(later.empty()) << "the restarted instance consumes again";

    EXPECT_EQ(sim.summary().queue("work")->acked, 14u);
    EXPECT_EQ(sim.losses().total(), 0u);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

// Auto-ack: the broker forgot every delivery as it sent it. The one being processed and those
// waiting at the instance die with it, counted against the crash.
TEST(Faults, AMQP14_AutoAckDeliveriesACrashedInstanceHeldAreLostAndCounted) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    s.services[0].consumes[0].ack = AckMode::Auto;
    for (int i = 0; i < 10; ++i) {
        s.timeline.push_back(publishAt(ms(0)));
    }
    s.timeline.push_back(
        {ms(250), Crash{instanceOf("worker", 0), SimTime::fromSeconds(1)}, "worker-down"});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto dropped = r.of(RecordKind::Dropped, r.consumer("worker#0<-work"));
    EXPECT_EQ(Records::messages(dropped), (std::vector<std::uint32_t>{3, 4, 5, 6, 7, 8, 9, 10}));
    for (const Record& d : dropped) {
        EXPECT_EQ(d.time, ms(250));
        EXPECT_EQ(d.detail, static_cast<std::uint8_t>(DropReason::InstanceCrash));
    }
    EXPECT_EQ(sim.losses()[DropReason::InstanceCrash].count, 8u);
    EXPECT_EQ(sim.losses().byIntervention(r.intervention("worker-down")), 8u);
    EXPECT_EQ(sim.summary().consumer("worker").processed, 2u);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

// Processing takes 100 ms, three times as long when it starts inside [1 s, 2 s).
TEST(Faults, ASlowDownStretchesProcessingThatStartsInsideItsWindowOnly) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    for (const int at : {500, 950, 1200, 1900, 2500}) {
        s.timeline.push_back(publishAt(ms(at)));
    }
    s.timeline.push_back({ms(1000), SlowDown{instanceOf("worker", 0), 3, ms(1000)}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::times(r.of(RecordKind::Processed)),
              (std::vector<SimTime>{ms(600), ms(1050), ms(1500), ms(2200), ms(2600)}));
}

// worker#0 publishes every 100 ms and takes 100 ms per message; it is paused over
// [1050 ms, 2050 ms). The processing started at 1 s ends at the pause's end, the message that
// arrived during it starts then, and no publish happens inside it.
TEST(Faults, APauseStopsProcessingAndPublishingUntilItsEnd) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    s.broker.amqp.queues.push_back({"out"});
    s.services[0].produces.push_back(testkit::pinger(40, ms(100), "out"));
    s.timeline.push_back(publishAt(ms(1000)));
    s.timeline.push_back(publishAt(ms(1300)));
    s.timeline.push_back({ms(1050), Pause{instanceOf("worker", 0), ms(1000)}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::times(r.of(RecordKind::Processed)),
              (std::vector<SimTime>{ms(2050), ms(2150)}));
    const auto published = r.of(RecordKind::Published, r.producer("worker#0/Ping"));
    EXPECT_TRUE(Records::between(published, ms(1051), ms(2050)).empty());
    const auto resumed = Records::between(published, ms(2050), ms(2051));
    EXPECT_EQ(resumed.size(), 1u) << "the publish due during the pause happens at its end";
    EXPECT_EQ(Records::between(published, ms(0), ms(1051)).size(), 10u);
    EXPECT_EQ(Records::times(r.of(RecordKind::FaultEnded)), (std::vector<SimTime>{ms(2050)}));
}

// Prefetch 3, ten messages at 0; the worker hangs at 50 ms for 2 s, in the middle of its first.
TEST(Faults, AHungInstanceHoldsItsPrefetchWithoutAckingThenGoesOn) {
    Scenario s = testkit::workScenario(1, ms(100), 3);
    for (int i = 0; i < 10; ++i) {
        s.timeline.push_back(publishAt(ms(0)));
    }
    s.timeline.push_back({ms(50), Hang{instanceOf("worker", 0), ms(2000)}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId work = r.queue("work");
    EXPECT_EQ(Records::between(r.of(RecordKind::Delivered, work), ms(0), ms(2050)).size(), 3u)
        << "it keeps taking deliveries up to its prefetch";
    EXPECT_TRUE(Records::between(r.of(RecordKind::Acked, work), ms(0), ms(2050)).empty());
    EXPECT_TRUE(Records::between(r.of(RecordKind::Processed), ms(0), ms(2050)).empty());
    // At the end of the hang the first finishes, then the others one by one.
    const auto processed = r.of(RecordKind::Processed);
    ASSERT_EQ(processed.size(), 10u);
    EXPECT_EQ(processed[0].time, ms(2050));
    EXPECT_EQ(processed[1].time, ms(2150));
    EXPECT_EQ(processed[9].time, ms(2950));
    EXPECT_EQ(sim.summary().queue("work")->acked, 10u);
}

// worker#0 hangs for good before anything arrives; consumer_timeout is 5 s, processing takes
// 1 s, prefetch 1. The broker closes worker#0's channel and requeues message 1; worker#1 is
// busy, so the client's new channel gets it again. At the second timeout worker#1 is idle and
// takes it.
TEST(Faults, AHungInstancePastTheConsumerTimeoutLosesItsChannelAndReopensIt) {
    Scenario s = testkit::workScenario(2, ms(1000), 1);
    s.duration = SimTime::fromSeconds(12);
    s.broker.amqp.consumerTimeout = SimTime::fromSeconds(5);
    s.timeline.push_back({ms(0), Hang{instanceOf("worker", 0), std::nullopt}});
    for (int i = 0; i < 6; ++i) {
        s.timeline.push_back(publishAt(ms(10)));
    }
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const EntityId w0 = r.consumer("worker#0<-work");
    const auto closed = r.of(RecordKind::ChannelClosed, w0);
    EXPECT_EQ(Records::times(closed), (std::vector<SimTime>{ms(5010), ms(10010)}));
    for (const Record& c : closed) {
        EXPECT_EQ(c.detail, static_cast<std::uint8_t>(ChannelCloseCause::ConsumerTimeout));
    }
    const auto requeued = r.of(RecordKind::Requeued, r.queue("work"), w0);
    EXPECT_EQ(Records::messages(requeued), (std::vector<std::uint32_t>{1, 1}));
    const auto toW0 = r.of(RecordKind::Delivered, r.queue("work"), w0);
    ASSERT_EQ(toW0.size(), 2u) << "the reopened channel gets the message again";
    EXPECT_EQ(toW0[1].time, ms(5010));
    EXPECT_EQ(toW0[1].detail, 1);
    EXPECT_TRUE(r.of(RecordKind::Processed, w0).empty());
    const auto byW1 = r.of(RecordKind::Processed, r.consumer("worker#1<-work"));
    EXPECT_EQ(Records::messages(byW1), (std::vector<std::uint32_t>{2, 3, 4, 5, 6, 1}));
    EXPECT_EQ(byW1.back().time, ms(11010));
}

// The same hang, ending at 7 s: the client dropped what the closed channel had sent it, so the
// unhung worker processes message 1 once (from its new channel), not once per channel.
TEST(Faults, DeliveriesOfAChannelTheBrokerClosedAreNotProcessedAfterAHang) {
    Scenario s = testkit::workScenario(2, ms(1000), 1);
    s.duration = SimTime::fromSeconds(12);
    s.broker.amqp.consumerTimeout = SimTime::fromSeconds(5);
    s.timeline.push_back({ms(0), Hang{instanceOf("worker", 0), ms(7000)}});
    for (int i = 0; i < 6; ++i) {
        s.timeline.push_back(publishAt(ms(10)));
    }
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto processed = r.of(RecordKind::Processed, r.consumer("worker#0<-work"));
    EXPECT_EQ(Records::messages(processed), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(sim.summary().consumer("worker").duplicatesProcessed, 0u);
    EXPECT_EQ(sim.summary().queue("work")->acked, 6u);
}

// An error burst replaces the configured failure rate for its window, in both directions.
TEST(Faults, AnErrorBurstReplacesTheFailureRateForItsWindowOnly) {
    for (const double configured : {0.0, 1.0}) {
        Scenario s = testkit::workScenario(1, ms(100), 0);
        s.services[0].consumes[0].failureProbability = configured;
        s.services[0].consumes[0].onFailure = FailureAction::Reject;
        for (const int at : {500, 1500, 2500}) {
            s.timeline.push_back(publishAt(ms(at)));
        }
        s.timeline.push_back(
            {ms(1000), ErrorBurst{instanceOf("worker", 0), 1 - configured, ms(1000)}});
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        const auto inWindow = configured == 0 ? RecordKind::Failed : RecordKind::Processed;
        const auto outside = configured == 0 ? RecordKind::Processed : RecordKind::Failed;
        EXPECT_EQ(Records::messages(r.of(inWindow)), (std::vector<std::uint32_t>{2}))
            << "configured " << configured;
        EXPECT_EQ(Records::messages(r.of(outside)), (std::vector<std::uint32_t>{1, 3}))
            << "configured " << configured;
    }
}

PublishMessage message(std::string type, std::string headers, std::string body) {
    PublishMessage p = testkit::publishTo("", "work", std::move(type));
    p.headers = std::move(headers);
    p.body = std::move(body);
    return p;
}

// Poison rules from the consumer spec (by type, by header present) and from the timeline (by
// header value, for this service; by body field, for every service; and one for another
// service), each failing exactly the messages it matches, and only once it applies.
TEST(Faults, PoisonRulesFailTheMessagesTheyMatchAndNothingElse) {
    Scenario s = testkit::workScenario(1, ms(10), 0);
    s.services[0].consumes[0].onFailure = FailureAction::Reject;
    s.services[0].consumes[0].poison.push_back(PoisonRule{"Bad", "", "", std::nullopt});
    s.services[0].consumes[0].poison.push_back(PoisonRule{"", "x-poison", "", std::nullopt});
    s.broker.amqp.queues.push_back({"other"});
    ServiceSpec other = testkit::service("other");
    other.consumes.push_back(testkit::consumerOf("other", ms(10)));
    s.services.push_back(other);
    const SimTime before = ms(100);
    const SimTime after = ms(2000);
    const std::vector<std::pair<SimTime, PublishMessage>> messages = {
        {before, message("Bad", "{}", "{}")},                           // 1 fails: type
        {before, message("Ping", R"({"x-poison":false})", "{}")},       // 2 fails: header present
        {before, message("Ping", R"({"x-tenant":"evil"})", "{}")},      // 3 ok: rule not yet
        {after, message("Ping", R"({"x-tenant":"evil"})", "{}")},       // 4 fails: header value
        {after, message("Ping", R"({"x-tenant":"good"})", "{}")},       // 5 ok
        {after, message("Ping", "{}", "{}")},                           // 6 ok: no header
        {after, message("Ping", "{}", R"({"customer":{"id":42}})")},    // 7 fails: field value
        {after, message("Ping", "{}", R"({"customer":{"id":43}})")},    // 8 ok
        {after, message("Ping", "{}", R"({"customer":{"id":"42"}})")},  // 9 ok: a string
        {after, message("Pong", "{}", R"({"customer":{"name":42}})")}}; // 10 ok
    for (const auto& [at, m] : messages) {
        s.timeline.push_back({at, m});
    }
    s.timeline.push_back(
        {ms(1000), Poison{"worker", PoisonRule{"", "x-tenant", "", std::string(R"("evil")")}}});
    s.timeline.push_back({ms(1000), Poison{"", PoisonRule{"", "", "customer.id", "42"}}});
    s.timeline.push_back({ms(1000), Poison{"other", PoisonRule{"Ping", "", "", std::nullopt}}});
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::messages(r.of(RecordKind::Failed)),
              (std::vector<std::uint32_t>{1, 2, 4, 7}));
    EXPECT_EQ(Records::messages(r.of(RecordKind::Processed)),
              (std::vector<std::uint32_t>{3, 5, 6, 8, 9, 10}));
    EXPECT_EQ(sim.losses()[DropReason::Rejected].count, 4u);
}

} // namespace
} // namespace evsim
