#pragma once

#include "harness/run/expectations.h"
#include "simulator/engine/simulation.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/scenario.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

struct RunProgress {
    SimTime now;
    SimTime end;
    std::uint64_t events = 0;
    double wallSeconds = 0;
    std::size_t memoryBytes = 0; // what the run holds now (Simulation::memoryUsage)
};

// The default memory budget of a run: far below what any machine running EventSim has, far
// above what any sensible scenario needs.
inline constexpr std::size_t kDefaultMaxMemory = std::size_t{4} << 30;

// `budget` lowered, under an address-space limit (ulimit -v), to a share of that limit that
// `concurrentRuns` runs at once stay under: what a run holds is counted in its main tables,
// and a table that doubles briefly needs its old and new storage at once.
std::size_t budgetUnderAddressLimit(std::size_t budget, unsigned concurrentRuns = 1);

// Where this process counts the bytes each thread allocates: a function that returns the
// calling thread's counter (the evsim executable replaces operator new to keep one; a program
// that links the harness library need not). Set once, before any run. With it, a run checks
// its memory budget every maxMemoryBytes / 64 bytes it allocates, however many copies one
// event makes; without it, every 64k events.
using ThreadAllocationCounter = const std::uint64_t* (*)();
void setThreadAllocationCounter(ThreadAllocationCounter counter);

struct RunOptions {
    std::optional<std::uint64_t> seed;
    std::optional<SimTime> until; // run length; the scenario's duration when absent
    bool keepRecords = true;
    std::uint64_t maxEventsPerInstant = 10'000'000; // see SimulationOptions
    // The run stops (RunStop::MemoryBudget) before it holds more than this many bytes: once
    // what it holds, with the next growth of its largest table, is more.
    std::size_t maxMemoryBytes = kDefaultMaxMemory;
    // Called after the simulation is built and before its first event: to inject
    // interventions or set consumer handlers.
    std::function<void(Simulation&)> prepare;
    // Called after prepare: attaches what watches the run (record and metrics sinks, made
    // there if they need the simulation). The attachments returned are kept for the run and
    // end with it, before runScenario() returns.
    std::function<std::vector<SinkAttachment>(Simulation&)> watch;
    // Called about 200 times over a run, from the running thread.
    std::function<void(const RunProgress&)> progress;
    // When set and true, the run stops at the next check (RunStop::Cancelled).
    const std::atomic<bool>* cancel = nullptr;
};

// How a run ended.
enum class RunStop {
    Completed,       // reached its end time
    Stalled,         // time stopped advancing (Halt::Stalled)
    OutOfMessageIds, // Halt::OutOfMessageIds
    MemoryBudget,    // held more than RunOptions::maxMemoryBytes
    Cancelled,       // RunOptions::cancel was set
    Failed,          // the model's books broke (an InvariantViolation): RunOutcome::failure
};

// How a run ended, in words that follow "the run ": "finished", "stalled (time stopped
// advancing)", "ran out of message ids", "reached its memory budget", "was
// interrupted", "failed".
std::string stopText(RunStop stop);

struct RunOutcome {
    std::unique_ptr<Simulation> simulation;
    RunSummary summary;
    std::vector<ExpectationResult> expectations;
    double wallSeconds = 0;
    RunStop stop = RunStop::Completed;
    MemoryUsage memory; // at the end (or where the budget was exceeded)
    std::size_t maxMemoryBytes = 0;
    std::string failure; // what broke, when stop is Failed

    bool completed() const { return stop == RunStop::Completed; }
    bool passed() const;
    std::size_t failedCount() const;
};

// Runs a scenario headless to its end and checks its expectations: the one run driver behind
// `evsim run`, the tests and, later, sweeps and recordings. Memory budget and cancellation
// are checked every 64k events and 1/200 of the run's virtual time, and, with a thread
// allocation counter, every maxMemoryBytes / 64 bytes allocated; a run that stops early still
// has its summary, and its expectations are checked on what happened until then.
RunOutcome runScenario(const Scenario& scenario, const RunOptions& options = {});

} // namespace evsim
