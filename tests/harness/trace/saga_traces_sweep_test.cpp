#include "harness/trace/span_builder.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_tree.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <map>

namespace evsim {
namespace {

// No retry, redelivery, crash or compensation breaks a trace: over 1,000 seeds of the saga,
// with a payment instance crashing mid-run, every trace is complete (each copy settled, every
// span finished) or ends in a dead-lettering, and every span's parent is in its own trace.
TEST(SagaTracesSweep, TRACE02_EveryTraceOfTheSagaIsCompleteOrDeadLetteredOver1000Seeds) {
    auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/saga-choreography.json");
    ASSERT_TRUE(loaded.ok());
    Scenario scenario = *loaded.value;
    // A payment instance crashes while it holds deliveries, and comes back.
    scenario.timeline.push_back(
        {SimTime::fromSeconds(12), Crash{{"payment", 0}, SimTime::fromSeconds(3)}});
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
        SimulationOptions options;
        options.seed = seed;
        options.keepRecords = false;
        Simulation sim(scenario, options);
        SpanBuilder builder(sim.seed(), sim.entities(), false);
        {
            const SinkAttachment watching = sim.attach(builder);
            sim.run();
        }
        const TraceSet set = builder.finish(sim.now());
        ASSERT_EQ(set.traces, 400u) << "seed " << seed;
        std::map<std::uint64_t, TraceId> traceOf;
        for (const Span& s : set.spans) {
            traceOf[s.id] = s.trace;
        }
        for (const TraceGroup& trace : tracesInOrder(set)) {
            const std::string outcome = traceOutcome(set, trace.spans);
            ASSERT_TRUE(outcome == "complete" || outcome == "dead-lettered")
                << "seed " << seed << ": trace of message " << trace.root << " " << outcome;
            for (const std::size_t i : trace.spans) {
                const Span& s = set.spans[i];
                if (s.parent != 0) {
                    const auto parent = traceOf.find(s.parent);
                    ASSERT_NE(parent, traceOf.end()) << "seed " << seed;
                    ASSERT_EQ(parent->second, s.trace) << "seed " << seed;
                }
            }
        }
    }
}

// Nor does a rebalance: over 1,000 seeds of a consumer group that loses a member mid-run (its
// partitions move, what it had not committed is read again by another member), every trace
// of the log is complete, and every span's parent is in its own trace.
TEST(SagaTracesSweep, TRACE02_EveryTraceThroughARebalanceIsCompleteOver1000Seeds) {
    auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) +
                                   "/scenarios/kafka-consumer-group-rebalance.json");
    ASSERT_TRUE(loaded.ok());
    std::size_t reprocessed = 0; // Process spans of records read again after the rebalance
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
        SimulationOptions options;
        options.seed = seed;
        options.keepRecords = false;
        Simulation sim(*loaded.value, options);
        SpanBuilder builder(sim.seed(), sim.entities(), true);
        {
            const SinkAttachment watching = sim.attach(builder);
            sim.run();
        }
        const TraceSet set = builder.finish(sim.now());
        std::map<std::uint64_t, TraceId> traceOf;
        for (const Span& s : set.spans) {
            traceOf[s.id] = s.trace;
            reprocessed += s.operation == SpanOperation::Process && s.redelivered ? 1 : 0;
        }
        for (const TraceGroup& trace : tracesInOrder(set)) {
            const std::string outcome = traceOutcome(set, trace.spans);
            ASSERT_EQ(outcome, "complete")
                << "seed " << seed << ": trace of message " << trace.root;
            for (const std::size_t i : trace.spans) {
                const Span& s = set.spans[i];
                if (s.parent != 0) {
                    const auto parent = traceOf.find(s.parent);
                    ASSERT_NE(parent, traceOf.end()) << "seed " << seed;
                    ASSERT_EQ(parent->second, s.trace) << "seed " << seed;
                }
            }
        }
    }
    EXPECT_GT(reprocessed, 0u) << "no seed read a record again: the sweep proves nothing";
}

} // namespace
} // namespace evsim
