#include "harness/run/runner.h"

#include "harness/run/order_watch.h"
#include "harness/run/trace_watch.h"

#include <algorithm>
#include <chrono>
#include <sys/resource.h>

namespace evsim {

std::string stopText(RunStop stop) {
    switch (stop) {
    case RunStop::Completed:
        return "finished";
    case RunStop::Stalled:
        return "stalled (time stopped advancing)";
    case RunStop::OutOfMessageIds:
        return "ran out of message ids";
    case RunStop::MemoryBudget:
        return "reached its memory budget";
    case RunStop::Cancelled:
        return "was interrupted";
    case RunStop::Failed:
        return "failed";
    }
    return "did not finish";
}

bool RunOutcome::passed() const {
    return failedCount() == 0 && completed();
}

std::size_t RunOutcome::failedCount() const {
    return static_cast<std::size_t>(
        std::count_if(expectations.begin(), expectations.end(),
                      [](const ExpectationResult& r) { return !r.passed; }));
}

namespace {

// Set once by the executable, before any run; read by every run, on any thread.
std::atomic<ThreadAllocationCounter> g_allocationCounter{nullptr};

} // namespace

void setThreadAllocationCounter(ThreadAllocationCounter counter) {
    g_allocationCounter.store(counter);
}

std::size_t budgetUnderAddressLimit(std::size_t budget, unsigned concurrentRuns) {
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const std::size_t share =
            static_cast<std::size_t>(limit.rlim_cur) / 3 / std::max(1u, concurrentRuns);
        return std::min(budget, share);
    }
    return budget;
}

RunOutcome runScenario(const Scenario& scenario, const RunOptions& options) {
    RunOutcome outcome;
    outcome.maxMemoryBytes = options.maxMemoryBytes;
    SimulationOptions simOptions;
    simOptions.seed = options.seed;
    simOptions.keepRecords = options.keepRecords;
    simOptions.maxEventsPerInstant = options.maxEventsPerInstant;
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    outcome.simulation = std::make_unique<Simulation>(scenario, simOptions);
    Simulation& sim = *outcome.simulation;
    if (options.prepare) {
        options.prepare(sim);
    }
    // Declared after the simulation: detached before it ends, whatever ends the run.
    const std::vector<SinkAttachment> watching =
        options.watch ? options.watch(sim) : std::vector<SinkAttachment>{};
    // The order expectations are followed as the run goes: it may keep no records.
    OrderWatch orders(scenario, sim);
    SinkAttachment watchingOrders;
    if (!orders.empty()) {
        watchingOrders = sim.attach(orders);
    }
    TraceWatch traces(scenario, sim); // so are the trace expectations
    SinkAttachment watchingTraces;
    if (!traces.empty()) {
        watchingTraces = sim.attach(traces);
    }

    // Pausing changes nothing in a run: the same events fire in the same order whatever the
    // pauses. Pauses come every 1/200 of the virtual time or every 64k events.
    const SimTime end = options.until.value_or(scenario.duration);
    constexpr std::int64_t kSlices = 200;
    constexpr std::uint64_t kEventsPerCheck = 1 << 16;
    const std::int64_t slice = std::max<std::int64_t>(1, end.nanos() / kSlices);
    const auto check = [&] {
        outcome.memory = sim.memoryUsage();
        if (options.progress) {
            options.progress(RunProgress{sim.now(), end, sim.eventsProcessed(), elapsed(),
                                         outcome.memory.total()});
        }
        if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) {
            outcome.stop = RunStop::Cancelled;
        } else if (outcome.memory.total() + outcome.memory.largestTable > options.maxMemoryBytes) {
            outcome.stop = RunStop::MemoryBudget;
        }
        return outcome.stop == RunStop::Completed;
    };
    // With a counter of what this thread allocates, the run also pauses after the event that
    // allocated another 1/64 of the budget: one event may copy a message to thousands of
    // queues, and 64k such events would hold far more than any budget.
    const ThreadAllocationCounter counter = g_allocationCounter.load();
    const std::uint64_t step =
        std::max<std::uint64_t>(options.maxMemoryBytes / 64, std::uint64_t{64} << 10);
    PauseAt pause;
    if (counter != nullptr) {
        pause.counter = counter();
    }
    const auto nextPause = [&] {
        if (pause.counter != nullptr) {
            pause.limit = *pause.counter + step;
        }
    };
    nextPause();
    SimTime t = SimTime::zero();
    bool going = true;
    try {
        while (going && t < end && !sim.idle() && sim.halt() == Halt::None) {
            t = end.nanos() - t.nanos() <= slice ? end : t + SimTime::fromNanos(slice);
            while (going && !sim.runUntil(t, kEventsPerCheck, pause)) {
                going = check();
                nextPause();
            }
            going = going && check();
        }
        if (going) {
            sim.runUntil(end); // sets the clock to the end when the run went idle early
        }
    } catch (const InvariantViolation& e) {
        // A bug in the model, not in the scenario: the run stops there, and says what broke.
        outcome.stop = RunStop::Failed;
        outcome.failure = e.what();
    }
    outcome.memory = sim.memoryUsage();
    outcome.wallSeconds = elapsed();
    if (sim.halt() == Halt::Stalled) {
        outcome.stop = RunStop::Stalled;
    } else if (sim.halt() == Halt::OutOfMessageIds) {
        outcome.stop = RunStop::OutOfMessageIds;
    }
    outcome.summary = sim.summary();
    const bool contracts = std::any_of(
        scenario.expectations.begin(), scenario.expectations.end(),
        [](const Expectation& e) { return e.kind == Expectation::Kind::ContractsCompatible; });
    const ContractReport report = contracts ? checkContracts(scenario) : ContractReport{};
    outcome.expectations = checkExpectations(scenario.expectations, sim, outcome.summary,
                                             {&orders, &traces, contracts ? &report : nullptr});
    return outcome;
}

} // namespace evsim
