#include "harness/cli/sweep_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/cli/scenario_input.h"
#include "harness/io/output_file.h"
#include "harness/recording/recorder.h"
#include "harness/run/runner.h"
#include "harness/session/session.h"
#include "harness/suite/shrink.h"
#include "harness/suite/suite_runner.h"
#include "harness/suite/sweep.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace evsim {
namespace {

// Results are folded as they come, so memory does not limit the seeds; this only catches a
// range typed with too many digits (a trillion runs would take years).
constexpr std::uint64_t kMaxSeeds = 1'000'000'000'000;
constexpr std::size_t kDefaultShown = 20;
constexpr std::size_t kMaxShrinkRuns = 2000;

// "planted-bug-seed-7.min.evrec": beside nothing, in the working directory.
std::string defaultShrinkOutput(const std::string& file, std::uint64_t seed) {
    return fmt::format("{}-seed-{}.min.evrec", std::filesystem::path(file).stem().string(), seed);
}

// `out` is the recording -o named, opened before the sweep; null when it was not given.
int shrinkFirstFailure(const SweepArgs& args, const Session& session, const SweepResult& result,
                       std::unique_ptr<OutputFile> out, const std::atomic<bool>* cancel) {
    const SeedResult* first = result.failures.empty() ? nullptr : &result.failures.front();
    if (first == nullptr) {
        std::cout << "shrink: no seed failed; nothing to shrink\n";
        return kExitPass;
    }
    if (!first->firstFailed || first->stop != RunStop::Completed) {
        std::cout << fmt::format("shrink: seed {} did not fail an expectation ({}); nothing to "
                                 "shrink\n",
                                 first->seed, printable(first->firstProblem));
        return kExitExpectationFailed;
    }
    // The subject of the failed expectation, as the run names it.
    RunOptions options;
    options.seed = first->seed;
    options.keepRecords = false;
    const RunOutcome original = runScenario(session.scenario(), options);
    const ExpectationResult& failed = original.expectations[*first->firstFailed];
    const ShrinkTarget target{first->seed, *first->firstFailed, failed.expectation.kind,
                              failed.subject};

    if (!out) {
        std::string error;
        out = OutputFile::open(defaultShrinkOutput(args.file, first->seed), {args.file}, error);
        if (!out) {
            return badInput("sweep", error);
        }
    }
    std::ostream& report = out->isStdout() ? std::cerr : std::cout;
    report << fmt::format("shrink: seed {} fails {}\n", first->seed,
                          printable(first->firstProblem));
    const auto shrunk = shrinkScenario(session.text(), args.file, target, kMaxShrinkRuns, cancel);
    if (const auto* why = std::get_if<std::string>(&shrunk)) {
        if (cancel->load()) {
            std::cerr << "evsim sweep: interrupted while shrinking; nothing was written\n";
            return kExitInterrupted;
        }
        return badInput("sweep", "cannot shrink: " + printable(*why));
    }
    const ShrinkResult& s = std::get<ShrinkResult>(shrunk);
    for (const ShrinkChange& c : s.changes) {
        report << fmt::format("  {}: {} → {}\n", printable(c.what), printable(c.before),
                              printable(c.after));
    }
    report << fmt::format("  records: {} → {}, messages published: {} → {} ({} runs tried)\n",
                          s.before.records, s.after.records, s.before.published, s.after.published,
                          s.runs);

    LoadResult<Scenario> reduced = parseScenario(s.text, args.file);
    if (!reduced.ok()) {
        // The shrink only keeps scenarios that load; this would be a bug in it.
        std::cerr << formatErrors(reduced.errors);
        return kExitBadInput;
    }
    RecordOptions record;
    record.engine = engineName();
    record.seed = first->seed;
    const RecordedRun run = recordScenario(*reduced.value, s.text, args.file, record);
    out->write(recordingJson(run.recording));
    if (const auto failedWrite = out->commit()) {
        return badInput("sweep", printable(*failedWrite));
    }
    report << fmt::format("shrink: wrote {} ({} records; evsim replay checks it, evsim test runs "
                          "it with its expectations)\n",
                          printable(out->path()), run.recording.records)
           << std::flush;
    return kExitExpectationFailed;
}

} // namespace

