#include "harness/cli/trace_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/cli/progress_line.h"
#include "harness/recording/replayer.h"
#include "harness/run/runner.h"
#include "harness/trace/trace_tree.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace evsim {
namespace {

struct TraceCommandArgs {
    std::string file;
    std::optional<std::string> id;
    std::optional<std::string> seed;
    std::optional<std::string> until;
    std::optional<std::string> rows;
};

int traceCommand(const TraceCommandArgs& args) {
    RunOptions options;
    options.keepRecords = false;
    TraceLimits limits;
    if (args.id) {
        std::string error;
        const std::optional<TraceId> id = parseTraceIdOrTraceparent(*args.id, error);
        if (!id) {
            return badInput("trace", "\"" + shortened(printable(*args.id), 60) + "\": " + error +
                                         " (or a traceparent 00-<trace id>-<span id>-<flags>)");
        }
        limits.only = id;
    }
    const auto rows = readRows(args.rows, 50);
    if (const auto* error = std::get_if<std::string>(&rows)) {
        return badInput("trace", *error);
    }
    if (const auto error = readSeedAndUntil(args.seed, args.until, options.seed, options.until)) {
        return badInput("trace", *error);
    }
    // A recording is traced as the run it keeps: its scenario, seed and length.
    const bool recording = looksLikeRecording(args.file);
    if (recording && (args.seed || args.until)) {
        return badInput("trace", "a recording keeps its seed and run length; --seed and --until "
                                 "are for scenarios");
    }
    LoadResult<Scenario> loaded;
    std::optional<std::uint64_t> recordedDigest;
    if (recording) {
        const LoadResult<Recording> rec = loadRecordingFile(args.file);
        if (!rec.ok()) {
            std::cerr << formatErrors(rec.errors);
            return kExitBadInput;
        }
        loaded = recordedScenario(*rec.value, args.file);
        locateRecordingErrors(loaded.errors, args.file);
        options.seed = rec.value->seed;
        options.until = rec.value->until;
        recordedDigest = rec.value->digest;
    } else {
        loaded = loadScenarioFile(args.file);
    }
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const Scenario& scenario = *loaded.value;
    const bool log = scenario.broker.kind == BrokerKind::Kafka;
    std::unique_ptr<SpanBuilder> builder;
    options.watch = [&builder, &limits, log](Simulation& sim) {
        builder = std::make_unique<SpanBuilder>(sim.seed(), sim.entities(), log, limits);
        std::vector<SinkAttachment> out;
        out.push_back(sim.attach(*builder));
        return out;
    };
    ProgressLine progress;
    options.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    options.cancel = interruptFlag();
    const RunOutcome outcome = runScenario(scenario, options);
    progress.clear();
    if (outcome.stop == RunStop::Cancelled || interrupted()) {
        std::cerr << "evsim trace: interrupted at " << formatDuration(outcome.simulation->now())
                  << "\n";
        return kExitInterrupted;
    }
    if (!outcome.completed()) {
        std::cerr << "evsim trace: the run did not finish: " << printable(outcome.failure) << "\n";
        return kExitBadInput;
    }
    const Simulation& sim = *outcome.simulation;
    if (recordedDigest && sim.digest() != *recordedDigest) {
        // Traces of another run would be read as the recorded one's.
        std::cerr << "evsim trace: the run differs from the one " << printable(args.file)
                  << " keeps (digest " << formatDigest(sim.digest()) << ", recorded "
                  << formatDigest(*recordedDigest) << "); `evsim replay " << printable(args.file)
                  << "` names where\n";
        return kExitExpectationFailed;
    }
    const TraceSet set = builder->finish(sim.now());
    const TraceNames names{sim.seed(), sim.entities(), sim.eventTypes(), sim.strings(), log};
    if (!args.id) {
        std::cout << formatTraceList(set, names, std::get<std::size_t>(rows));
        if (set.tracesLeftOut > 0) {
            std::cout << set.tracesLeftOut << " traces begun past 200000 spans are not listed\n";
        }
        return kExitPass;
    }
    if (set.spans.empty()) {
        return badInput("trace", "no trace of this run has the id " + hexId(*limits.only) +
                                     " (seed " + std::to_string(sim.seed()) + "); `evsim trace " +
                                     printable(args.file) + "` lists them");
    }
    std::cout << formatTraceTree(set, names, set.spans.front().root);
    return kExitPass;
}

} // namespace

Command addTraceCommand(CLI::App& app) {
    auto args = std::make_shared<TraceCommandArgs>();
    CLI::App* trace = app.add_subcommand(
        "trace", "Print one trace of a run as a tree of spans with timings, or list the traces.");
    trace
        ->add_option("FILE", args->file,
                     "Scenario file (JSON, comments allowed), or a recording (.evrec): the run it "
                     "keeps, checked against its digest")
        ->required();
    trace
        ->add_option("TRACE_ID", args->id,
                     "32 hex digits (as in --log, --trace or an envelope's traceparent), or a "
                     "whole traceparent; without it, the run's traces are listed")
        ->type_name("ID");
    trace->add_option("--seed", args->seed, "Seed (default: the file's)")->type_name("N");
    trace->add_option("--until", args->until, "Run length (default: the file's duration)")
        ->type_name("DURATION");
    trace->add_option("--rows", args->rows, "Traces to list (default 50), or all")
        ->type_name("N|all");
    trace->footer("Spans follow the OpenTelemetry messaging conventions: publish or send, the "
                  "broker's queue or log, process, and ack, nack, reject or commit.\nExample: "
                  "evsim trace scenarios/saga-choreography.json, then evsim trace "
                  "scenarios/saga-choreography.json <id>");
    return {trace, [args] {
                return traceCommand(*args);
            }};
}

} // namespace evsim
