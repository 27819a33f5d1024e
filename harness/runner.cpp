#include "runner.h"

#include <chrono>

namespace evsim {

bool RunOutcome::passed() const {
    return failedCount() == 0 && !stalled;
}

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
    simOptions.maxEventsPerInstant = options.maxEventsPerInstant;
    outcome.simulation = std::make_unique<Simulation>(scenario, simOptions);
    Simulation& sim = *outcome.simulation;

    const SimTime end = options.until.value_or(scenario.duration);
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    if (options.progress) {
        // Pausing changes nothing in a run: the same events fire in the same order whatever
        // the pauses. Pauses come every 1/200 of the virtual time or every 64k events.
        constexpr std::int64_t kSlices = 200;
        constexpr std::uint64_t kEventsPerReport = 1 << 16;
        const std::int64_t slice = std::max<std::int64_t>(1, end.nanos() / kSlices);
        SimTime t = SimTime::zero();
        while (t < end && !sim.idle()) {
            t = end.nanos() - t.nanos() <= slice ? end : t + SimTime::fromNanos(slice);
            while (!sim.runUntil(t, kEventsPerReport)) {
                options.progress(RunProgress{sim.now(), end, sim.eventsProcessed(), elapsed()});
            }
            options.progress(RunProgress{sim.now(), end, sim.eventsProcessed(), elapsed()});
        }
    }
    sim.runUntil(end);
    outcome.wallSeconds = elapsed();
    outcome.stalled = sim.stalled();
    outcome.summary = sim.summary();
    outcome.expectations = checkExpectations(scenario.expectations, sim, outcome.summary);
    return outcome;
}

} // namespace evsim
