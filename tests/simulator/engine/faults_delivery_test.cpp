// What consumers make of faults, on the whole engine: idempotent consumers (INV04), the retry
// patterns teams build on RabbitMQ, at-least-once delivery through crashes and restarts
// (INV02), and determinism of runs with faults.
#include "simulator/kernel/random.h"
#include "tests/simulator/engine/fault_bench.h"

#include <gtest/gtest.h>
#include <map>

namespace evsim {
namespace {

using testkit::instanceOf;
using testkit::ms;
using testkit::publishAt;
using testkit::Records;

IdempotencySpec idempotent(bool durable) {
    IdempotencySpec spec;
    spec.durable = durable;
    return spec;
}

// Two workers; every publish is duplicated on its way to the broker, so each of the 100
// events reaches the queue twice, and worker#0 crashes once.
Scenario duplicatedEvents(bool durableStore) {
    Scenario s = testkit::workScenario(2, ms(5), 5, ms(1));
    s.services[0].consumes[0].idempotent = idempotent(durableStore);
    ServiceSpec producer = testkit::service("producer");
    producer.produces.push_back(testkit::pinger(100, ms(10)));
    s.services.push_back(producer);
    LinkFault twice;
    twice.target = instanceOf("producer", 0);
    twice.direction = LinkDirection::ToBroker;
    twice.duplicate = 1;
    s.timeline.push_back({ms(0), twice});
    s.timeline.push_back({ms(500), Crash{instanceOf("worker", 0), ms(200)}});
    return s;
}

TEST(Faults, INV04_ADurableStoreAppliesEachEventOnceWhateverTheDuplicates) {
    Simulation sim(duplicatedEvents(true));
    sim.run();
    const Records r(sim);
    EXPECT_EQ(sim.summary().queue("work")->published, 200u);
    const ConsumerStats stats = sim.summary().consumer("worker");
    EXPECT_EQ(stats.processed, 100u);
    EXPECT_EQ(stats.duplicatesProcessed, 0u);
    EXPECT_GE(stats.deduplicated, 100u);
    std::map<std::uint32_t, int> sideEffects;
    for (const Record& p : r.of(RecordKind::Processed)) {
        ++sideEffects[r.eventOf(p.message)];
    }
    EXPECT_EQ(sideEffects.size(), 100u);
    for (const auto& [event, times] : sideEffects) {
        EXPECT_EQ(times, 1) << "event " << event;
    }
}

// Each instance remembers only what it processed itself: a repeat that lands on the other
// instance is processed again.
TEST(Faults, INV04_AnInMemoryStoreMissesRepeatsThatLandOnAnotherInstance) {
    Simulation sim(duplicatedEvents(false));
    sim.run();
    const ConsumerStats stats = sim.summary().consumer("worker");
    EXPECT_GT(stats.duplicatesProcessed, 0u);
    EXPECT_EQ(stats.processed, 100u + stats.duplicatesProcessed);
}

// One event, published twice (its confirm is lost: the repeat comes 1.1 s later) to a fanout
// that reaches "work" (in-memory store) and "audit" (durable store), both consumed by one
// worker. When the worker crashes in between, the in-memory store forgets the event.
TEST(Faults, INV04_AnInMemoryStoreIsLostInACrash) {
    for (const bool crash : {false, true}) {
        Scenario s = testkit::workScenario(1, ms(5), 0);
        s.broker.amqp.queues.push_back({"audit"});
        s.broker.amqp.exchanges.push_back({"events", ExchangeType::Fanout});
        s.broker.amqp.bindings.push_back({"events", "work", ""});
        s.broker.amqp.bindings.push_back({"events", "audit", ""});
        s.services[0].consumes[0].idempotent = idempotent(false);
        s.services[0].consumes.push_back(testkit::consumerOf("audit", ms(5)));
        s.services[0].consumes.back().idempotent = idempotent(true);
        ServiceSpec producer = testkit::service("producer");
        producer.produces.push_back(testkit::pinger(1, ms(100)));
        producer.produces.back().exchange = "events";
        producer.produces.back().confirms =
            testkit::confirmsOf(SimTime::fromSeconds(1), 1, ms(100));
        s.services.push_back(producer);
        LinkFault cut;
        cut.target = instanceOf("producer", 0);
        cut.direction = LinkDirection::FromBroker;
        cut.partition = true;
        cut.duration = SimTime::fromSeconds(5);
        s.timeline.push_back({ms(0), cut});
        if (crash) {
            s.timeline.push_back({ms(500), Crash{instanceOf("worker", 0), ms(100)}});
        }
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        EXPECT_EQ(r.of(RecordKind::Processed, r.consumer("worker#0<-work")).size(), crash ? 2u : 1u)
            << (crash ? "crash" : "no crash");
        EXPECT_EQ(r.of(RecordKind::Processed, r.consumer("worker#0<-audit")).size(), 1u)
            << "a durable store survives the crash";
        EXPECT_EQ(r.of(RecordKind::Deduplicated).size(), crash ? 1u : 2u);
    }
}

// The store remembers an event for its window only: the same repeat 1.1 s later is
// deduplicated under a 2 s window and processed again under a 1 s one.
TEST(Faults, INV04_ARepeatPastTheWindowIsProcessedAgain) {
    for (const std::int64_t windowMs : {1000, 2000}) {
        Scenario s = testkit::workScenario(1, ms(5), 0);
        s.services[0].consumes[0].idempotent = idempotent(true);
        s.services[0].consumes[0].idempotent->window = ms(windowMs);
        ServiceSpec producer = testkit::service("producer");
        producer.produces.push_back(testkit::pinger(1, ms(100)));
        producer.produces.back().confirms =
            testkit::confirmsOf(SimTime::fromSeconds(1), 1, ms(100));
        s.services.push_back(producer);
        LinkFault cut; // the confirm is lost: the same event is published again 1.1 s later
        cut.target = instanceOf("producer", 0);
        cut.direction = LinkDirection::FromBroker;
        cut.partition = true;
        cut.duration = SimTime::fromSeconds(5);
        s.timeline.push_back({ms(0), cut});
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        const bool remembered = windowMs > 1100;
        EXPECT_EQ(r.of(RecordKind::Processed).size(), remembered ? 1u : 2u)
            << "window " << windowMs << " ms";
        EXPECT_EQ(r.of(RecordKind::Deduplicated).size(), remembered ? 1u : 0u);
        EXPECT_EQ(sim.summary().consumer("worker").duplicatesProcessed, remembered ? 0u : 1u);
    }
}

// Always failing, with delayed retries through "work.delay" (its TTL set per message by the
// back-off: 1 s, 2 s, 4 s) and parking after the fourth failure.
TEST(Faults, ADelayedRetryGoesThroughADelayQueueWithGrowingExpirations) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    QueueSpec delay("work.delay");
    delay.arguments.deadLetterExchange = "";
    delay.arguments.deadLetterRoutingKey = "work";
    s.broker.amqp.queues.push_back(delay);
    s.broker.amqp.queues.push_back({"parked"});
    s.broker.amqp.exchanges.push_back({"retry", ExchangeType::Fanout});
    s.broker.amqp.exchanges.push_back({"parking", ExchangeType::Fanout});
    s.broker.amqp.bindings.push_back({"retry", "work.delay", ""});
    s.broker.amqp.bindings.push_back({"parking", "parked", ""});
    ConsumerSpec& c = s.services[0].consumes[0];
    c.failureProbability = 1;
    c.retry = RetrySpec{};
    c.retry->attempts = 4;
    c.retry->viaExchange = "retry";
    c.retry->backoff = Backoff{SimTime::fromSeconds(1), 2, SimTime::fromSeconds(30)};
    c.retry->giveUpExchange = "parking";
    s.timeline.push_back(publishAt(ms(0)));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::times(r.of(RecordKind::Failed)),
              (std::vector<SimTime>{ms(100), ms(1200), ms(3300), ms(7400)}));
    const auto republished = r.of(RecordKind::Published, r.consumer("worker#0<-work"));
    ASSERT_EQ(republished.size(), 4u);
    const std::uint32_t expirations[] = {1000, 2000, 4000, Message::kNoExpiration};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::optional<Message> m = sim.messages().findById(republished[i].message);
        ASSERT_TRUE(m.has_value());
        EXPECT_EQ(m->expirationMs, expirations[i]) << "attempt " << i + 1;
        EXPECT_EQ(m->retries, i + 1);
        EXPECT_EQ(m->eventId, 1u);
    }
    EXPECT_EQ(republished[3].aux, r.id(EntityKind::Exchange, "parking"));
    EXPECT_EQ(sim.summary().queue("work")->acked, 4u);
    EXPECT_EQ(sim.summary().queue("work.delay")->expired, 3u);
    EXPECT_EQ(sim.summary().queue("parked")->ready, 1u);
    EXPECT_EQ(sim.losses().total(), 0u);
}

