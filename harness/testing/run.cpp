#include "harness/testing/run.h"

#include "harness/query/queue_metrics.h"
#include "harness/recording/record_text.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/scenario_loader.h"

#include <algorithm>
#include <ostream>

namespace evsim {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& n : names) {
        text += (text.empty() ? "" : ", ") + n;
    }
    return text.empty() ? "none" : text;
}

// "no queue named \"x\" in the run (did you mean \"y\"?); its queues: y, z"
[[noreturn]] void unknown(const std::string& what, const std::string& name,
                          const std::vector<std::string>& known) {
    const std::string hint = didYouMean(name, known);
    throw UnknownName("no " + what + " named \"" + name + "\" in the run" +
                      (hint.empty() ? "" : " (" + hint + ")") + "; its " + what +
                      "s: " + joined(known));
}

std::vector<std::string> names(std::span<const std::string_view> list) {
    return {list.begin(), list.end()};
}

std::string divergenceText(const std::string& file, const ReplayResult& r) {
    if (!r.divergence) {
        return "replay of " + file + " did not finish";
    }
    const Divergence& d = *r.divergence;
    std::string text = "replay of " + file + " differs from the recording: first divergent " +
                       "record at index " + std::to_string(d.firstRecord);
    if (!d.exact()) {
        text += " to " + std::to_string(d.lastRecord);
    }
    if (!d.seenRecord.empty()) {
        text += "; the replay's record " + std::to_string(d.lastRecord) + ": " + d.seenRecord;
    }
    return text;
}

} // namespace

LoadFailure::LoadFailure(std::vector<LoadError> errors)
    : std::runtime_error(formatErrors(errors)), m_errors(std::move(errors)) {}

LoadFailure::LoadFailure(const std::string& message) : std::runtime_error(message) {}

Run::Run(RunOutcome outcome) : m_outcome(std::move(outcome)) {}

Run Run::fromScenarioFile(const std::string& path, std::optional<std::uint64_t> seed) {
    LoadResult<Scenario> loaded = loadScenarioFile(path);
    if (!loaded.ok()) {
        throw LoadFailure(std::move(loaded.errors));
    }
    RunOptions options;
    options.seed = seed;
    return fromScenario(*loaded.value, std::move(options));
}

Run Run::fromScenario(const Scenario& scenario, RunOptions options) {
    options.keepRecords = true; // the message-level queries read the records
    return Run(runScenario(scenario, options));
}

Run Run::fromRecordingFile(const std::string& path) {
    LoadResult<Recording> loaded = loadRecordingFile(path);
    if (!loaded.ok()) {
        throw LoadFailure(std::move(loaded.errors));
    }
    return fromRecording(*loaded.value, path);
}

Run Run::fromRecording(const Recording& recording, const std::string& fileName) {
    ReplayResult replay = replayRecording(recording, fileName, {}, /*keepRecords=*/true);
    if (!replay.errors.empty()) {
        throw LoadFailure(std::move(replay.errors));
    }
    if (!replay.matches()) {
        throw LoadFailure(divergenceText(fileName, replay));
    }
    return Run(std::move(replay.outcome));
}

namespace {

Run rerun(LoadResult<Recording> loaded, const std::string& fileName) {
    if (!loaded.ok()) {
        throw LoadFailure(std::move(loaded.errors));
    }
    RunOptions options;
    options.keepRecords = true; // the message-level queries read the records
    RerunResult rerun = rerunRecording(*loaded.value, fileName, std::move(options));
    if (!rerun.ok()) {
        throw LoadFailure(std::move(rerun.errors));
    }
    return Run(std::move(rerun.outcome));
}

} // namespace

Run Run::rerunRecordingFile(const std::string& path) {
    return rerun(loadRecordingFile(path), path);
}

Run Run::rerunRecordingText(std::string_view json, const std::string& fileName) {
    return rerun(parseRecording(json, fileName), fileName);
}

