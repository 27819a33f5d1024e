#include "harness/suite/suite_runner.h"

#include "harness/io/terminal.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/run/runner.h"
#include "simulator/scenario/scenario_loader.h"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>

namespace evsim {
namespace {

void loadFailed(ItemResult& r, const std::vector<LoadError>& errors) {
    r.status = ItemStatus::Error;
    r.problemType = "LoadError";
    for (const LoadError& e : errors) {
        r.problems.push_back(e.format());
    }
    r.problem = r.problems.empty() ? "the file did not load" : r.problems.front();
    // format() puts a hint on a second line; the one-line message keeps the first.
    r.problem = r.problem.substr(0, r.problem.find('\n'));
}

std::string divergenceText(const Divergence& d) {
    std::string out =
        d.exact() ? fmt::format("the replay differs from the recording at record {}", d.firstRecord)
                  : fmt::format("the replay differs from the recording between "
                                "records {} and {}",
                                d.firstRecord, d.lastRecord);
    if (d.atTheEnd && d.expected && d.seen) {
        out += fmt::format(" (digest after the last record expected {}, seen {})",
                           formatDigest(d.expected->digest), formatDigest(d.seen->digest));
    } else if (d.expected && d.seen) {
        out += fmt::format(" (digest expected {}, seen {})", formatDigest(d.expected->digest),
                           formatDigest(d.seen->digest));
    } else if (d.endedEarly) {
        out += fmt::format(" (the replay ended after {} records)", d.seenRecords);
    } else {
        out += " (the replay went on past the recorded end)";
    }
    return out;
}

// Fills in what a finished (or stopped) run gave.
void takeOutcome(ItemResult& r, const RunOutcome& outcome) {
    r.ran = true;
    r.seed = outcome.summary.seed;
    r.digest = outcome.summary.digest;
    r.virtualTime = outcome.summary.endTime;
    for (std::size_t i = 0; i < outcome.expectations.size(); ++i) {
        const ExpectationResult& e = outcome.expectations[i];
        const std::string text = expectationText(i, e);
        r.expectationLines.push_back((e.passed ? "PASS " : "FAIL ") + text);
        if (e.passed) {
            ++r.expectationsPassed;
        } else {
            ++r.expectationsFailed;
            r.problems.push_back(text);
        }
    }
    if (outcome.stop == RunStop::Cancelled) {
        r.status = ItemStatus::Interrupted;
        r.problem = "the run " + stopText(outcome.stop);
    } else if (!outcome.completed()) {
        r.status = ItemStatus::Error;
        r.problemType = "RunStopped";
        r.problem =
            stopProblem(outcome, "--max-memory; a shorter duration or fewer instances hold less");
        r.problems.insert(r.problems.begin(), r.problem);
    } else if (r.expectationsFailed > 0) {
        r.status = ItemStatus::Failed;
        r.problemType = "Expectation";
        r.problem = r.problems.front();
    } else {
        r.status = ItemStatus::Passed;
    }
}

void runScenarioItem(ItemResult& r, const std::atomic<bool>* cancel, std::size_t maxMemoryBytes) {
    LoadResult<Scenario> loaded = loadScenarioFile(r.item.path);
    if (!loaded.ok()) {
        loadFailed(r, loaded.errors);
        return;
    }
    r.name = loaded.value->name;
    RunOptions options;
    options.cancel = cancel;
    options.maxMemoryBytes = maxMemoryBytes;
    takeOutcome(r, runScenario(*loaded.value, options));
}

void runRecordingItem(ItemResult& r, const std::atomic<bool>* cancel, std::size_t maxMemoryBytes) {
    LoadResult<Recording> loaded = loadRecordingFile(r.item.path);
    if (!loaded.ok()) {
        loadFailed(r, loaded.errors);
        return;
    }
    RunOptions options;
    options.cancel = cancel;
    options.maxMemoryBytes = maxMemoryBytes;
    ReplayResult replay = replayRecording(*loaded.value, r.item.path, options);
    if (!replay.errors.empty()) {
        locateRecordingErrors(replay.errors, r.item.path);
        loadFailed(r, replay.errors);
        return;
    }
    r.name = replay.outcome.summary.scenario;
    if (replay.divergence) {
        // A replay stops at the divergence: its expectations say nothing about the recording.
        r.ran = true;
        r.seed = replay.outcome.summary.seed;
        r.digest = replay.digest;
        r.virtualTime = replay.outcome.summary.endTime;
        r.status = ItemStatus::Failed;
        r.problemType = "DigestMismatch";
        r.problem = divergenceText(*replay.divergence);
        r.problems.push_back(r.problem);
        return;
    }
    takeOutcome(r, replay.outcome);
    r.digest = replay.digest;
}

} // namespace

std::string expectationText(std::size_t index, const ExpectationResult& result) {
    return fmt::format("expect[{}] {}", index, describe(result));
}

std::string stopProblem(const RunOutcome& outcome, std::string_view memoryHint) {
    std::string problem = "the run " + stopText(outcome.stop);
    if (outcome.stop == RunStop::MemoryBudget) {
        problem += fmt::format(" of {} ({})", formatBytes(outcome.maxMemoryBytes), memoryHint);
    }
    return problem;
}

ItemResult runSuiteItem(const SuiteItem& item, const std::atomic<bool>* cancel,
                        std::size_t maxMemoryBytes) {
    const auto started = std::chrono::steady_clock::now();
    ItemResult r;
    r.item = item;
    r.name = std::filesystem::path(item.path).stem().string();
    if (cancel != nullptr && cancel->load()) {
        r.status = ItemStatus::Interrupted; // not started: the suite is stopping
        r.problem = "not run (interrupted)";
        return r;
    }
    if (item.kind == SuiteItemKind::Scenario) {
        runScenarioItem(r, cancel, maxMemoryBytes);
    } else {
        runRecordingItem(r, cancel, maxMemoryBytes);
    }
    r.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

} // namespace evsim
