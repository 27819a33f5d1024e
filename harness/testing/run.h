#pragma once

#include "harness/query/alert_firings.h"
#include "harness/query/dead_letters.h"
#include "harness/query/loss_report.h"
#include "harness/run/runner.h"
#include "simulator/observe/record.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/load_error.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

struct Recording;

// A scenario or recording that could not be loaded, or a recording whose replay did not
// give the recorded run. what() is the located errors as the CLI prints them
// ("file:line:col: error[E011]: … (at $.path)"), or the divergence.
class LoadFailure : public std::runtime_error {
public:
    explicit LoadFailure(std::vector<LoadError> errors);
    explicit LoadFailure(const std::string& message);
    const std::vector<LoadError>& errors() const { return m_errors; } // empty for a divergence

private:
    std::vector<LoadError> m_errors;
};

// A query named a queue, service or alert the run does not have, or a metric that does not
// exist. what(): "no queue named \"billing.order\" in the run (did you mean
// \"billing.orders\"?); its queues: billing.orders, billing.dead".
class UnknownName : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A finished run, to be asked what happened: the library form of `evsim run` and `evsim
// replay` for tests written in C++. The from… constructors keep the run's records, so every
// query works. Queries read the same functions the scenario's `expect` section is checked
// with, so a test and the CLI can never disagree. Move-only. Counts are read from the run's
// summary; deadLettered(), deadLetteredFrom() and recordsOf() scan every record per call.
class Run {
public:
    // Loads and runs a scenario file, with its own seed or `seed`. Throws LoadFailure.
    static Run fromScenarioFile(const std::string& path, std::optional<std::uint64_t> seed = {});
    // Runs a scenario already loaded; `options.keepRecords` is forced on.
    static Run fromScenario(const Scenario& scenario, RunOptions options = {});
    // Loads a recording (.evrec) and replays it. Throws LoadFailure when it does not load or
    // the replay's records differ from the recorded ones (the divergence is in what()).
    static Run fromRecordingFile(const std::string& path);
    static Run fromRecording(const Recording& recording, const std::string& fileName);
    // Runs a recording's inputs (its scenario, seed and run length) with this build, without
    // checking the recorded digests: the run as the code makes it now, for a test that pins
    // the recorded figures and should name each one that changed (an exported test) instead
    // of stopping at the first divergent record. Throws LoadFailure when it does not load.
    static Run rerunRecordingFile(const std::string& path);
    // The same for a recording's JSON text; `fileName` names it in errors.
    static Run rerunRecordingText(std::string_view json, const std::string& fileName);

    // Wraps an outcome of runScenario(). Without kept records (RunOptions::keepRecords
    // false), deadLettered(), deadLetteredFrom() and recordsOf() find nothing.
    explicit Run(RunOutcome outcome);

    const std::string& scenarioName() const { return m_outcome.summary.scenario; }
    std::uint64_t digest() const { return m_outcome.summary.digest; }
    std::uint64_t seed() const { return m_outcome.summary.seed; }
    SimTime endTime() const { return m_outcome.summary.endTime; }
    RunStop stop() const { return m_outcome.stop; }
    // What broke, when stop() is RunStop::Failed.
    const std::string& failure() const { return m_outcome.failure; }
    bool completed() const { return m_outcome.completed(); }

    // Per-queue figures (QueueStats: published, delivered, acked, …, final ready/unacked).
    // Throws UnknownName.
    const QueueStats& queue(const std::string& name) const;
    // One queue count by its expectation name (queueMetricNames(); `reason` narrows
    // dead_lettered). Throws UnknownName for an unknown queue, metric or reason.
    std::uint64_t queueCount(const std::string& queue, const std::string& metric,
                             const std::string& reason = {}) const;
    // Summed over every instance and consumer spec of `service`. Throws UnknownName.
    ConsumerStats consumer(const std::string& service) const;
    std::uint64_t consumerCount(const std::string& service, const std::string& metric) const;
    std::vector<std::string> queueNames() const;    // in scenario order
    std::vector<std::string> consumerNames() const; // services that consume, scenario order

    // Copies dead-lettered into `queue` (a dead-letter queue), in the order it happened.
    std::vector<DeadLetter> deadLettered(const std::string& queue) const;
    // Copies that were dead-lettered out of `queue`, wherever they went.
    std::vector<DeadLetter> deadLetteredFrom(const std::string& queue) const;
    // Every alert firing, in order of raising.
    std::vector<AlertFiring> alerts() const;
    // The firings of one alert rule. Throws UnknownName for a rule the run does not have.
    std::vector<AlertFiring> alerts(const std::string& name) const;
    // The message copies lost, by cause (what `no_loss` checks).
    LossReport lost() const;
    // Where every message and copy is at the end (what `accounted` checks).
    const Conservation& conservation() const { return m_outcome.summary.conservation; }
    // The records about message `id` (1-based), in the order they happened; empty for an id
    // the run never sent. Scans every record.
    std::vector<Record> recordsOf(std::uint32_t messageId) const;
    // A record as `evsim` prints it: "12.5ms delivered msg-3 billing.orders -> billing#1…".
    std::string recordText(const Record& record) const;

    // The scenario's expectations, checked at the end of the run.
    const std::vector<ExpectationResult>& expectations() const { return m_outcome.expectations; }
    // Every expectation passed and the run completed: what makes `evsim run` exit 0.
    bool passed() const { return m_outcome.passed(); }

    const RunOutcome& outcome() const { return m_outcome; }
    const Simulation& simulation() const { return *m_outcome.simulation; }

private:
    RunOutcome m_outcome;
};

// "poison-message-dlq (seed 5, digest d4b40c7d7190614d, 10/10 expectations passed)": how test
// frameworks print a Run.
std::string summaryLine(const Run& run);
// Both print summaryLine(): GoogleTest and Catch2 show a Run this way instead of its bytes.
std::ostream& operator<<(std::ostream& out, const Run& run);
void PrintTo(const Run& run, std::ostream* out);

} // namespace evsim