// Rejected into a wait queue (TTL 1 s) that dead-letters back to work: the consumer counts its
// attempts through x-death and parks the message at the third failure.
TEST(Faults, RejectedMessagesLoopThroughADeadLetterQueueCountedByXDeath) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    s.broker.amqp.queues[0].arguments.deadLetterExchange = "to-wait";
    QueueSpec wait("wait");
    wait.arguments.messageTtl = SimTime::fromSeconds(1);
    wait.arguments.deadLetterExchange = "back";
    s.broker.amqp.queues.push_back(wait);
    s.broker.amqp.queues.push_back({"parked"});
    for (const char* x : {"to-wait", "back", "parking"}) {
        s.broker.amqp.exchanges.push_back({x, ExchangeType::Fanout});
    }
    s.broker.amqp.bindings.push_back({"to-wait", "wait", ""});
    s.broker.amqp.bindings.push_back({"back", "work", ""});
    s.broker.amqp.bindings.push_back({"parking", "parked", ""});
    ConsumerSpec& c = s.services[0].consumes[0];
    c.failureProbability = 1;
    c.onFailure = FailureAction::Reject;
    c.retry = RetrySpec{};
    c.retry->attempts = 3;
    c.retry->giveUpExchange = "parking";
    s.timeline.push_back(publishAt(ms(0)));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    EXPECT_EQ(Records::times(r.of(RecordKind::Failed)),
              (std::vector<SimTime>{ms(100), ms(1200), ms(2300)}));
    const auto dead = r.of(RecordKind::DeadLettered, r.queue("work"));
    EXPECT_EQ(dead.size(), 2u);
    for (const Record& d : dead) {
        EXPECT_EQ(d.detail, static_cast<std::uint8_t>(DeadLetterReason::Rejected));
    }
    EXPECT_EQ(r.of(RecordKind::DeadLettered, r.queue("wait")).size(), 2u);
    EXPECT_EQ(sim.summary().queue("parked")->ready, 1u);
    EXPECT_EQ(sim.summary().queue("work")->acked, 1u) << "parked, then acked";
}

