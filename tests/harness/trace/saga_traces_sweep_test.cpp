#include "harness/trace/span_builder.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_tree.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace evsim {
namespace {

// The spans of `scenario` run with `seed`.
TraceSet spansOf(const Scenario& scenario, std::uint64_t seed, bool log) {
    SimulationOptions options;
    options.seed = seed;
    options.keepRecords = false;
    Simulation sim(scenario, options);
    SpanBuilder builder(sim.seed(), sim.entities(), log);
    {
        const SinkAttachment watching = sim.attach(builder);
        sim.run();
    }
    return builder.finish(sim.now());
}

// Every trace ends in one of `outcomes`, and every span's parent is a span of its own trace.
void expectUnbroken(const TraceSet& set, const std::set<std::string>& outcomes,
                    std::uint64_t seed) {
    std::map<std::uint64_t, TraceId> traceOf;
    for (const Span& s : set.spans) {
        traceOf[s.id] = s.trace;
    }
    for (const TraceGroup& trace : tracesInOrder(set)) {
        const std::string outcome = traceOutcome(set, trace.spans);
        ASSERT_TRUE(outcomes.contains(outcome))
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
        const TraceSet set = spansOf(scenario, seed, false);
        ASSERT_EQ(set.traces, 400u) << "seed " << seed;
        expectUnbroken(set, {"complete", "dead-lettered"}, seed);
        if (HasFatalFailure()) {
            return;
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
        const TraceSet set = spansOf(*loaded.value, seed, true);
        for (const Span& s : set.spans) {
            reprocessed += s.operation == SpanOperation::Process && s.redelivered ? 1 : 0;
        }
        expectUnbroken(set, {"complete"}, seed);
        if (HasFatalFailure()) {
            return;
        }
    }
    EXPECT_GT(reprocessed, 0u) << "no seed read a record again: the sweep proves nothing";
}

} // namespace
} // namespace evsim
