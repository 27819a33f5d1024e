// Message faults (FLT01): one message singled out on its next hop - dropped, duplicated,
// delayed, or crashing the consumer instance it reaches - acting once, on that message only.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::ms;
using testkit::Records;

// "producer" publishes msg-1 … msg-5 to "work" at 100 ms, 200 ms, … 500 ms; every hop takes
// 10 ms, so msg-3 reaches the broker at 310 ms and the worker (one instance, 20 ms a message)
// at 320 ms.
Scenario fiveMessages() {
    Scenario s = testkit::workScenario(1, ms(20), 0, ms(10));
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(5, ms(100)));
    s.services.push_back(producer);
    return s;
}

Intervention single(SimTime at, MessageFaultKind kind, std::string name = "single") {
    MessageFault f;
    f.message = 3;
    f.kind = kind;
    return {at, f, std::move(name)};
}

TEST(MessageFaults, FLT01_ADroppedPublishNeverReachesTheBrokerAndIsCountedAgainstIt) {
    Scenario s = fiveMessages();
    s.timeline.push_back(single(ms(0), MessageFaultKind::Drop));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::messages(r.of(RecordKind::Enqueued)),
              (std::vector<std::uint32_t>{1, 2, 4, 5}));
    const auto singled = r.of(RecordKind::SingledOut);
    ASSERT_EQ(singled.size(), 1u);
    EXPECT_EQ(singled[0].message, 3u);
    EXPECT_EQ(singled[0].entity, r.link("producer->broker"));
    EXPECT_EQ(singled[0].time, ms(300));
    EXPECT_EQ(sim.losses().byIntervention(r.intervention("single")), 1u);
    EXPECT_EQ(sim.summary().consumer("worker").processed, 4u);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

// At 305 ms msg-3 is at the broker, so its next hop is the delivery: lost on the way, and with
// manual acks the broker still counts it delivered and unacknowledged.
TEST(MessageFaults, FLT01_ADroppedDeliveryIsLostInTransitAndStaysUnacked) {
    Scenario s = fiveMessages();
    s.timeline.push_back(single(ms(305), MessageFaultKind::Drop));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto lost = r.of(RecordKind::LostInTransit);
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_EQ(lost[0].message, 3u);
    EXPECT_EQ(lost[0].entity, r.link("broker->worker"));
    EXPECT_EQ(r.about(RecordKind::Enqueued, 3).size(), 1u) << "the publish was not touched";
    EXPECT_TRUE(r.about(RecordKind::Processed, 3).empty());
    EXPECT_EQ(sim.summary().consumer("worker").processed, 4u);
    EXPECT_EQ(sim.summary().queue("work")->unacked, 1u);
}

// Only the next hop: duplicated on its publish, msg-3 becomes two messages, and neither is
// duplicated again on its delivery. No other message is touched.
TEST(MessageFaults, FLT01_ADuplicateActsOnceOnTheNextHopOnly) {
    Scenario s = fiveMessages();
    s.timeline.push_back(single(ms(0), MessageFaultKind::Duplicate));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto duplicated = r.of(RecordKind::Duplicated);
    ASSERT_EQ(duplicated.size(), 1u);
    EXPECT_EQ(duplicated[0].entity, r.link("producer->broker"));
    EXPECT_EQ(r.eventOf(duplicated[0].message), 3u) << "a copy of msg-3's event";
    EXPECT_EQ(r.of(RecordKind::Enqueued).size(), 6u);
    EXPECT_EQ(sim.summary().consumer("worker").processed, 6u);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

TEST(MessageFaults, FLT01_ADuplicatedDeliveryIsProcessedTwice) {
    Scenario s = fiveMessages();
    s.timeline.push_back(single(ms(305), MessageFaultKind::Duplicate));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(r.of(RecordKind::Duplicated, r.link("broker->worker")).size(), 1u);
    EXPECT_EQ(r.about(RecordKind::Processed, 3).size(), 2u);
    EXPECT_EQ(r.about(RecordKind::Processed, 2).size(), 1u);
    EXPECT_EQ(sim.summary().queue("work")->acked, 5u);
}

// msg-3's publish arrives 250 ms late, at 560 ms: msg-4 and msg-5 overtake it, and are not
// held up behind it (they still arrive 10 ms after they were sent).
TEST(MessageFaults, FLT01_ADelayedMessageIsOvertakenAndHoldsUpNothing) {
    Scenario s = fiveMessages();
    Intervention late = single(ms(0), MessageFaultKind::Delay);
    std::get<MessageFault>(late.action).delay = ms(250);
    s.timeline.push_back(late);
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto enqueued = r.of(RecordKind::Enqueued);
    EXPECT_EQ(Records::messages(enqueued), (std::vector<std::uint32_t>{1, 2, 4, 5, 3}));
    EXPECT_EQ(Records::times(enqueued),
              (std::vector<SimTime>{ms(110), ms(210), ms(410), ms(510), ms(560)}));
    EXPECT_EQ(sim.summary().consumer("worker").processed, 5u);
}

// Set before msg-3 is published, a crash waits for its delivery: worker#0 crashes at 320 ms
// as msg-3 arrives, and comes back 1 s later. msg-3 went back to the queue with the channel
// (AMQP14) and is processed after the restart; nothing is lost.
TEST(MessageFaults, FLT01_TheInstanceAMessageReachesCrashesAsItArrives) {
    Scenario s = fiveMessages();
    Intervention crash = single(ms(0), MessageFaultKind::CrashReceiver, "poisoned");
    std::get<MessageFault>(crash.action).restartAfter = SimTime::fromSeconds(1);
    s.timeline.push_back(crash);
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_TRUE(r.about(RecordKind::SingledOut, 3).size() == 1 &&
                r.about(RecordKind::SingledOut, 3)[0].entity == r.link("broker->worker"))
        << "the publish hop is skipped";
    const EntityId worker = r.instance("worker#0");
    const auto started = r.of(RecordKind::FaultStarted, worker);
    const auto ended = r.of(RecordKind::FaultEnded, worker);
    ASSERT_EQ(started.size(), 1u);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(started[0].time, ms(320));
    EXPECT_EQ(started[0].detail, static_cast<std::uint8_t>(FaultKind::Crash));
    EXPECT_EQ(started[0].message, r.intervention("poisoned"));
    EXPECT_EQ(ended[0].time, ms(1320));
    EXPECT_EQ(r.about(RecordKind::Requeued, 3).size(), 1u);
    const auto processed = r.about(RecordKind::Processed, 3);
    ASSERT_EQ(processed.size(), 1u);
    EXPECT_GT(processed[0].time, ms(1320));
    EXPECT_EQ(sim.summary().consumer("worker").processed, 5u);
    EXPECT_EQ(sim.losses().total(), 0u);
}

// A fault for a message that has taken its last hop changes nothing: the run's records are
// those of the run without it.
TEST(MessageFaults, FLT01_AMessageWithNoHopLeftIsNeverTouched) {
    Simulation plain(fiveMessages());
    plain.run();
    Scenario s = fiveMessages();
    s.timeline.push_back(single(ms(400), MessageFaultKind::Drop));
    Simulation late(s);
    late.run();
    EXPECT_EQ(late.digest(), plain.digest());
    EXPECT_TRUE(Records(late).of(RecordKind::SingledOut).empty());
}

} // namespace
} // namespace evsim