TEST(Faults, ImmediateRequeueRetriesUntilItsAttemptsThenRejects) {
    Scenario s = testkit::workScenario(1, ms(100), 0);
    ConsumerSpec& c = s.services[0].consumes[0];
    c.failureProbability = 1;
    c.retry = RetrySpec{};
    c.retry->attempts = 3;
    s.timeline.push_back(publishAt(ms(0)));
    Simulation sim(s);
    sim.run();
    const Records r(sim);
    const auto delivered = r.of(RecordKind::Delivered);
    ASSERT_EQ(delivered.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(delivered[i].attempt, i + 1);
        EXPECT_EQ(delivered[i].detail, i == 0 ? 0 : 1);
    }
    EXPECT_EQ(r.of(RecordKind::Requeued).size(), 2u);
    const auto dropped = r.of(RecordKind::Dropped);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].time, ms(300));
    EXPECT_EQ(dropped[0].detail, static_cast<std::uint8_t>(DropReason::Rejected));
}

// Three workers with manual acks through random crashes (each restarted), restarts, hangs,
// pauses and broker restarts (durable queue, persistent messages): no loss fault, so every
// message that reached the queue is processed at least once (publishes that reach a broker
// while it is down are lost, but they were never routed).
TEST(Faults, INV02_EveryRoutedMessageIsProcessedAtLeastOnceThroughCrashesAndRestarts) {
    RandomStream params(2026, 2);
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        Scenario s =
            testkit::workScenario(3, ms(5), static_cast<std::uint32_t>(params.below(6)), ms(1));
        s.seed = seed;
        s.duration = SimTime::fromSeconds(60);
        s.services[0].consumes[0].processing = Distribution::logNormal(ms(5), ms(40));
        ServiceSpec producer = testkit::service("producer");
        producer.produces.push_back(testkit::pinger(300, ms(20)));
        producer.produces.back().gap = Distribution::exponential(ms(20));
        producer.produces.back().persistent = true;
        s.services.push_back(producer);
        const auto when = [&] {
            return ms(static_cast<std::int64_t>(params.below(6000)));
        };
        const auto worker = [&] {
            return instanceOf("worker", static_cast<std::uint32_t>(params.below(3)));
        };
        for (int i = 0, n = 1 + static_cast<int>(params.below(6)); i < n; ++i) {
            switch (params.below(5)) {
            case 0:
                s.timeline.push_back(
                    {when(),
                     Crash{worker(), ms(50 + static_cast<std::int64_t>(params.below(2000)))}});
                break;
            case 1:
                s.timeline.push_back({when(), Restart{worker()}});
                break;
            case 2:
                s.timeline.push_back(
                    {when(),
                     Hang{worker(), ms(100 + static_cast<std::int64_t>(params.below(3000)))}});
                break;
            case 3:
                s.timeline.push_back(
                    {when(), Pause{worker(), ms(static_cast<std::int64_t>(params.below(2000)))}});
                break;
            default:
                s.timeline.push_back(
                    {when(), BrokerRestart{ms(static_cast<std::int64_t>(params.below(3000)))}});
                break;
            }
        }
        Simulation sim(s);
        sim.run();
        const Records r(sim);
        std::map<std::uint32_t, int> processed;
        for (const Record& p : r.of(RecordKind::Processed)) {
            ++processed[p.message];
        }
        const auto enqueued = r.of(RecordKind::Enqueued, r.queue("work"));
        EXPECT_GT(enqueued.size(), 200u) << "seed " << seed;
        for (const Record& e : enqueued) {
            EXPECT_GT(processed[e.message], 0) << "seed " << seed << ", message " << e.message;
        }
        // Only publishes that reached a broker that was down are lost.
        for (const Record& d : r.of(RecordKind::Dropped)) {
            EXPECT_EQ(sim.entities()[d.entity].kind, EntityKind::Broker) << "seed " << seed;
        }
        if (::testing::Test::HasFailure()) {
            FAIL() << "first failing seed: " << seed;
        }
    }
}

