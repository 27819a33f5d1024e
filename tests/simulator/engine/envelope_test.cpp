#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <regex>

namespace evsim {
namespace {

TEST(Envelope, TRACE01_TraceparentHasTheW3CFormat) {
    const TraceContext t = traceContextFor(1, 7, 0, 7);
    EXPECT_TRUE(std::regex_match(t.traceparent(), std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-01")))
        << t.traceparent();
    EXPECT_NE(t.traceId, std::string(32, '0'));
    EXPECT_TRUE(t.parentSpanId.empty());
}

// Processing spans (the full TRACE02) come with the tracing model; for now an emitted event
// shares its parent's trace and points at the parent message's publish span.
TEST(Envelope, AChildSharesItsParentsTraceWithItsOwnSpan) {
    const TraceContext p = traceContextFor(1, 3, 0, 3);
    const TraceContext c = traceContextFor(1, 9, 3, 3);
    EXPECT_EQ(c.traceId, p.traceId);
    EXPECT_NE(c.spanId, p.spanId);
    EXPECT_EQ(c.parentSpanId, p.spanId);
}

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

TEST(Envelope, TimesAreRfc3339FromTheYear2000) {
    EXPECT_EQ(formatRfc3339(SimTime::zero()), "2000-01-01T00:00:00Z");
    EXPECT_EQ(formatRfc3339(SimTime::fromMillis(1500)), "2000-01-01T00:00:01.5Z");
    EXPECT_EQ(formatRfc3339(SimTime::fromSeconds(86400 + 3661)), "2000-01-02T01:01:01Z");
}

} // namespace
} // namespace evsim
