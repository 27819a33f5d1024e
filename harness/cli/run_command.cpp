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

#include <iostream>

namespace evsim {
namespace {

int usage(const std::string& message) {
    std::cerr << "evsim run: " << message << "\n";
    return kExitBadInput;
}

// "nothing was written (any earlier out.jsonl is unchanged)".
std::string unwrittenText(const OutputFile* events, const OutputFile* metrics) {
    std::string files;
    for (const OutputFile* out : {events, metrics}) {
        if (out != nullptr && !out->isStdout()) {
            files += (files.empty() ? "" : " and ") + printable(out->path());
        }
    }
    return files.empty() ? "nothing was written"
                         : "nothing was written (any earlier " + files + " is unchanged)";
}

} // namespace

int runCommand(const RunArgs& args) {
    RunOptions options;
    options.keepRecords = !args.stream;
    if (args.seed) {
        const auto seed = readWholeNumber("--seed", *args.seed, 0, UINT64_MAX);
        if (const auto* error = std::get_if<std::string>(&seed)) {
            return usage(*error);
        }
        options.seed = std::get<std::uint64_t>(seed);
    }
    if (args.until) {
        const auto until = readPositiveDuration("--until", *args.until);
        if (const auto* error = std::get_if<std::string>(&until)) {
            return usage(*error);
        }
        options.until = std::get<SimTime>(until);
    }
    const auto budget = readMaxMemory(args.maxMemory, 1);
    if (const auto* error = std::get_if<std::string>(&budget)) {
        return usage(*error);
    }
    options.maxMemoryBytes = std::get<std::size_t>(budget);
    if (args.maxEventsPerInstant) {
        const auto n =
            readWholeNumber("--max-events-per-instant", *args.maxEventsPerInstant, 1, UINT64_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return usage(*error);
        }
        options.maxEventsPerInstant = std::get<std::uint64_t>(n);
    }

    std::size_t rows = kDefaultReportRows;
    if (args.rows && *args.rows == "all") {
        rows = SIZE_MAX;
    } else if (args.rows) {
        const auto n = readWholeNumber("--rows", *args.rows, 1, UINT32_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return usage(*error + " (or all)");
        }
        rows = std::get<std::uint64_t>(n);
    }

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
            return usage("--until " + formatDuration(*options.until) + ": " + problem);
        }
    }

    // Outputs are opened before the run, so a bad path is reported before minutes of work.
    std::unique_ptr<OutputFile> events;
    std::unique_ptr<OutputFile> metrics;
    std::vector<OutputPath> paths;
    for (const auto& [option, path] :
         {std::pair("--events", &args.eventsPath), std::pair("--metrics", &args.metricsPath)}) {
        if (*path) {
            paths.push_back({option, **path});
        }
    }
    if (const auto conflict = conflictingOutputs(paths)) {
        return usage(printable(*conflict));
    }
    const auto open = [&](const std::string& option, const std::optional<std::string>& path,
                          std::unique_ptr<OutputFile>& out) -> std::optional<int> {
        if (!path) {
            return std::nullopt;
        }
        std::string error;
        out = OutputFile::open(*path, {args.file}, error);
        if (!out) {
            return usage(error);
        }
        if (out->isStdout() && !args.quiet) {
            return usage(option + " - writes to standard output, where the report goes too; add "
                                  "--quiet (the report then goes to standard error)");
        }
        return std::nullopt;
    };
    if (const auto code = open("--events", args.eventsPath, events)) {
        return *code;
    }
    if (const auto code = open("--metrics", args.metricsPath, metrics)) {
        return *code;
    }
    std::unique_ptr<EventsWriter> eventsWriter;
    std::unique_ptr<MetricsCsvWriter> metricsWriter;
    options.watch = [&](Simulation& sim) {
        std::vector<SinkAttachment> watching;
        if (events) {
            eventsWriter = std::make_unique<EventsWriter>(sim, *events);
            watching.push_back(sim.attach(*eventsWriter));
        }
        if (metrics) {
            metricsWriter = std::make_unique<MetricsCsvWriter>(sim, *metrics);
            watching.push_back(sim.attach(*metricsWriter));
        }
        return watching;
    };
    ProgressLine progress;
    options.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    options.cancel = interruptFlag();

    RunOutcome outcome = runScenario(scenario, options);
    progress.clear();

    // Interrupted (during the run, or after it, before its files are in place): one line, and
    // the earlier files stay as they were.
    if (outcome.stop == RunStop::Cancelled || interrupted()) {
        std::cerr << "evsim run: interrupted at " << formatDuration(outcome.simulation->now())
                  << "; " << unwrittenText(events.get(), metrics.get()) << "\n";
        return kExitInterrupted;
    }
    int code = outcome.passed() ? kExitPass : kExitExpectationFailed;
    if (!outcome.completed()) {
        code = kExitBadInput;
    }
    // An unfinished run's outputs are not what the user asked for: the old files stay.
    std::vector<std::string> writeErrors;
    for (OutputFile* out : {events.get(), metrics.get()}) {
        if (out != nullptr && outcome.completed()) {
            if (const auto error = out->commit()) {
                writeErrors.push_back(*error);
            }
        }
    }
    const bool toStderr = (events && events->isStdout()) || (metrics && metrics->isStdout());
    std::ostream& report = toStderr ? std::cerr : std::cout;
    report << formatRunReport(outcome, args.quiet, rows) << std::flush;
    for (const OutputFile* out : {events.get(), metrics.get()}) {
        if (out != nullptr && !outcome.completed() && !out->isStdout()) {
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

} // namespace evsim