// Every kind of fault in one run of the fanout scenario.
Scenario everyFault() {
    Scenario s = testkit::fanoutScenario(0.1);
    s.duration = SimTime::fromSeconds(8);
    s.services[0].produces[0].confirms = testkit::confirmsOf(ms(300), 3, ms(50));
    s.services[2].consumes[0].idempotent = idempotent(false);
    s.broker.amqp.heartbeat = SimTime::fromSeconds(1);
    s.alerts.push_back(
        AlertRule{"deep", "email.orders", AlertRule::Condition::DepthAbove, 3, 99, ms(200)});
    LinkFault noisy;
    noisy.target = InstanceTarget{"orders", std::nullopt};
    noisy.loss = 0.1;
    noisy.duplicate = 0.1;
    noisy.reorder = 0.3;
    noisy.jitter = ms(5);
    noisy.duration = SimTime::fromSeconds(1);
    s.timeline.push_back({ms(200), noisy});
    s.timeline.push_back({ms(400), Crash{instanceOf("billing", 0), ms(300)}});
    s.timeline.push_back({ms(600), SlowDown{instanceOf("billing", 1), 4, ms(500)}});
    s.timeline.push_back({ms(900), Pause{instanceOf("email", 0), ms(300)}});
    s.timeline.push_back({ms(1200), Hang{instanceOf("billing", 1), ms(400)}});
    s.timeline.push_back({ms(1300), ErrorBurst{instanceOf("email", 0), 0.8, ms(500)}});
    LinkFault cut;
    cut.target = instanceOf("email", 0);
    cut.partition = true;
    cut.duration = SimTime::fromSeconds(2);
    s.timeline.push_back({ms(1500), cut});
    s.timeline.push_back({ms(2500), BrokerRestart{ms(400)}});
    s.timeline.push_back({ms(3000), Heal{instanceOf("email", 0), LinkDirection::Both}});
    return s;
}

class CountingSink final : public MetricsSink {
public:
    void onSample(const MetricsSample&) override { ++samples; }
    int samples = 0;
};

TEST(Faults, AFaultyRunIsTheSameTwiceWithOrWithoutAMetricsSinkOrKeptRecords) {
    const Scenario s = everyFault();
    Simulation first(s);
    first.run();
    Simulation second(s);
    CountingSink sink;
    const SinkAttachment attached = second.attach(sink);
    second.run();
    SimulationOptions streaming;
    streaming.keepRecords = false;
    Simulation third(s, streaming);
    third.run();
    EXPECT_GT(sink.samples, 5);
    EXPECT_EQ(first.digest(), second.digest());
    EXPECT_EQ(first.digest(), third.digest());
    EXPECT_GT(first.losses().total(), 0u) << "the faults did something";
    EXPECT_FALSE(first.alertEvents().empty());
}

TEST(Faults, TwoFaultySimulationsInterleavedGiveTheSameDigestsAsRunApart) {
    const Scenario a = everyFault();
    Scenario b = everyFault();
    b.seed = 77;
    std::uint64_t apart[2] = {};
    for (int i = 0; i < 2; ++i) {
        Simulation sim(i == 0 ? a : b);
        sim.run();
        apart[i] = sim.digest();
    }
    EXPECT_NE(apart[0], apart[1]);
    Simulation simA(a);
    Simulation simB(b);
    bool more = true;
    while (more) {
        const bool stepA = simA.nextEventTime() <= a.duration && simA.step();
        const bool stepB = simB.nextEventTime() <= b.duration && simB.step();
        more = stepA || stepB;
    }
    EXPECT_EQ(simA.digest(), apart[0]);
    EXPECT_EQ(simB.digest(), apart[1]);
}

} // namespace
} // namespace evsim