const QueueStats& Run::queue(const std::string& name) const {
    const QueueStats* q = m_outcome.summary.queue(name);
    if (q == nullptr) {
        unknown("queue", name, queueNames());
    }
    return *q;
}

std::uint64_t Run::queueCount(const std::string& queueName, const std::string& metric,
                              const std::string& reason) const {
    const QueueStats& q = queue(queueName);
    if (const auto value = queueMetric(q, metric, reason)) {
        return *value;
    }
    if (metric == "dead_lettered") {
        unknown("dead-letter reason", reason, names(deadLetterReasonNames()));
    }
    unknown("queue metric", metric, names(queueMetricNames()));
}

ConsumerStats Run::consumer(const std::string& service) const {
    const std::vector<std::string> known = consumerNames();
    if (std::find(known.begin(), known.end(), service) == known.end()) {
        unknown("consumer", service, known);
    }
    return m_outcome.summary.consumer(service);
}

std::uint64_t Run::consumerCount(const std::string& service, const std::string& metric) const {
    if (const auto value = consumerMetric(consumer(service), metric)) {
        return *value;
    }
    unknown("consumer metric", metric, names(consumerMetricNames()));
}

std::vector<std::string> Run::queueNames() const {
    std::vector<std::string> out;
    for (const QueueStats& q : m_outcome.summary.queues) {
        out.push_back(q.name);
    }
    return out;
}

std::vector<std::string> Run::consumerNames() const {
    std::vector<std::string> out;
    for (const ConsumerStats& c : m_outcome.summary.consumers) {
        if (std::find(out.begin(), out.end(), c.service) == out.end()) {
            out.push_back(c.service);
        }
    }
    return out;
}

std::vector<DeadLetter> Run::deadLettered(const std::string& queueName) const {
    queue(queueName);
    std::vector<DeadLetter> all = deadLetters(simulation());
    std::erase_if(all, [&](const DeadLetter& d) { return d.into != queueName; });
    return all;
}

std::vector<DeadLetter> Run::deadLetteredFrom(const std::string& queueName) const {
    queue(queueName);
    std::vector<DeadLetter> all = deadLetters(simulation());
    std::erase_if(all, [&](const DeadLetter& d) { return d.from != queueName; });
    return all;
}

std::vector<AlertFiring> Run::alerts() const {
    return alertFirings(simulation());
}

std::vector<AlertFiring> Run::alerts(const std::string& name) const {
    std::vector<std::string> known;
    for (const AlertRule& rule : simulation().alertRules()) {
        known.push_back(rule.name);
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
        unknown("alert", name, known);
    }
    return alertFirings(simulation(), name);
}

LossReport Run::lost() const {
    return lossReport(simulation().losses());
}

std::vector<Record> Run::recordsOf(std::uint32_t messageId) const {
    std::vector<Record> out;
    if (messageId == 0) {
        return out;
    }
    for (const Record& r : simulation().log().records()) {
        // Fault records carry an intervention number where other records carry a message id.
        const bool fault = r.kind == RecordKind::FaultStarted || r.kind == RecordKind::FaultEnded;
        if (r.message == messageId && !fault) {
            out.push_back(r);
        }
    }
    return out;
}

std::string Run::recordText(const Record& record) const {
    return evsim::recordText(simulation().entities(), record);
}

std::string summaryLine(const Run& run) {
    const auto& results = run.expectations();
    const auto passed = std::count_if(results.begin(), results.end(),
                                      [](const ExpectationResult& r) { return r.passed; });
    return run.scenarioName() + " (seed " + std::to_string(run.seed()) + ", digest " +
           formatDigest(run.digest()) + ", " + std::to_string(passed) + "/" +
           std::to_string(results.size()) + " expectations passed" +
           (run.completed() ? "" : ", did not complete") + ")";
}

std::ostream& operator<<(std::ostream& out, const Run& run) {
    return out << summaryLine(run);
}

void PrintTo(const Run& run, std::ostream* out) {
    *out << summaryLine(run);
}

} // namespace evsim
