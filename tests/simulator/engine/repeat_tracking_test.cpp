// Counting events processed again (`duplicates_processed`) only once something can bring an
// event back: a run without faults, retries or dead-lettering remembers no processed event,
// and one that starts to (a session closes, an intervention comes) remembers the processings
// whose acks are still on their way. Each test runs in every invariant mode: the dense modes
// keep every processing and check that none was a repeat while untracked; Off and Sampled keep
// only what tracking asked for, so they fail if a processing that could come back was not
// remembered.
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using testkit::instanceOf;
using testkit::ms;
using testkit::Records;

const InvariantChecks kModes[] = {InvariantChecks::Off, InvariantChecks::Sampled,
                                  InvariantChecks::Dense, InvariantChecks::EveryEvent};

const char* nameOf(InvariantChecks mode) {
    switch (mode) {
    case InvariantChecks::Off:
        return "Off";
    case InvariantChecks::Sampled:
        return "Sampled";
    case InvariantChecks::Dense:
        return "Dense";
    case InvariantChecks::EveryEvent:
        return "EveryEvent";
    case InvariantChecks::BuildDefault:
        break;
    }
    return "BuildDefault";
}

// One worker, prefetch 2, 1 s per message; its acks take 10 s to reach the broker. A producer
// (no timeline: nothing is injected) publishes two events at 1 and 2 ms.
Scenario slowAcks() {
    Scenario s = testkit::workScenario(1, ms(1000), 2);
    ServiceSpec source = testkit::service("source");
    source.produces.push_back(testkit::pinger(2, ms(1)));
    s.services.push_back(source);
    s.network.links.push_back({"worker", "broker", Distribution::constant(ms(10'000))});
    s.duration = ms(8000);
    return s;
}

// Both messages are processed by 2,001 ms, their acks due at 11,001 and 12,001 ms. At 5,001 ms
// the consumer timeout (5 s after message 1's delivery) closes the channel: the broker
// requeues both, the acks on their way will be ignored, and both are processed again from
// the new channel at 5,001 and 6,001 ms. Nothing but the session's close says that a repeat
// is possible, after the first processings ended.
TEST(RepeatTracking, ProcessingsWhoseAcksAConsumerTimeoutVoidsCountAsProcessedAgain) {
    for (const InvariantChecks mode : kModes) {
        SCOPED_TRACE(nameOf(mode));
        Scenario s = slowAcks();
        s.broker.amqp.consumerTimeout = SimTime::fromSeconds(5);
        SimulationOptions options;
        options.invariants = mode;
        Simulation sim(s, options);
        sim.run();
        const Records r(sim);
        const auto processed = r.of(RecordKind::Processed, r.consumer("worker#0<-work"));
        EXPECT_EQ(Records::messages(processed), (std::vector<std::uint32_t>{1, 2, 1, 2}));
        EXPECT_EQ(Records::times(processed),
                  (std::vector<SimTime>{ms(1001), ms(2001), ms(6001), ms(7001)}));
        EXPECT_EQ(sim.summary().consumer("worker").duplicatesProcessed, 2u);
    }
}

// The same run without a consumer timeout, and a crash injected live at 1,500 ms, when message
// 1 is processed (its ack on the way) and message 2 is being processed. The crash requeues
// both; after the restart at 2,500 ms message 1 is processed again, a repeat, and message 2
// for the first time: its first processing died with the process.
TEST(RepeatTracking, ALiveInterventionRemembersWhatWasProcessedAndNotYetAcked) {
    for (const InvariantChecks mode : kModes) {
        SCOPED_TRACE(nameOf(mode));
        SimulationOptions options;
        options.invariants = mode;
        Simulation sim(slowAcks(), options);
        sim.runUntil(ms(1500));
        ASSERT_TRUE(sim.inject({ms(1500), Crash{instanceOf("worker", 0), ms(1000)}}).ok());
        sim.run();
        const Records r(sim);
        const auto processed = r.of(RecordKind::Processed, r.consumer("worker#0<-work"));
        EXPECT_EQ(Records::messages(processed), (std::vector<std::uint32_t>{1, 1, 2}));
        const ConsumerStats worker = sim.summary().consumer("worker");
        EXPECT_EQ(worker.processed, 3u);
        EXPECT_EQ(worker.duplicatesProcessed, 1u) << "message 1 only";
    }
}

// An event fans out to queues "a" and "b". "b"'s consumer rejects it, and "b" dead-letters
// to "a" (through the default exchange), where "a"'s consumer processed it already: a repeat
// that no fault, session or intervention announces, only the topology.
TEST(RepeatTracking, ADeadLetteredCopyReachingAQueueThatProcessedItsEventIsARepeat) {
    for (const InvariantChecks mode : kModes) {
        SCOPED_TRACE(nameOf(mode));
        Scenario s;
        s.duration = ms(1000);
        s.broker.amqp.exchanges.push_back({"events", ExchangeType::Fanout});
        s.broker.amqp.queues.push_back({"a"});
        s.broker.amqp.queues.push_back({"b"});
        s.broker.amqp.queues.back().arguments.deadLetterExchange = "";
        s.broker.amqp.queues.back().arguments.deadLetterRoutingKey = "a";
        s.broker.amqp.bindings.push_back({"events", "a", ""});
        s.broker.amqp.bindings.push_back({"events", "b", ""});
        ServiceSpec source = testkit::service("source");
        ProducerSpec p = testkit::pinger(1, ms(1), "");
        p.exchange = "events";
        source.produces.push_back(p);
        ServiceSpec reader = testkit::service("reader");
        reader.consumes.push_back(testkit::consumerOf("a", ms(10), 1));
        ServiceSpec rejecter = testkit::service("rejecter");
        rejecter.consumes.push_back(testkit::consumerOf("b", ms(100), 1));
        rejecter.consumes.back().failureProbability = 1;
        rejecter.consumes.back().onFailure = FailureAction::Reject;
        s.services = {source, reader, rejecter};
        SimulationOptions options;
        options.invariants = mode;
        Simulation sim(s, options);
        sim.run();
        const ConsumerStats stats = sim.summary().consumer("reader");
        EXPECT_EQ(stats.processed, 2u);
        EXPECT_EQ(stats.duplicatesProcessed, 1u);
    }
}

// One worker fed 20,000 events by `producer`, one every 2 ms, run with sampled checks: its
// consumers' memory after 2 s and at the end, and how many it processed.
struct ConsumerMemory {
    std::size_t early = 0;
    std::size_t late = 0;
    std::uint64_t processed = 0;
};
ConsumerMemory consumerMemoryFedBy(const ProducerSpec& producer) {
    Scenario s = testkit::workScenario(1, ms(1), 0);
    ServiceSpec source = testkit::service("source");
    source.produces.push_back(producer);
    s.services.push_back(source);
    s.duration = SimTime::fromSeconds(41);
    SimulationOptions options;
    options.invariants = InvariantChecks::Sampled;
    Simulation sim(s, options);
    sim.runUntil(SimTime::fromSeconds(2));
    ConsumerMemory m;
    m.early = sim.memoryUsage().consumers;
    sim.run();
    m.late = sim.memoryUsage().consumers;
    m.processed = sim.summary().consumer("worker").processed;
    return m;
}

// A run with nothing that can bring an event back keeps no per-event state: its consumers'
// memory is the same after 1,000 events as after 20,000 (remembering each processing would
// add 4 bytes an event, about 76 KB here).
TEST(RepeatTracking, AFaultFreeRunRemembersNoProcessedEvent) {
    const ConsumerMemory m = consumerMemoryFedBy(testkit::pinger(20'000, ms(2)));
    EXPECT_EQ(m.processed, 20'000u);
    EXPECT_EQ(m.late, m.early);
}

// The same run with a producer that re-sends unconfirmed events tracks from the start: a
// re-sent event may reach the worker twice.
TEST(RepeatTracking, APublisherThatResendsIsTrackedFromTheStart) {
    ProducerSpec p = testkit::pinger(20'000, ms(2));
    p.confirms = testkit::confirmsOf(SimTime::fromSeconds(5), 3, ms(100));
    const ConsumerMemory m = consumerMemoryFedBy(p);
    EXPECT_GT(m.late, m.early + 4 * 19'000);
}

} // namespace
} // namespace evsim
