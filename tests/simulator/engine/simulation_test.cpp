#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/intervention_check.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/test_scenarios.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <tuple>
#include <utility>
#include <vector>

namespace evsim {
namespace {

using testkit::fanoutScenario;
using testkit::publishTo;

std::uint64_t digestOf(const Scenario& s, SimulationOptions options = {}) {
    Simulation sim(s, options);
    sim.run();
    return sim.digest();
}

TEST(Simulation, SameScenarioAndSeedGiveTheSameDigest) {
    const Scenario s = fanoutScenario(0.1);
    EXPECT_EQ(digestOf(s), digestOf(s));
}

TEST(Simulation, AnotherSeedGivesAnotherDigest) {
    const Scenario s = fanoutScenario(0.1);
    SimulationOptions other;
    other.seed = 2;
    EXPECT_NE(digestOf(s), digestOf(s, other));
}

TEST(Simulation, StreamingRecordsGivesTheSameDigestAsKeepingThem) {
    const Scenario s = fanoutScenario(0.1);
    SimulationOptions streaming;
    streaming.keepRecords = false;
    Simulation kept(s);
    kept.run();
    Simulation streamed(s, streaming);
    streamed.run();
    EXPECT_EQ(kept.digest(), streamed.digest());
    EXPECT_EQ(kept.log().count(), streamed.log().count());
    EXPECT_EQ(kept.log().records().size(), kept.log().count());
    EXPECT_TRUE(streamed.log().records().empty());
}

TEST(Simulation, TwoSimulationsInterleavedGiveTheSameDigestsAsRunApart) {
    const Scenario a = fanoutScenario(0.05);
    Scenario b = fanoutScenario(0.2, true);
    b.seed = 9;
    const std::uint64_t apartA = digestOf(a);
    const std::uint64_t apartB = digestOf(b);
    Simulation simA(a);
    Simulation simB(b);
    bool more = true;
    while (more) {
        const bool stepA = simA.nextEventTime() <= a.duration && simA.step();
        const bool stepB = simB.nextEventTime() <= b.duration && simB.step();
        more = stepA || stepB;
    }
    EXPECT_EQ(simA.digest(), apartA);
    EXPECT_EQ(simB.digest(), apartB);
}

TEST(Simulation, RunningInSlicesChangesNothing) {
    const Scenario s = fanoutScenario(0.1);
    Simulation sliced(s);
    for (int ms = 0; ms <= 5000; ms += 7) {
        sliced.runUntil(SimTime::fromMillis(ms));
    }
    sliced.run();
    EXPECT_EQ(sliced.digest(), digestOf(s));
}

TEST(Simulation, EveryMessageIsAccountedForWhenTheRunStopsMidway) {
    Simulation sim(fanoutScenario(0.3));
    sim.runUntil(SimTime::fromMillis(900));
    const Conservation k = sim.summary().conservation;
    EXPECT_TRUE(k.balanced());
    EXPECT_GT(k.held + k.inPublishHop, 0u);
}

TEST(Simulation, ChecksItsBooksAfterEveryEventOrNowAndThenAsAskedWithoutChangingTheRun) {
    // Consumers keep up, so a check reads little: the run is long in events, not in state.
    Scenario s = fanoutScenario(0.1);
    s.services[0].produces[0].count = 20'000;
    s.services[0].produces[0].gap = Distribution::exponential(SimTime::fromMillis(1));
    s.services[1].consumes[0].processing = Distribution::constant(SimTime::fromMicros(500));
    s.services[2].consumes[0].processing = Distribution::constant(SimTime::fromMicros(100));
    s.duration = SimTime::fromSeconds(30);
    const auto runWith = [&](InvariantChecks checks) {
        SimulationOptions options;
        options.invariants = checks;
        options.keepRecords = false;
        Simulation sim(s, options);
        sim.run();
        return std::tuple(sim.digest(), sim.eventsProcessed(), sim.invariantChecks());
    };
    const auto [everyDigest, events, everyChecks] = runWith(InvariantChecks::EveryEvent);
    const auto [sampledDigest, sampledEvents, sampledChecks] = runWith(InvariantChecks::Sampled);
    const auto [offDigest, offEvents, offChecks] = runWith(InvariantChecks::Off);
    const auto [denseDigest, denseEvents, denseChecks] = runWith(InvariantChecks::Dense);
    ASSERT_GT(events, 2u * 65'536u);
    EXPECT_EQ(everyChecks, events);
    EXPECT_GE(sampledChecks, 1u);
    EXPECT_LE(sampledChecks, events / 65'536u);
    EXPECT_EQ(offChecks, 0u);
    // A few dozen items a check here: dense checks come every event or nearly.
    EXPECT_GE(denseChecks, events / 4);
    EXPECT_LE(denseChecks, events);
    EXPECT_EQ(sampledDigest, everyDigest);
    EXPECT_EQ(offDigest, everyDigest);
    EXPECT_EQ(denseDigest, everyDigest);
    EXPECT_EQ(denseEvents, events);
    EXPECT_EQ(sampledEvents, events);
    EXPECT_EQ(offEvents, events);
}

// Keeps what it sees: the record's message id and kind, in order.
class SeenRecords final : public RecordSink {
public:
    void onRecord(const Record& r, const Message*) override {
        seen.emplace_back(r.message, r.kind);
    }
    std::vector<std::pair<std::uint32_t, RecordKind>> seen;
};

TEST(Simulation, EveryAttachedSinkSeesEveryRecordInOrderUntilItsAttachmentEnds) {
    const Scenario s = fanoutScenario(0.1);
    SimulationOptions options;
    Simulation watched(s, options);
    SeenRecords first;
    SeenRecords second;
    SinkAttachment keep = watched.attach(first);
    {
        const SinkAttachment scoped = watched.attach(second);
        watched.runUntil(SimTime::fromSeconds(1));
    }                                       // `second` is detached here: it is never called again
    SinkAttachment moved = std::move(keep); // moving keeps it attached; `keep` detaches nothing
    keep.reset();
    watched.run();

    Simulation plain(s, options);
    plain.run();
    EXPECT_EQ(watched.digest(), plain.digest()); // watching changes nothing
    ASSERT_EQ(first.seen.size(), plain.log().count());
    for (std::size_t i = 0; i < first.seen.size(); ++i) {
        EXPECT_EQ(first.seen[i].first, plain.log().records()[i].message) << i;
        EXPECT_EQ(first.seen[i].second, plain.log().records()[i].kind) << i;
    }
    ASSERT_GT(second.seen.size(), 0u);
    ASSERT_LT(second.seen.size(), first.seen.size());
    EXPECT_TRUE(std::equal(second.seen.begin(), second.seen.end(), first.seen.begin()));

    moved.reset();
    const std::size_t before = first.seen.size();
    watched.runUntil(watched.now() + SimTime::fromSeconds(1));
    EXPECT_EQ(first.seen.size(), before);
}

TEST(Simulation, InjectRefusesThePastAndUnknownExchanges) {
    Simulation sim(fanoutScenario());
    sim.runUntil(SimTime::fromSeconds(1));
    EXPECT_FALSE(sim.inject({SimTime::fromMillis(500), publishTo("orders", "k")}).ok());
    EXPECT_EQ(sim.inject({SimTime::fromMillis(1500), publishTo("nope", "k")}).why(),
              "no exchange named \"nope\"");
    EXPECT_TRUE(sim.inject({SimTime::fromMillis(1500), publishTo("orders", "k")}).ok());
    EXPECT_EQ(sim.interventions().size(), 1u);
}

// The run answers what an intervention names from its own tables, as the scenario would.
TEST(Simulation, InjectNamesServicesInstancesQueuesAndExchangesAsTheScenarioDoes) {
    const Scenario s = testkit::workScenario(2, SimTime::fromMillis(1), 0);
    const ScenarioTargets written(s);
    Simulation sim(s);
    const auto crash = [](std::string service, std::optional<std::uint32_t> instance) {
        Crash c;
        c.target = InstanceTarget{std::move(service), instance};
        return Intervention{SimTime::fromMillis(5), c};
    };
    const auto purge = [](std::string queue) {
        return Intervention{SimTime::fromMillis(5), PurgeQueue{std::move(queue)}};
    };
    const auto poison = [](std::string service) {
        Poison p;
        p.service = std::move(service);
        return Intervention{SimTime::fromMillis(5), p};
    };
    const std::vector<Intervention> cases = {
        crash("worker", std::nullopt),
        crash("worker", 1u),
        crash("worker", 2u),
        crash("wroker", std::nullopt),
        purge("work"),
        purge("wrok"),
        poison("worker"),
        poison("nobody"),
        poison(""),
        Intervention{SimTime::fromMillis(5), publishTo("nope", "k")},
        Intervention{SimTime::fromMillis(5), publishTo("", "work")},
        crash("worker", 0u),
    };
    for (const Intervention& i : cases) {
        EXPECT_EQ(sim.inject(i).why(), checkIntervention(written, i));
    }
    EXPECT_EQ(sim.inject(crash("worker", 2u)).why(),
              "service \"worker\" has 2 instance(s); there is no #2");
    EXPECT_EQ(sim.inject(crash("wroker", std::nullopt)).why(), "no service named \"wroker\"");
    EXPECT_EQ(sim.inject(purge("wrok")).why(), "no queue named \"wrok\"");
    EXPECT_EQ(sim.inject(poison("nobody")).why(), "no service named \"nobody\" consumes anything");
    EXPECT_TRUE(sim.inject(crash("worker", 1u)).ok());
}

TEST(Simulation, ALiveInjectionAndTheSameTimelineEntryGiveTheSameRun) {
    Scenario withTimeline = fanoutScenario();
    withTimeline.timeline.push_back({SimTime::fromSeconds(2), publishTo("orders", "manual")});
    Simulation live(fanoutScenario());
    live.runUntil(SimTime::fromSeconds(1));
    ASSERT_TRUE(live.inject({SimTime::fromSeconds(2), publishTo("orders", "manual")}).ok());
    live.run();
    EXPECT_EQ(live.digest(), digestOf(withTimeline));
    EXPECT_NE(live.digest(), digestOf(fanoutScenario()));
}

TEST(Simulation, AConnectionDeliversInOrderWhateverTheLatencies) {
    Simulation sim(fanoutScenario());
    sim.run();
    std::uint32_t last = 0;
    for (const Record& r : sim.log().records()) {
        if (r.kind == RecordKind::Enqueued && sim.entities()[r.entity].name == "billing.orders") {
            EXPECT_GT(r.message, last);
            last = r.message;
        }
    }
    EXPECT_EQ(last, 100u);
}

TEST(Simulation, RecordsAreInTimeOrder) {
    Simulation sim(fanoutScenario(0.2));
    sim.run();
    SimTime previous;
    for (const Record& r : sim.log().records()) {
        EXPECT_GE(r.time, previous);
        previous = r.time;
    }
}

TEST(Simulation, EmittedEventsAreChildrenOfTheConsumedMessage) {
    Scenario s = fanoutScenario();
    s.broker.amqp.exchanges.push_back({"payments", ExchangeType::Fanout});
    s.broker.amqp.queues.push_back({"ledger"});
    s.broker.amqp.bindings.push_back({"payments", "ledger", ""});
    s.services[1].consumes[0].emits.push_back({"PaymentTaken", 1, "payments", "paid"});
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.summary().queue("ledger")->published, 100u);
    const std::optional<Message> child =
        sim.messages().findById(sim.summary().conservation.published);
    ASSERT_TRUE(child.has_value());
    EXPECT_NE(child->parent, 0u);
    const std::optional<Message> parent = sim.messages().findById(child->parent);
    ASSERT_TRUE(parent.has_value());
    EXPECT_EQ(parent->parent, 0u);
    EXPECT_EQ(child->traceRoot, parent->id);
    const Envelope childEnvelope = envelopeOf(sim, *child, sim.messages().publisherOf(child->id));
    const Envelope parentEnvelope =
        envelopeOf(sim, *parent, sim.messages().publisherOf(parent->id));
    EXPECT_EQ(childEnvelope.trace.traceId, parentEnvelope.trace.traceId);
    // Its parent span is the span that processed the parent (TRACE02), not the parent's own.
    EXPECT_NE(childEnvelope.trace.parentSpanId, parentEnvelope.trace.spanId);
    EXPECT_EQ(childEnvelope.trace.parentSpanId,
              hexId(processSpanIdOf(sim.seed(), parent->id, sim.messages().publisherOf(child->id),
                                    child->parentAttempt)));
    EXPECT_EQ(child->parentAttempt, 1u);
    EXPECT_EQ(sim.eventTypes()[child->eventType], "PaymentTaken");
    EXPECT_EQ(childEnvelope.source, "/billing");
    EXPECT_EQ(childEnvelope.data, "{}");
}

// A consumer's emit that no queue takes is counted unroutable: it has no publisher to return
// it to (it once read the producer table with "no producer" as an index).
TEST(Simulation, AnEmitThatNoQueueTakesIsUnroutableAndReturnedToNobody) {
    Scenario s = fanoutScenario();
    s.broker.amqp.exchanges.push_back({"payments", ExchangeType::Direct});
    s.broker.amqp.queues.push_back({"ledger"});
    s.broker.amqp.bindings.push_back({"payments", "ledger", "paid"});
    s.services[1].consumes[0].emits.push_back({"PaymentTaken", 1, "payments", "refunded"});
    Simulation sim(s);
    sim.run();
    const RunSummary summary = sim.summary();
    EXPECT_EQ(summary.queue("ledger")->published, 0u);
    EXPECT_EQ(summary.conservation.unroutable, 100u);
    EXPECT_EQ(summary.returned, 0u);
}

} // namespace
} // namespace evsim
