#include "harness/cli/run_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/cli/progress_line.h"
#include "harness/cli/scenario_input.h"
#include "harness/io/events_writer.h"
#include "harness/io/metrics_csv.h"
#include "harness/io/output_file.h"
#include "harness/io/terminal.h"
#include "harness/run/runner.h"
#include "harness/run/summary_report.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <variant>

namespace evsim {
namespace {

// "nothing was written (any earlier out.jsonl is unchanged)".
std::string unwrittenText(const std::vector<const OutputFile*>& outputs) {
    std::string files;
    for (const OutputFile* out : outputs) {
        if (out != nullptr && !out->isStdout()) {
            files += (files.empty() ? "" : " and ") + printable(out->path());
        }
    }
    return files.empty() ? "nothing was written"
                         : "nothing was written (any earlier " + files + " is unchanged)";
}

// What the options ask for, read strictly: a usage error as its exit code.
struct RunSettings {
    RunOptions options;
    std::size_t rows = kDefaultReportRows;
};

std::variant<RunSettings, int> readSettings(const RunArgs& args) {
    RunSettings out;
    RunOptions& options = out.options;
    options.keepRecords = !args.stream;
    if (const auto error = readSeedAndUntil(args.seed, args.until, options.seed, options.until)) {
        return badInput("run", *error);
    }
    const auto budget = readMaxMemory(args.maxMemory, 1);
    if (const auto* error = std::get_if<std::string>(&budget)) {
        return badInput("run", *error);
    }
    options.maxMemoryBytes = std::get<std::size_t>(budget);
    if (args.maxEventsPerInstant) {
        const auto n =
            readWholeNumber("--max-events-per-instant", *args.maxEventsPerInstant, 1, UINT64_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return badInput("run", *error);
        }
        options.maxEventsPerInstant = std::get<std::uint64_t>(n);
    }
    const auto rows = readRows(args.rows, kDefaultReportRows);
    if (const auto* error = std::get_if<std::string>(&rows)) {
        return badInput("run", *error);
    }
    out.rows = std::get<std::size_t>(rows);
    return out;
}

// The --events and --metrics files of a run and their writers. Opened before the run, so that a
// bad path is reported before minutes of work; replaced only when the run finishes.
struct RunOutputs {
    std::unique_ptr<OutputFile> events;
    std::unique_ptr<OutputFile> metrics;
    std::unique_ptr<EventsWriter> eventsWriter;
    std::unique_ptr<MetricsCsvWriter> metricsWriter;
    TraceOutputs trace;

