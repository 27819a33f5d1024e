#include "runner.h"

#include <chrono>

namespace evsim {

bool RunOutcome::passed() const { return failedCount() == 0; }

std::size_t RunOutcome::failedCount() const {
    std::size_t failed = 0;
    for (const ExpectationResult& r : expectations) {
        failed += r.passed ? 0 : 1;
    }
    return failed;
}

RunOutcome runScenario(const Scenario& scenario, const RunOptions& options) {
    RunOutcome outcome;
    SimulationOptions simOptions;
    simOptions.seed = options.seed;
    simOptions.keepRecords = options.keepRecords;
    outcome.simulation = std::make_unique<Simulation>(scenario, simOptions);
    Simulation& sim = *outcome.simulation;

    const SimTime end = options.until.value_or(scenario.duration);
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    if (options.progress) {
        // Slicing the run changes nothing in it: runUntil fires the same events in the same
        // order whatever the slice boundaries.
        constexpr std::int64_t kSlices = 200;
        const std::int64_t slice = std::max<std::int64_t>(1, end.nanos() / kSlices);
        for (SimTime t = SimTime::zero(); t < end && !sim.idle();) {
            t = SimTime::fromNanos(std::min(end.nanos(), t.nanos() + slice));
            sim.runUntil(t);
            options.progress(RunProgress{sim.now(), end, sim.eventsProcessed(), elapsed()});
        }
    }
    sim.runUntil(end);
    outcome.wallSeconds = elapsed();
    outcome.summary = sim.summary();
    outcome.expectations = checkExpectations(scenario.expectations, sim, outcome.summary);
    return outcome;
}

} // namespace evsim
