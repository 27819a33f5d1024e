// The trace expectations (docs/scenario-format.md, "trace"): every trace of a root event type
// reaches one of some event types, and their end-to-end latency; on the saga scenario.
#include "harness/run/runner.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

Scenario sagaExpecting(std::vector<std::string> reaches, SimTime p99Max) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/saga-choreography.json");
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    Scenario s = *loaded.value;
    s.expectations.clear();
    Expectation complete;
    complete.kind = Expectation::Kind::TracesComplete;
    complete.subject = "OrderPlaced";
    complete.events = std::move(reaches);
    s.expectations.push_back(complete);
    Expectation latency;
    latency.kind = Expectation::Kind::TraceLatency;
    latency.subject = "OrderPlaced";
    latency.percentile = 99;
    latency.range.max = p99Max.nanos();
    s.expectations.push_back(latency);
    return s;
}

TEST(TraceExpectations, EveryOrderIsShippedOrCancelledButNotEveryOneShipped) {
    RunOptions options;
    options.keepRecords = false;
    const RunOutcome both = runScenario(
        sagaExpecting({"OrderShipped", "OrderCancelled"}, SimTime::fromSeconds(5)), options);
    ASSERT_EQ(both.expectations.size(), 2u);
    EXPECT_TRUE(both.expectations[0].passed) << describe(both.expectations[0]);
    EXPECT_EQ(both.expectations[0].seen, "0 of 400 did not");
    EXPECT_TRUE(both.expectations[1].passed) << describe(both.expectations[1]);

    const RunOutcome shipped =
        runScenario(sagaExpecting({"OrderShipped"}, SimTime::fromMillis(1)), options);
    EXPECT_FALSE(shipped.expectations[0].passed);
    EXPECT_EQ(shipped.expectations[0].seen, "11 of 400 did not") << "the cancelled orders";
    EXPECT_EQ(shipped.expectations[0].examples.size(), 3u) << "their roots, as examples";
    EXPECT_FALSE(shipped.expectations[1].passed) << "no saga ends within 1ms";
}

} // namespace
} // namespace evsim