    // The writers, attached to the run's simulation for as long as it runs.
    std::vector<SinkAttachment> watch(Simulation& sim, const Scenario& scenario) {
        std::vector<SinkAttachment> watching;
        if (events) {
            eventsWriter = std::make_unique<EventsWriter>(sim, scenario, *events);
            watching.push_back(sim.attach(*eventsWriter));
        }
        if (metrics) {
            metricsWriter = std::make_unique<MetricsCsvWriter>(sim, *metrics);
            watching.push_back(sim.attach(*metricsWriter));
        }
        for (SinkAttachment& a : trace.watch(sim, scenario)) {
            watching.push_back(std::move(a));
        }
        return watching;
    }
    bool toStdout() const {
        return (events && events->isStdout()) || (metrics && metrics->isStdout()) ||
               trace.toStdout();
    }
    std::vector<const OutputFile*> files() const {
        std::vector<const OutputFile*> out = trace.files();
        for (const OutputFile* f : {events.get(), metrics.get()}) {
            if (f != nullptr) {
                out.insert(out.begin(), f);
            }
        }
        return out;
    }
};

// Opens the outputs the options name; a usage error as its exit code.
std::optional<int> openOutputs(const RunArgs& args, RunOutputs& outputs) {
    std::vector<OutputPath> paths;
    for (const auto& [option, path] :
         {std::pair("--events", &args.eventsPath), std::pair("--metrics", &args.metricsPath)}) {
        if (*path) {
            paths.push_back({option, **path});
        }
    }
    for (const OutputPath& p : args.trace.paths()) {
        paths.push_back(p);
    }
    if (const auto conflict = conflictingOutputs(paths)) {
        return badInput("run", printable(*conflict));
    }
    const auto open = [&](const std::string& option, const std::optional<std::string>& path,
                          std::unique_ptr<OutputFile>& out) -> std::optional<int> {
        if (!path) {
            return std::nullopt;
        }
        std::string error;
        out = OutputFile::open(*path, {args.file}, error);
        if (!out) {
            return badInput("run", error);
        }
        if (out->isStdout() && !args.quiet) {
            return badInput("run",
                            option + " - writes to standard output, where the report goes too; add "
                                     "--quiet (the report then goes to standard error)");
        }
        return std::nullopt;
    };
    if (const auto code = open("--events", args.eventsPath, outputs.events)) {
        return code;
    }
    if (const auto code = open("--metrics", args.metricsPath, outputs.metrics)) {
        return code;
    }
    if (const auto error = outputs.trace.open(args.trace, {args.file})) {
        return badInput("run", printable(*error));
    }
    if (outputs.trace.toStdout() && !args.quiet) {
        return badInput("run", "an output to - writes to standard output, where the report goes "
                               "too; add --quiet (the report then goes to standard error)");
    }
    return std::nullopt;
}

// After the run: the outputs put in place (only for a finished run: otherwise the old files
// stay), the report, and the exit code.
int finish(const RunArgs& args, const Scenario& scenario, std::size_t rows,
           const RunOutcome& outcome, RunOutputs& outputs) {
    // Interrupted (during the run, or after it, before its files are in place): one line, and
    // the earlier files stay as they were.
    if (outcome.stop == RunStop::Cancelled || interrupted()) {
        std::cerr << "evsim run: interrupted at " << formatDuration(outcome.simulation->now())
                  << "; " << unwrittenText(outputs.files()) << "\n";
        return kExitInterrupted;
    }
    int code = outcome.passed() ? kExitPass : kExitExpectationFailed;
    if (!outcome.completed()) {
        code = kExitBadInput;
    }
    std::vector<std::string> writeErrors;
    std::vector<std::string> notes;
    for (OutputFile* out : {outputs.events.get(), outputs.metrics.get()}) {
        if (out != nullptr && outcome.completed()) {
            if (const auto error = out->commit()) {
                writeErrors.push_back(*error);
            }
        }
    }
    if (outcome.completed()) {
        for (std::string& error : outputs.trace.finish(*outcome.simulation, scenario, notes)) {
            writeErrors.push_back(std::move(error));
        }
    }
    std::ostream& report = outputs.toStdout() ? std::cerr : std::cout;
    report << formatRunReport(outcome, args.quiet, rows) << std::flush;
    for (const std::string& note : notes) {
        std::cerr << "evsim run: " << printable(note) << "\n";
    }
    for (const OutputFile* out : outputs.files()) {
        if (!outcome.completed() && !out->isStdout()) {
            std::cerr << "evsim run: " << printable(out->path())
                      << " was not written (the run did not finish); any earlier file is "
                         "unchanged\n";
        }
    }
    for (const std::string& error : writeErrors) {
        std::cerr << "evsim run: " << printable(error) << "\n";
        code = kExitBadInput;
    }
    return code;
}

} // namespace

int runCommand(const RunArgs& args) {
    auto settings = readSettings(args);
    if (const int* code = std::get_if<int>(&settings)) {
        return *code;
    }
    RunOptions& options = std::get<RunSettings>(settings).options;
    if (refusedAsRecording("run", args.file)) {
        return kExitBadInput;
    }
    LoadResult<Scenario> loaded = loadScenarioFile(args.file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const Scenario& scenario = *loaded.value;
    if (options.until) {
        if (const std::string problem = tooManySamples(*options.until, scenario.metrics.interval);
            !problem.empty()) {
            return badInput("run", "--until " + formatDuration(*options.until) + ": " + problem);
        }
    }
    RunOutputs outputs;
    if (const auto code = openOutputs(args, outputs)) {
        return *code;
    }
    options.watch = [&outputs, &scenario](Simulation& sim) {
        return outputs.watch(sim, scenario);
    };
    ProgressLine progress;
    options.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    options.cancel = interruptFlag();

    const RunOutcome outcome = runScenario(scenario, options);
    progress.clear();
    return finish(args, scenario, std::get<RunSettings>(settings).rows, outcome, outputs);
}

Command addRunCommand(CLI::App& app) {
    auto args = std::make_shared<RunArgs>();
    CLI::App* run = app.add_subcommand(
        "run", "Run a scenario to its end, print a summary table and check its expectations.");
    run->add_option("FILE", args->file, "Scenario file (JSON, comments allowed)")->required();
    run->add_option("--seed", args->seed,
                    "Seed for every random stream, 0 to 18446744073709551615 (default: the "
                    "file's)")
        ->type_name("N");
    run->add_option("--until", args->until,
                    "Run length in virtual time, e.g. 500ms, 30s (default: the file's duration)")
        ->type_name("DURATION");
    run->add_option("--events", args->eventsPath,
                    "Write every record as JSON Lines to this file, replaced only when the run "
                    "finishes; - writes to standard output (with --quiet)")
        ->type_name("OUT.jsonl");
    run->add_option("--metrics", args->metricsPath,
                    "Write queue depths, rates, latency percentiles, messages on each link and a "
                    "log's offsets and lag per partition as CSV, one row per metrics interval; - "
                    "writes to standard output")
        ->type_name("OUT.csv");
    addTraceOptions(*run, args->trace);
    run->add_flag("-q,--quiet", args->quiet, "Print only failed expectations and the digest line");
    run->add_flag("--stream", args->stream,
                  "Keep no records in memory (digest, summary and --events still work): for "
                  "very long runs");
    run->add_option("--max-memory", args->maxMemory,
                    "Stop with exit 2 and say what grew once the run holds more than this "
                    "(default 4GiB), e.g. 512MiB, 8GiB")
        ->type_name("SIZE");
    run->add_option("--rows", args->rows,
                    "Rows of each table to print, or all (default 50); the rest are counted")
        ->type_name("N|all");
    run->add_option("--max-events-per-instant", args->maxEventsPerInstant,
                    "Stop as stalled after this many events without time passing "
                    "(default 10000000)")
        ->type_name("N");
    run->footer("The last line is always `digest: <16 hex digits>`: the same scenario, seed and "
                "length give the same digest on every machine.\nExample: evsim run "
                "scenarios/hello-pubsub.json --seed 2 --events out.jsonl");
    return {run, [args] {
                return runCommand(*args);
            }};
}

} // namespace evsim