int sweepCommand(const SweepArgs& args) {
    SweepOptions options;
    const auto seeds = readSeedRange("--seeds", args.seeds, kMaxSeeds);
    if (const auto* error = std::get_if<std::string>(&seeds)) {
        return badInput("sweep", *error);
    }
    options.firstSeed = std::get<SeedRange>(seeds).first;
    options.lastSeed = std::get<SeedRange>(seeds).last;
    if (args.jobs) {
        const auto n = readWholeNumber("-j", *args.jobs, 1, kMaxJobs);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return badInput("sweep", *error);
        }
        options.threads = static_cast<unsigned>(std::get<std::uint64_t>(n));
    }
    const auto budget = readMaxMemory(args.maxMemory, options.threads);
    if (const auto* error = std::get_if<std::string>(&budget)) {
        return badInput("sweep", *error);
    }
    options.maxMemoryBytes = std::get<std::size_t>(budget);
    if (args.shard) {
        const auto s = readShard("--shard", *args.shard);
        if (const auto* error = std::get_if<std::string>(&s)) {
            return badInput("sweep", *error);
        }
        options.shard = std::get<Shard>(s);
    }
    std::size_t shown = kDefaultShown;
    if (args.show) {
        const auto n = readWholeNumber("--show", *args.show, 0, UINT32_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return badInput("sweep", *error);
        }
        shown = static_cast<std::size_t>(std::get<std::uint64_t>(n));
    }
    if (args.output && !args.shrink) {
        return badInput("sweep", "-o names the recording --shrink writes; add --shrink");
    }

    if (refusedAsRecording("sweep", args.file)) {
        return kExitBadInput;
    }
    LoadResult<Session> session = Session::open(args.file);
    if (!session.ok()) {
        std::cerr << formatErrors(session.errors);
        return kExitBadInput;
    }
    // A recording named with -o is opened before the sweep, so a bad path is reported before
    // minutes of work; the default name needs the failing seed, known only after.
    std::unique_ptr<OutputFile> shrinkOutput;
    if (args.output) {
        if (const auto conflict = conflictingOutputs({{"-o", *args.output}})) {
            return badInput("sweep", printable(*conflict));
        }
        std::string error;
        shrinkOutput = OutputFile::open(*args.output, {args.file}, error);
        if (!shrinkOutput) {
            return badInput("sweep", error);
        }
    }
    const Scenario& scenario = session.value->scenario();

    // A progress line on a terminal only: a CI log needs no line per seed.
    const bool terminal = isatty(STDERR_FILENO) == 1;
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    const std::uint64_t total = seedCount(options);
    if (total == 0) {
        std::cerr << fmt::format(
            "evsim sweep: shard {}/{} is empty: {} seed{} for {} shards\n", options.shard.index,
            options.shard.count, options.lastSeed - options.firstSeed + 1,
            options.lastSeed == options.firstSeed ? "" : "s", options.shard.count);
    }
    double shownAt = 0;
    bool lineShown = false;
    options.progress = [&](std::uint64_t done, std::uint64_t failing) {
        const double now = elapsed();
        if (!terminal || args.perSeed || (now - shownAt < 0.1 && done != total)) {
            return;
        }
        shownAt = now;
        lineShown = true;
        std::fprintf(stderr, "\r\033[K  sweeping: %llu of %llu seeds, %llu failing, %.1fs",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                     static_cast<unsigned long long>(failing), now);
        std::fflush(stderr);
    };
    // One line per seed as the sweep goes, in seed order.
    if (args.perSeed) {
        options.eachSeed = [](const SeedResult& s) {
            std::cout << formatSeedLine(s);
        };
    }
    options.keepFailures = std::max<std::size_t>(shown, 1);
    options.cancel = interruptFlag();
    const SweepResult result = runSweep(scenario, options);
    if (lineShown) {
        std::fputs("\r\033[K", stderr);
    }
    if (result.interrupted) {
        std::cerr << "evsim sweep: interrupted\n";
        return kExitInterrupted;
    }

    std::cout << formatSweepReport(scenario, args.file, options, result, shown);
    std::cout << fmt::format("wall time: {:.2f}s with -j {}\n", elapsed(), options.threads)
              << std::flush;
    if (args.shrink) {
        return shrinkFirstFailure(args, *session.value, result, std::move(shrinkOutput),
                                  interruptFlag());
    }
    return result.failing > 0 ? kExitExpectationFailed : kExitPass;
}

Command addSweepCommand(CLI::App& app) {
    auto args = std::make_shared<SweepArgs>();
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run a scenario once per seed over a range of seeds and report the failing "
                 "ones; --shrink reduces the first failure to a small recording.");
    sweep->add_option("FILE", args->file, "Scenario file")->required();
    sweep->add_option("--seeds", args->seeds, "Seeds to run, A..B inclusive, e.g. 1..1000")
        ->type_name("A..B")
        ->required();
    sweep
        ->add_option("-j,--jobs", args->jobs,
                     "Run this many seeds at once, 1 to 256 (default 1); the report does not "
                     "depend on it")
        ->type_name("N");
    sweep
        ->add_option("--shard", args->shard,
                     "Run only shard I of N: the seeds A+k with k leaving I-1 when divided by N")
        ->type_name("I/N");
    sweep
        ->add_option("--show", args->show,
                     "List at most this many failing seeds (default 20); the rest are counted")
        ->type_name("N");
    sweep
        ->add_option("--max-memory", args->maxMemory,
                     "Stop a seed's run once it holds more than this (default 4GiB, for each "
                     "of the -j runs at once); the seed fails, the sweep goes on")
        ->type_name("SIZE");
    sweep->add_flag("--per-seed", args->perSeed,
                    "Print one line per seed first: seed, PASS or FAIL, digest, first failure");
    sweep->add_flag("--shrink", args->shrink,
                    "Reduce the scenario of the lowest failing seed to a smaller one that fails "
                    "the same expectation and write it as a recording");
    sweep
        ->add_option("-o,--output", args->output,
                     "The recording --shrink writes (default: FILE-seed-N.min.evrec in the "
                     "working directory)")
        ->type_name("OUT.evrec");
    sweep->footer("The report ends with `results digest: <16 hex digits>`, the same for the same "
                  "seeds whatever -j, and then the wall time. Runs keep no records, so failed "
                  "expectations name fewer example messages than evsim run --seed N. Exit 0 when "
                  "every seed passed, 1 when any failed, 2 for bad usage or input. See "
                  "docs/ci.md.\n"
                  "Examples: evsim sweep scenarios/hello-pubsub.json --seeds 1..10000 -j 2\n"
                  "          evsim sweep fixtures/failing/planted-bug.json --seeds 1..50 --shrink");
    return {sweep, [args] {
                return sweepCommand(*args);
            }};
}

} // namespace evsim
