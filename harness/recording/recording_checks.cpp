#include "harness/recording/recording_checks.h"

#include "simulator/observe/record.h"
#include "simulator/scenario/json_source_map.h"

#include <fmt/format.h>

namespace evsim {
namespace {

constexpr const char* kEdited = "the file was edited or cut; record the scenario again";

class Problems {
public:
    explicit Problems(const std::string& file) : m_file(file) {}
    void add(std::string path, std::string message) {
        m_errors.push_back(LoadError{LoadErrorCode::Inconsistent, m_file, 0, 0, std::move(path),
                                     std::move(message), kEdited});
    }
    std::vector<LoadError> take() { return std::move(m_errors); }

private:
    const std::string& m_file;
    std::vector<LoadError> m_errors;
};

std::string checkpointPath(std::size_t index, std::string_view key) {
    return JsonSourceMap::memberPath(JsonSourceMap::elementPath("$.checkpoints", index), key);
}

// Where the checkpoints must be: after records every-1, 2*every-1, ... and after the last.
void checkPlaces(const Recording& r, Problems& problems) {
    const std::uint64_t every = r.checkpointEvery;
    const std::uint64_t full = r.records / every; // (i+1)*every <= records for i < full
    const std::uint64_t expected = full + (r.records % every != 0 ? 1 : 0);
    const auto& checkpoints = r.checkpoints;
    for (std::size_t i = 0; i < checkpoints.size() && i < expected; ++i) {
        const std::uint64_t place = i < full ? (i + 1) * every - 1 : r.records - 1;
        if (checkpoints[i].record != place) {
            problems.add(checkpointPath(i, "record"),
                         fmt::format("checkpoint {} is after record {}, but with \"records\" {} "
                                     "and \"checkpoint_every\" {} it must be after record {}",
                                     i, checkpoints[i].record, r.records, every, place));
            break; // the ones after it are out of place too; one error says it
        }
    }
    if (checkpoints.size() != expected) {
        problems.add("$.checkpoints",
                     fmt::format("{} record{} with \"checkpoint_every\" {} give {} checkpoint{}, "
                                 "the file has {}",
                                 r.records, r.records == 1 ? "" : "s", every, expected,
                                 expected == 1 ? "" : "s", checkpoints.size()));
    }
}

void checkTimes(const Recording& r, Problems& problems) {
    for (std::size_t i = 0; i < r.checkpoints.size(); ++i) {
        const SimTime t = r.checkpoints[i].time;
        if (t > r.until) {
            problems.add(checkpointPath(i, "t_ns"),
                         fmt::format("checkpoint {} is at {}, after the end of the run ({})", i,
                                     formatDuration(t), formatDuration(r.until)));
            return;
        }
        if (i > 0 && t < r.checkpoints[i - 1].time) {
            problems.add(checkpointPath(i, "t_ns"),
                         fmt::format("checkpoint {} is at {}, before checkpoint {} ({})", i,
                                     formatDuration(t), i - 1,
                                     formatDuration(r.checkpoints[i - 1].time)));
            return;
        }
    }
    if (r.summary.lastEventTime > r.until) {
        problems.add("$.summary.last_event_ns",
                     fmt::format("the last event is at {}, after the end of the run ({})",
                                 formatDuration(r.summary.lastEventTime), formatDuration(r.until)));
    }
}

void checkDigest(const Recording& r, Problems& problems) {
    if (!r.checkpoints.empty() && r.checkpoints.back().digest != r.digest) {
        problems.add("$.digest",
                     fmt::format("the run's digest {} is not the last checkpoint's ({})",
                                 formatDigest(r.digest),
                                 formatDigest(r.checkpoints.back().digest)));
    } else if (r.records == 0 && r.digest != Digest{}.value()) {
        problems.add("$.digest",
                     fmt::format("a run without records has digest {}, not {}",
                                 formatDigest(Digest{}.value()), formatDigest(r.digest)));
    }
}

} // namespace

std::vector<LoadError> recordingInconsistencies(const Recording& recording,
                                                const std::string& fileName) {
    Problems problems(fileName);
    if (recording.checkpointEvery == 0) {
        problems.add("$.checkpoint_every", "\"checkpoint_every\" must be at least 1");
        return problems.take();
    }
    checkPlaces(recording, problems);
    checkTimes(recording, problems);
    checkDigest(recording, problems);
    return problems.take();
}

RecordingSummary summaryOf(const RunOutcome& outcome) {
    RecordingSummary out;
    const RunSummary& s = outcome.summary;
    out.events = s.events;
    out.lastEventTime = s.lastEventTime;
    out.published = s.conservation.published;
    out.acked = s.conservation.acked;
    out.dropped = s.conservation.dropped;
    out.deadLettered = s.conservation.deadLettered;
    out.held = s.conservation.held;
    out.expectationsFailed = outcome.failedCount();
    out.expectationsPassed = outcome.expectations.size() - out.expectationsFailed;
    return out;
}

std::vector<LoadError> summaryDifferences(const RecordingSummary& recorded,
                                          const RecordingSummary& replayed,
                                          const std::string& fileName) {
    Problems problems(fileName);
    const auto compare = [&](std::string_view key, std::uint64_t inFile, std::uint64_t inRun) {
        if (inFile != inRun) {
            problems.add(JsonSourceMap::memberPath("$.summary", key),
                         fmt::format("the summary says {} {}, but the run it keeps gives {}", key,
                                     inFile, inRun));
        }
    };
    compare("published", recorded.published, replayed.published);
    compare("acked", recorded.acked, replayed.acked);
    compare("dropped", recorded.dropped, replayed.dropped);
    compare("dead_lettered", recorded.deadLettered, replayed.deadLettered);
    compare("held", recorded.held, replayed.held);
    compare("expectations_passed", recorded.expectationsPassed, replayed.expectationsPassed);
    compare("expectations_failed", recorded.expectationsFailed, replayed.expectationsFailed);
    return problems.take();
}

} // namespace evsim
