#include "harness/cli/cli.h"

#include "harness/benchmark/benchmark.h"
#include "harness/cli/export_command.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/cli/recording_commands.h"
#include "harness/cli/run_command.h"
#include "harness/cli/scenario_input.h"
#include "harness/cli/sweep_command.h"
#include "harness/cli/test_command.h"
#include "harness/io/standard_output.h"
#include "simulator/broker/broker_factory.h"
#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <iostream>
#include <new>

namespace evsim {
namespace {

constexpr std::array<std::string_view, 8> kCommands{"run",  "validate", "record", "replay",
                                                    "test", "sweep",    "export", "bench"};

int validateCommand(const std::string& file) {
    if (refusedAsRecording("validate", file)) {
        return kExitBadInput;
    }
    LoadResult<Scenario> loaded = loadScenarioFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    if (interrupted()) {
        std::cerr << "evsim validate: interrupted\n";
        return kExitInterrupted;
    }
    const Scenario& s = *loaded.value;
    std::cout << printable(file) << ": ok (scenario \"" << shortened(printable(s.name), 60)
              << "\": " << s.services.size() << " services, "
              << describeBroker(s.broker).sources.size() << " queues, " << s.expectations.size()
              << " expectations)\n";
    return kExitPass;
}

struct BenchArgs {
    std::optional<std::string> messages;
    std::optional<std::string> seed;
    std::optional<std::string> queues;
};

int benchCommand(const BenchArgs& args, std::function<std::uint64_t()> allocationCount) {
    BenchOptions options;
    options.allocationCount = std::move(allocationCount);
    const auto read = [](std::string_view option, const std::optional<std::string>& text,
                         std::uint64_t min, std::uint64_t max, std::uint64_t& out) {
        if (!text) {
            return true;
        }
        const auto v = readWholeNumber(option, *text, min, max);
        if (const auto* error = std::get_if<std::string>(&v)) {
            std::cerr << "evsim bench: " << *error << "\n";
            return false;
        }
        out = std::get<std::uint64_t>(v);
        return true;
    };
    std::uint64_t queues = 0;
    if (!read("--messages", args.messages, 10, 4'000'000'000, options.messages) ||
        !read("--seed", args.seed, 0, UINT64_MAX, options.seed) ||
        !read("--queues", args.queues, 1, 100'000, queues)) {
        return kExitBadInput;
    }
    options.queues = static_cast<std::uint32_t>(queues);
    options.cancel = interruptFlag();
    const BenchResult result = runBenchmark(options);
    if (result.interrupted) {
        std::cerr << "evsim bench: interrupted; no figures\n";
        return kExitInterrupted;
    }
    std::cout << formatBenchResult(result);
    return kExitPass;
}

// CLI11 reports a mistyped command as an unexpected extra argument; name it instead.
int unknownCommand(std::string_view word) {
    std::cerr << "evsim: unknown command \"" << shortened(printable(word), 40) << "\"";
    std::vector<std::string> names(kCommands.begin(), kCommands.end());
    const std::string hint = didYouMean(word, names);
    std::cerr << "; " << (hint.empty() ? "" : hint + " ") << "the commands are run, validate, "
              << "record, replay, test, sweep, export and bench (see evsim --help)\n";
    return kExitBadInput;
}

int parseAndRun(int argc, char** argv, std::function<std::uint64_t()> allocationCount) {
    CLI::App app{"EventSim: simulate event-driven systems (brokers, queues, producers, "
                 "consumers) deterministically, headless."};
    app.name("evsim");
    app.require_subcommand(1);
    app.set_version_flag("--version", "evsim " EVSIM_VERSION);
    app.footer("Exit codes: 0 pass, 1 an expectation failed, 2 bad input, usage or an output "
               "that cannot be written, 130 interrupted.\n"
               "Run `evsim COMMAND --help` for the options of each command.");

    RunArgs runArgs;
    CLI::App* run = app.add_subcommand(
        "run", "Run a scenario to its end, print a summary table and check its expectations.");
    run->add_option("FILE", runArgs.file, "Scenario file (JSON, comments allowed)")->required();
    run->add_option("--seed", runArgs.seed,
                    "Seed for every random stream, 0 to 18446744073709551615 (default: the "
                    "file's)")
        ->type_name("N");
    run->add_option("--until", runArgs.until,
                    "Run length in virtual time, e.g. 500ms, 30s (default: the file's duration)")
        ->type_name("DURATION");
    run->add_option("--events", runArgs.eventsPath,
                    "Write every record as JSON Lines to this file, replaced only when the run "
                    "finishes; - writes to standard output (with --quiet)")
        ->type_name("OUT.jsonl");
    run->add_option("--metrics", runArgs.metricsPath,
                    "Write queue depths, rates, latency percentiles and messages on each link "
                    "as CSV, one row per metrics interval; - writes to standard output")
        ->type_name("OUT.csv");
    run->add_flag("-q,--quiet", runArgs.quiet,
                  "Print only failed expectations and the digest line");
    run->add_flag("--stream", runArgs.stream,
                  "Keep no records in memory (digest, summary and --events still work): for "
                  "very long runs");
    run->add_option("--max-memory", runArgs.maxMemory,
                    "Stop with exit 2 and say what grew once the run holds more than this "
                    "(default 4GiB), e.g. 512MiB, 8GiB")
        ->type_name("SIZE");
    run->add_option("--rows", runArgs.rows,
                    "Rows of each table to print, or all (default 50); the rest are counted")
        ->type_name("N|all");
    run->add_option("--max-events-per-instant", runArgs.maxEventsPerInstant,
                    "Stop as stalled after this many events without time passing "
                    "(default 10000000)")
        ->type_name("N");
    run->footer("The last line is always `digest: <16 hex digits>`: the same scenario, seed and "
                "length give the same digest on every machine.\nExample: evsim run "
                "scenarios/hello-pubsub.json --seed 2 --events out.jsonl");

    std::string validateFile;
    CLI::App* validate =
        app.add_subcommand("validate", "Check a scenario file and report every problem found.");
    validate->add_option("FILE", validateFile, "Scenario file")->required();
    validate->footer("Exit 0 when the file is valid; exit 2 with one error per problem on stderr, "
                     "each as file:line:col, the error code, the JSON path and, where one fits, "
                     "a hint.");

    RecordArgs recordArgs;
    CLI::App* record = app.add_subcommand(
        "record", "Run a scenario and keep the run as a recording that `evsim replay` checks.");
    record->add_option("FILE", recordArgs.file, "Scenario file")->required();
    record
        ->add_option("-o,--output", recordArgs.output,
                     "The recording to write (.evrec, JSON), replaced only when the run "
                     "finishes; - writes to standard output")
        ->type_name("OUT.evrec")
        ->required();
    record->add_option("--seed", recordArgs.seed, "Seed (default: the file's)")->type_name("N");
    record
        ->add_option("--until", recordArgs.until,
                     "Run length in virtual time, e.g. 500ms, 30s (default: the file's duration)")
        ->type_name("DURATION");
    record
        ->add_option("--checkpoint-every", recordArgs.checkpointEvery,
                     "Keep the run's digest after every N records (default 4096); a replay that "
                     "differs names the first divergent record to within N records")
        ->type_name("N");
    record->footer("The recording embeds the scenario (interventions in its timeline), the seed, "
                   "the run length, the digest with its checkpoints and a summary: it needs "
                   "nothing else to run again. The last line is `digest: <16 hex digits>`, as "
                   "`evsim run` prints it. Format: docs/recording-format.md.\nExample: evsim "
                   "record scenarios/hello-pubsub.json -o hello.evrec --seed 2");

    std::string replayFile;
    CLI::App* replay =
        app.add_subcommand("replay", "Re-run a recording and check that it gives the same digest.");
    replay->add_option("REC", replayFile, "Recording (.evrec) written by evsim record")->required();
    replay->footer("Exit 0 and `replayed: digest matches (<16 hex digits>)` when the run is the "
                   "same; exit 1 with the first divergent record (index, virtual time, expected "
                   "and seen digest, the seen record) when it is not; exit 2 for a recording "
                   "that cannot be read, including one of a newer format version.");

    TestArgs testArgs;
    CLI::App* test = app.add_subcommand(
        "test", "Run every scenario and recording under the paths with their expectations, as a "
                "CI job does, and write a JUnit report.");
    test->add_option("PATH", testArgs.paths,
                     "Scenario (.json), recording (.evrec) or folder, searched recursively "
                     "(*.layout.json files are skipped)")
        ->required();
    test->add_option("--junit", testArgs.junitPath,
                     "Write a JUnit XML report here, replaced only when every item has run; - "
                     "writes to standard output (the table then goes to standard error)")
        ->type_name("OUT.xml");
    test->add_option("-j,--jobs", testArgs.jobs,
                     "Run this many items at once, 1 to 256 (default 1); the results and the "
                     "report's order do not depend on it")
        ->type_name("N");
    test->add_option("--shard", testArgs.shard,
                     "Run only shard I of N: the items whose position in the sorted list, "
                     "counted from 0, leaves I-1 when divided by N")
        ->type_name("I/N");
    test->add_option("--max-memory", testArgs.maxMemory,
                     "Fail an item whose run holds more than this (default 4GiB, for each of "
                     "the -j runs at once), e.g. 512MiB, 8GiB")
        ->type_name("SIZE");
    test->footer("Items run in the order of their sorted paths. A recording is replayed: its "
                 "digest is checked and its scenario's expectations too. Progress goes to "
                 "standard error, one line per finished item (redrawn in place on a terminal). "
                 "Exit 0 when every item passed, 1 when any failed or did not load, 2 for bad "
                 "usage or a report that cannot be written. See docs/ci.md.\n"
                 "Examples: evsim test scenarios/ --junit report.xml -j 2\n"
                 "          evsim test scenarios/ fixtures/recordings/ --shard 2/4");

    SweepArgs sweepArgs;
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run a scenario once per seed over a range of seeds and report the failing "
                 "ones; --shrink reduces the first failure to a small recording.");
    sweep->add_option("FILE", sweepArgs.file, "Scenario file")->required();
    sweep->add_option("--seeds", sweepArgs.seeds, "Seeds to run, A..B inclusive, e.g. 1..1000")
        ->type_name("A..B")
        ->required();
    sweep
        ->add_option("-j,--jobs", sweepArgs.jobs,
                     "Run this many seeds at once, 1 to 256 (default 1); the report does not "
                     "depend on it")
        ->type_name("N");
    sweep
        ->add_option("--shard", sweepArgs.shard,
                     "Run only shard I of N: the seeds A+k with k leaving I-1 when divided by N")
        ->type_name("I/N");
    sweep
        ->add_option("--show", sweepArgs.show,
                     "List at most this many failing seeds (default 20); the rest are counted")
        ->type_name("N");
    sweep
        ->add_option("--max-memory", sweepArgs.maxMemory,
                     "Stop a seed's run once it holds more than this (default 4GiB, for each "
                     "of the -j runs at once); the seed fails, the sweep goes on")
        ->type_name("SIZE");
    sweep->add_flag("--per-seed", sweepArgs.perSeed,
                    "Print one line per seed first: seed, PASS or FAIL, digest, first failure");
    sweep->add_flag("--shrink", sweepArgs.shrink,
                    "Reduce the scenario of the lowest failing seed to a smaller one that fails "
                    "the same expectation and write it as a recording");
    sweep
        ->add_option("-o,--output", sweepArgs.output,
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

    ExportArgs exportArgs;
    CLI::App* exportApp = app.add_subcommand(
        "export", "Write GoogleTest or Catch2 source that pins what a recorded run did.");
    exportApp->add_option("REC", exportArgs.recording, "Recording (.evrec) written by evsim record")
        ->required();
    exportApp
        ->add_option("--gtest", exportArgs.gtest,
                     "Write a GoogleTest file (link EventSim::harness, GTest::gmock and "
                     "GTest::gtest_main)")
        ->type_name("OUT_test.cpp");
    exportApp
        ->add_option("--catch2", exportArgs.catch2,
                     "Write a Catch2 2.13 file (link EventSim::harness and Catch2::Catch2)")
        ->type_name("OUT_test.cpp");
    exportApp->add_flag("--embed", exportArgs.embed,
                        "Put the recording's text in the file instead of its path");
    exportApp->add_flag("--no-main", exportArgs.noMain,
                        "Leave CATCH_CONFIG_MAIN out of the Catch2 file, to link several "
                        "into one program");
    exportApp->footer(
        "One test per aspect of the run: its digest, expectations, no loss and accounting (when "
        "they hold), alerts fired, each queue's and consumer's counts, the messages of each "
        "dead-letter queue. The tests run the recording's inputs with the EventSim they are "
        "built against. The recording is found relative to the test file (a macro at its top "
        "says where). Exit 1, writing nothing, when this build no longer gives the recorded "
        "run.\nExample: evsim export fixtures/recordings/poison-message-dlq.evrec --gtest "
        "tests/poison_message_dlq_test.cpp");

    BenchArgs benchArgs;
    CLI::App* bench = app.add_subcommand(
        "bench", "Run a benchmark model and print one `key: value` line per figure.");
    bench
        ->add_option("--messages", benchArgs.messages,
                     "Messages to publish, 10 to 4000000000 (default 1000000)")
        ->type_name("N");
    bench->add_option("--seed", benchArgs.seed, "Seed (default 1)")->type_name("N");
    bench
        ->add_option("--queues", benchArgs.queues,
                     "Use the topology model with this many queues, each with its own producer "
                     "and consumer service (1 to 100000) instead of the standard model")
        ->type_name("N");
    bench->footer("The standard model: 10 producers, Exp(1ms) gaps, a U(1ms,5ms) hop into one "
                  "queue, 8 consumers with prefetch 10 and Exp(0.5ms) processing, acks over a "
                  "U(1ms,5ms) hop. Build with `cmake --workflow --preset release` for meaningful "
                  "figures; bench/compare.sh runs the baselines beside it.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (argc > 1 && argv[1][0] != '-' &&
            std::find(kCommands.begin(), kCommands.end(), argv[1]) == kCommands.end()) {
            return unknownCommand(argv[1]);
        }
        app.exit(e);
        return kExitBadInput;
    }

    if (run->parsed()) {
        return runCommand(runArgs);
    }
    if (validate->parsed()) {
        return validateCommand(validateFile);
    }
    if (record->parsed()) {
        return recordCommand(recordArgs);
    }
    if (replay->parsed()) {
        return replayCommand(replayFile);
    }
    if (test->parsed()) {
        return testCommand(testArgs);
    }
    if (sweep->parsed()) {
        return sweepCommand(sweepArgs);
    }
    if (exportApp->parsed()) {
        return exportCommand(exportArgs);
    }
    if (bench->parsed()) {
        return benchCommand(benchArgs, std::move(allocationCount));
    }
    return kExitBadInput;
}

// What a command's report to standard output became: exit 2 when it could not be written
// (a full disk, a closed descriptor), whatever the command; exit 130 when a signal came and
// the command did not stop for it itself.
int settle(int code, std::string_view command, StandardOutput& out) {
    const std::string_view space = command.empty() ? "" : " ";
    if (const auto error = out.finish()) {
        std::cerr << "evsim" << space << command << ": cannot write to standard output: " << *error
                  << "\n";
        return kExitBadInput;
    }
    if (interrupted() && code != kExitInterrupted) {
        std::cerr << "evsim" << space << command << ": interrupted\n";
        return kExitInterrupted;
    }
    return code;
}

// The command named on the command line, for messages ("" when there is none).
std::string_view commandOf(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (std::find(kCommands.begin(), kCommands.end(), word) != kCommands.end()) {
            return word;
        }
    }
    return {};
}

} // namespace

int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount) {
    const InterruptGuard interrupts;
    StandardOutput out;
    const std::string_view command = commandOf(argc, argv);
    try {
        return settle(parseAndRun(argc, argv, std::move(allocationCount)), command, out);
    } catch (const std::bad_alloc&) {
        std::cerr << "evsim: out of memory. The machine (or a limit such as ulimit -v) gave no "
                     "more; a smaller --max-memory makes evsim stop earlier with a report of "
                     "what grew.\n";
    } catch (const std::length_error& e) {
        std::cerr << "evsim: a table grew past what this build can hold (" << e.what()
                  << "); try --stream, a shorter --until or fewer instances.\n";
    } catch (const std::exception& e) {
        std::cerr << "evsim: internal error: " << e.what()
                  << "\nPlease report it with the scenario that caused it.\n";
    }
    return kExitBadInput;
}

} // namespace evsim
