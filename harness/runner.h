#pragma once

#include "engine/simulation.h"
#include "expectations.h"
#include "observe/run_summary.h"
#include "scenario/scenario.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace evsim {

struct RunProgress {
    SimTime now;
    SimTime end;
    std::uint64_t events = 0;
    double wallSeconds = 0;
};

struct RunOptions {
    std::optional<std::uint64_t> seed;
    std::optional<SimTime> until; // run length; the scenario's duration when absent
    bool keepRecords = true;
    std::uint64_t maxEventsPerInstant = 10'000'000; // see SimulationOptions
    // Called about 200 times over a run, from the running thread.
    std::function<void(const RunProgress&)> progress;
};

struct RunOutcome {
    std::unique_ptr<Simulation> simulation;
    RunSummary summary;
    std::vector<ExpectationResult> expectations;
    double wallSeconds = 0;
    bool stalled = false; // time stopped advancing (see Simulation::stalled)

    bool passed() const;
    std::size_t failedCount() const;
};

// Runs a scenario headless to its end and checks its expectations: the one run driver behind
// `evsim run`, the tests and, later, sweeps and recordings.
RunOutcome runScenario(const Scenario& scenario, const RunOptions& options = {});

} // namespace evsim
