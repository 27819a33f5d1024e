#include "harness/cli/recording_commands.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/cli/progress_line.h"
#include "harness/cli/scenario_input.h"
#include "harness/io/output_file.h"
#include "harness/io/terminal.h"
#include "harness/recording/recorder.h"
#include "harness/recording/replayer.h"
#include "harness/session/session_files.h"
#include "simulator/scenario/printable.h"

#include <fmt/format.h>
#include <iostream>

namespace evsim {
namespace {

constexpr const char* kEngine = "evsim " EVSIM_VERSION;

int usage(std::string_view command, const std::string& message) {
    std::cerr << "evsim " << command << ": " << message << "\n";
    return kExitBadInput;
}

int unfinished(std::string_view command, RunStop stop) {
    std::cerr << "evsim " << command << ": the run " << stopText(stop)
              << (command == "record" ? "; nothing was written (any earlier file is unchanged)\n"
                                      : "\n");
    return stop == RunStop::Cancelled ? kExitInterrupted : kExitBadInput;
}

void printDivergence(std::ostream& out, const Recording& rec, const Divergence& d) {
    out << "first divergent record: index " << d.firstRecord;
    if (!d.exact()) {
        out << " to " << d.lastRecord << "\n";
        out << fmt::format("  (checkpoints are every {} records: it is one of these; record with "
                           "--checkpoint-every 1 to pinpoint it)\n",
                           rec.checkpointEvery);
    } else if (d.seen) {
        out << " at " << formatDuration(d.seen->time) << "\n";
    } else {
        out << "\n";
    }
    if (d.endedEarly) {
        out << fmt::format("  the replay ended after {} records, the recording has {}\n",
                           d.seenRecords, rec.records);
    } else if (d.atTheEnd && d.expected && d.seen) {
        out << fmt::format("  after the last record ({}): expected digest {}, seen {}\n",
                           d.lastRecord, formatDigest(d.expected->digest),
                           formatDigest(d.seen->digest));
    } else if (!d.checkpoint) {
        out << fmt::format("  the recording ends after {} records, the replay went on\n",
                           rec.records);
    }
    if (d.checkpoint && d.expected) {
        out << fmt::format("  checkpoint {}, after record {}: expected digest {} at {}",
                           *d.checkpoint, d.expected->record, formatDigest(d.expected->digest),
                           formatDuration(d.expected->time));
        if (d.seen) {
            out << fmt::format(", seen {} at {}", formatDigest(d.seen->digest),
                               formatDuration(d.seen->time));
        }
        out << "\n";
    }
    if (!d.seenRecord.empty()) {
        out << fmt::format("  seen record {}: {}\n", d.lastRecord, d.seenRecord);
    }
}

} // namespace

int recordCommand(const RecordArgs& args) {
    RecordOptions options;
    options.engine = kEngine;
    if (args.seed) {
        const auto seed = readWholeNumber("--seed", *args.seed, 0, UINT64_MAX);
        if (const auto* error = std::get_if<std::string>(&seed)) {
            return usage("record", *error);
        }
        options.seed = std::get<std::uint64_t>(seed);
    }
    if (args.until) {
        const auto until = readPositiveDuration("--until", *args.until);
        if (const auto* error = std::get_if<std::string>(&until)) {
            return usage("record", *error);
        }
        options.until = std::get<SimTime>(until);
    }
    if (args.checkpointEvery) {
        const auto n = readWholeNumber("--checkpoint-every", *args.checkpointEvery, 1, UINT32_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return usage("record", *error);
        }
        options.checkpointEvery = std::get<std::uint64_t>(n);
    }

    if (refusedAsRecording("record", args.file)) {
        return kExitBadInput;
    }
    LoadResult<Session> session = Session::open(args.file);
    if (!session.ok()) {
        std::cerr << formatErrors(session.errors);
        return kExitBadInput;
    }
    if (options.until) {
        const SimTime interval = session.value->scenario().metrics.interval;
        if (const std::string problem = tooManySamples(*options.until, interval);
            !problem.empty()) {
            return usage("record", "--until " + formatDuration(*options.until) + ": " + problem);
        }
    }
    // Opened before the run, so a bad path is reported before minutes of work.
    if (const auto conflict = conflictingOutputs({{"-o", args.output}})) {
        return usage("record", printable(*conflict));
    }
    std::string error;
    std::unique_ptr<OutputFile> out = OutputFile::open(args.output, {args.file}, error);
    if (!out) {
        return usage("record", error);
    }
    std::ostream& report = out->isStdout() ? std::cerr : std::cout;

    ProgressLine progress;
    options.run.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    options.run.cancel = interruptFlag();
    auto recorded = recordSession(*session.value, options);
    progress.clear();
    if (const auto* why = std::get_if<std::string>(&recorded)) {
        return usage("record", printable(*why));
    }
    const RecordedRun& run = std::get<RecordedRun>(recorded);
    if (!run.outcome.completed() || interrupted()) {
        return unfinished("record", interrupted() ? RunStop::Cancelled : run.outcome.stop);
    }
    out->write(recordingJson(run.recording));
    if (const auto failed = out->commit()) {
        return usage("record", printable(*failed));
    }
    const Recording& rec = run.recording;
    report << fmt::format("recorded: {} ({} records, {} checkpoint{}, seed {}, length {})\n",
                          printable(out->path()), rec.records, rec.checkpoints.size(),
                          rec.checkpoints.size() == 1 ? "" : "s", rec.seed,
                          formatDuration(rec.until));
    int code = kExitPass;
    if (rec.summary.expectationsFailed > 0) {
        report << fmt::format("expectations: {} of {} failed (the recording keeps the failing "
                              "run; `evsim run` shows which)\n",
                              rec.summary.expectationsFailed,
                              rec.summary.expectationsFailed + rec.summary.expectationsPassed);
        code = kExitExpectationFailed;
    }
    report << "digest: " << formatDigest(rec.digest) << "\n" << std::flush;
    return code;
}

int replayCommand(const std::string& file) {
    LoadResult<Recording> loaded = loadRecordingFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const Recording& rec = *loaded.value;
    ProgressLine progress;
    RunOptions run;
    run.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    run.cancel = interruptFlag();
    ReplayResult result = replayRecording(rec, file, run);
    progress.clear();
    if (!result.errors.empty()) {
        locateRecordingErrors(result.errors, file);
        std::cerr << formatErrors(result.errors);
        return kExitBadInput;
    }
    if (!result.divergence && !result.outcome.completed()) {
        return unfinished("replay", result.outcome.stop);
    }
    if (result.divergence) {
        std::cout << fmt::format("replay: the run differs from {} (recorded by {}, replayed by "
                                 "{})\n",
                                 printable(file), shortened(printable(rec.engine), 40), kEngine);
        printDivergence(std::cout, rec, *result.divergence);
        std::cout << std::flush;
        return kExitExpectationFailed;
    }
    std::cout << "replayed: digest matches (" << formatDigest(result.digest) << ")\n" << std::flush;
    return kExitPass;
}

} // namespace evsim
