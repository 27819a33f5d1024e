#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <regex>

namespace evsim {
namespace {

TEST(Envelope, CE01_CarriesTheCloudEventsAttributes) {
    Simulation sim(testkit::fanoutScenario());
    sim.run();
    const std::optional<Message> m = sim.messages().findById(1);
    ASSERT_TRUE(m.has_value());
    const Envelope e = envelopeOf(sim, *m, sim.messages().publisherOf(1));
    EXPECT_EQ(e.id, "evt-1"); // the event's id: a retry of the same event keeps it
    EXPECT_EQ(e.source, "/orders");
    EXPECT_EQ(e.type, "OrderPlaced");
    EXPECT_EQ(e.specversion, "1.0");
    EXPECT_EQ(e.subject, "order.placed");
    EXPECT_EQ(e.schemaVersion, 1);
    EXPECT_EQ(e.datacontenttype, "application/json");
}

// `time` is when the producer published the event: not when the broker took it, when it was
// delivered or when the run ended.
TEST(Envelope, CE01_TimeIsThePublishTimeInRfc3339) {
    Simulation sim(testkit::fanoutScenario());
    sim.run();
    const std::uint32_t id = 50; // published well into the run, at a fractional second
    SimTime published = SimTime::max();
    SimTime enqueued = SimTime::max();
    for (const Record& r : sim.log().records()) {
        if (r.message == id && r.kind == RecordKind::Published) {
            published = std::min(published, r.time);
        }
        if (r.message == id && r.kind == RecordKind::Enqueued) {
            enqueued = std::min(enqueued, r.time);
        }
    }
    ASSERT_LT(published, enqueued) << "the network takes time, so the two differ";
    const std::optional<Message> m = sim.messages().findById(id);
    ASSERT_TRUE(m.has_value());
    const Envelope e = envelopeOf(sim, *m, sim.messages().publisherOf(id));
    EXPECT_EQ(e.time, formatRfc3339(published));
    EXPECT_TRUE(std::regex_match(e.time, std::regex(R"(2000-01-01T00:00:0\d\.\d+Z)"))) << e.time;
}

// The tracing extension: every envelope carries the traceparent of the span that sent it, in
// its trace (the root message's), under the span whose work sent it.
TEST(Envelope, CE02_CarriesTheTraceparentOfTheSpanThatSentIt) {
    Simulation sim(testkit::fanoutScenario());
    sim.run();
    for (const std::uint32_t id : {1u, 2u, 50u}) {
        const std::optional<Message> m = sim.messages().findById(id);
        ASSERT_TRUE(m.has_value());
        const Envelope e = envelopeOf(sim, *m, sim.messages().publisherOf(id));
        EXPECT_EQ(e.trace.traceparent(), "00-" + hexId(traceIdOf(sim.seed(), m->traceRoot)) + "-" +
                                             hexId(sendSpanIdOf(sim.seed(), id)) + "-01");
        EXPECT_TRUE(e.trace.parentSpanId.empty()) << "a producer's event is a trace's root";
    }
}

TEST(Envelope, TimesAreRfc3339FromTheYear2000) {
    EXPECT_EQ(formatRfc3339(SimTime::zero()), "2000-01-01T00:00:00Z");
    EXPECT_EQ(formatRfc3339(SimTime::fromMillis(1500)), "2000-01-01T00:00:01.5Z");
    EXPECT_EQ(formatRfc3339(SimTime::fromSeconds(86400 + 3661)), "2000-01-02T01:01:01Z");
}

} // namespace
} // namespace evsim
