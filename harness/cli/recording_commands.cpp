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

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <memory>

namespace evsim {
namespace {

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
    options.engine = engineName();
    if (const auto error = readSeedAndUntil(args.seed, args.until, options.seed, options.until)) {
        return badInput("record", *error);
    }
    if (args.checkpointEvery) {
        const auto n = readWholeNumber("--checkpoint-every", *args.checkpointEvery, 1, UINT32_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return badInput("record", *error);
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
            return badInput("record", "--until " + formatDuration(*options.until) + ": " + problem);
        }
    }
    // Opened before the run, so a bad path is reported before minutes of work.
    if (const auto conflict = conflictingOutputs({{"-o", args.output}})) {
        return badInput("record", printable(*conflict));
    }
    std::string error;
    std::unique_ptr<OutputFile> out = OutputFile::open(args.output, {args.file}, error);
    if (!out) {
        return badInput("record", error);
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
        return badInput("record", printable(*why));
    }
    const RecordedRun& run = std::get<RecordedRun>(recorded);
    if (!run.outcome.completed() || interrupted()) {
        return unfinished("record", interrupted() ? RunStop::Cancelled : run.outcome.stop);
    }
    out->write(recordingJson(run.recording));
    if (const auto failed = out->commit()) {
        return badInput("record", printable(*failed));
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

int replayCommand(const ReplayArgs& args) {
    const std::string& file = args.file;
    LoadResult<Recording> loaded = loadRecordingFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const Recording& rec = *loaded.value;
    // The trace outputs are opened before the run, so that a bad path costs no replay.
    if (const auto conflict = conflictingOutputs(args.trace.paths())) {
        return badInput("replay", printable(*conflict));
    }
    TraceOutputs trace;
    if (const auto error = trace.open(args.trace, {file})) {
        return badInput("replay", printable(*error));
    }
    const LoadResult<Scenario> scenario = recordedScenario(rec, file);
    ProgressLine progress;
    RunOptions run;
    run.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    run.cancel = interruptFlag();
    if (scenario.ok() && !trace.files().empty()) {
        run.watch = [&](Simulation& sim) {
            return trace.watch(sim, *scenario.value);
        };
    }
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
    // With an output on standard output (--log - writes as the run goes), the report goes to
    // standard error, as `evsim run` does.
    std::ostream& report = trace.toStdout() ? std::cerr : std::cout;
    if (result.divergence) {
        report << fmt::format("replay: the run differs from {} (recorded by {}, replayed by "
                              "{})\n",
                              printable(file), shortened(printable(rec.engine), 40), engineName());
        printDivergence(report, rec, *result.divergence);
        report << std::flush;
        for (const OutputFile* out : trace.files()) {
            if (!out->isStdout()) {
                std::cerr << "evsim replay: " << printable(out->path())
                          << " was not written (the replay is not the recorded run); any "
                             "earlier file is unchanged\n";
            }
        }
        return kExitExpectationFailed;
    }
    // The same run as recorded: its traces are the recorded run's.
    std::vector<std::string> notes;
    const std::vector<std::string> writeErrors =
        trace.files().empty() ? std::vector<std::string>{}
                              : trace.finish(*result.outcome.simulation, *scenario.value, notes);
    report << "replayed: digest matches (" << formatDigest(result.digest) << ")\n" << std::flush;
    for (const std::string& note : notes) {
        std::cerr << "evsim replay: " << printable(note) << "\n";
    }
    for (const std::string& error : writeErrors) {
        std::cerr << "evsim replay: " << printable(error) << "\n";
    }
    return writeErrors.empty() ? kExitPass : kExitBadInput;
}

Command addRecordCommand(CLI::App& app) {
    auto args = std::make_shared<RecordArgs>();
    CLI::App* record = app.add_subcommand(
        "record", "Run a scenario and keep the run as a recording that `evsim replay` checks.");
    record->add_option("FILE", args->file, "Scenario file")->required();
    record
        ->add_option("-o,--output", args->output,
                     "The recording to write (.evrec, JSON), replaced only when the run "
                     "finishes; - writes to standard output")
        ->type_name("OUT.evrec")
        ->required();
    record->add_option("--seed", args->seed, "Seed (default: the file's)")->type_name("N");
    record
        ->add_option("--until", args->until,
                     "Run length in virtual time, e.g. 500ms, 30s (default: the file's duration)")
        ->type_name("DURATION");
    record
        ->add_option("--checkpoint-every", args->checkpointEvery,
                     "Keep the run's digest after every N records (default 4096); a replay that "
                     "differs names the first divergent record to within N records")
        ->type_name("N");
    record->footer("The recording embeds the scenario (interventions in its timeline), the seed, "
                   "the run length, the digest with its checkpoints and a summary: it needs "
                   "nothing else to run again. The last line is `digest: <16 hex digits>`, as "
                   "`evsim run` prints it. Format: docs/recording-format.md.\nExample: evsim "
                   "record scenarios/hello-pubsub.json -o hello.evrec --seed 2");
    return {record, [args] {
                return recordCommand(*args);
            }};
}

Command addReplayCommand(CLI::App& app) {
    auto args = std::make_shared<ReplayArgs>();
    CLI::App* replay =
        app.add_subcommand("replay", "Re-run a recording and check that it gives the same digest.");
    replay->add_option("REC", args->file, "Recording (.evrec) written by evsim record")->required();
    addTraceOptions(*replay, args->trace);
    replay->footer("Exit 0 and `replayed: digest matches (<16 hex digits>)` when the run is the "
                   "same; exit 1 with the first divergent record (index, virtual time, expected "
                   "and seen digest, the seen record) when it is not; exit 2 for a recording "
                   "that cannot be read, including one of a newer format version. The trace "
                   "outputs (--trace, --mermaid, --dot, --log) are those of `evsim run`, written "
                   "only when the replay is the recorded run.\nExample: evsim replay "
                   "saga.evrec --trace saga.otlp.jsonl --mermaid saga.mmd");
    return {replay, [args] {
                return replayCommand(*args);
            }};
}

} // namespace evsim
