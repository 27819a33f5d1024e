#include "cli.h"

#include "benchmark.h"
#include "events_export.h"
#include "runner.h"
#include "scenario/scenario_loader.h"
#include "summary_report.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace evsim {
namespace {

struct RunArgs {
    std::string file;
    std::optional<std::uint64_t> seed;
    std::string until;
    std::string eventsPath;
    bool quiet = false;
    bool stream = false;
    std::uint64_t maxEventsPerInstant = 10'000'000;
};

// A progress line on stderr, only when stderr is a terminal and the run is long enough
// (over a second) for someone to wonder whether it is stuck.
class ProgressLine {
public:
    ProgressLine() : m_enabled(isatty(STDERR_FILENO) == 1) {}
    ~ProgressLine() { clear(); }

    void update(const RunProgress& p) {
        if (!m_enabled || p.wallSeconds < 1.0) {
            return;
        }
        const double percent = p.end.nanos() > 0 ? 100.0 * p.now.seconds() / p.end.seconds() : 100;
        std::fprintf(stderr, "\r\033[K  running: %s of %s virtual (%.0f%%), %llu events, %.1fs",
                     formatDurationShort(p.now).c_str(), formatDurationShort(p.end).c_str(),
                     percent, static_cast<unsigned long long>(p.events), p.wallSeconds);
        m_shown = true;
    }

    void clear() {
        if (m_shown) {
            std::fputs("\r\033[K", stderr);
            m_shown = false;
        }
    }

private:
    bool m_enabled;
    bool m_shown = false;
};

std::optional<Scenario> loadOrReport(const std::string& file) {
    LoadResult<Scenario> loaded = loadScenarioFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return std::nullopt;
    }
    return std::move(loaded.value);
}

int runCommand(const RunArgs& args) {
    std::optional<Scenario> scenario = loadOrReport(args.file);
    if (!scenario) {
        return kExitBadInput;
    }
    RunOptions options;
    options.seed = args.seed;
    options.keepRecords = !args.stream;
    options.maxEventsPerInstant = args.maxEventsPerInstant;
    if (!args.until.empty()) {
        const auto until = parseDuration(args.until);
        if (!until) {
            std::cerr << "evsim run: --until \"" << args.until
                      << "\" is not a duration (write e.g. 500ms, 2s, 1m)\n";
            return kExitBadInput;
        }
        if (*until == SimTime::zero()) {
            std::cerr << "evsim run: --until must be greater than 0\n";
            return kExitBadInput;
        }
        options.until = *until;
    }
    std::ofstream events;
    if (!args.eventsPath.empty()) {
        if (args.stream) {
            std::cerr << "evsim run: --events needs the records, so it cannot be used with "
                         "--stream\n";
            return kExitBadInput;
        }
        events.open(args.eventsPath);
        if (!events) {
            std::cerr << "evsim run: cannot write " << args.eventsPath << "\n";
            return kExitBadInput;
        }
    }
    ProgressLine progress;
    options.progress = [&progress](const RunProgress& p) {
        progress.update(p);
    };
    const RunOutcome outcome = runScenario(*scenario, options);
    progress.clear();
    if (events.is_open()) {
        writeEventsJsonl(*outcome.simulation, events);
    }
    std::cout << formatRunReport(outcome, args.quiet);
    if (outcome.stalled) {
        return kExitBadInput; // the scenario cannot be simulated as written
    }
    return outcome.passed() ? kExitPass : kExitExpectationFailed;
}

int validateCommand(const std::string& file) {
    std::optional<Scenario> scenario = loadOrReport(file);
    if (!scenario) {
        return kExitBadInput;
    }
    std::size_t queues = scenario->broker.queues.size();
    std::cout << file << ": ok (scenario \"" << scenario->name
              << "\": " << scenario->services.size() << " services, " << queues << " queues, "
              << scenario->expectations.size() << " expectations)\n";
    return kExitPass;
}

} // namespace

int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount) {
    CLI::App app{"EventSim: simulate event-driven systems (brokers, queues, producers, "
                 "consumers) deterministically, headless."};
    app.name("evsim");
    app.require_subcommand(1);
    app.set_version_flag("--version", "evsim " EVSIM_VERSION);
    app.footer("Exit codes: 0 pass, 1 an expectation failed, 2 bad input or usage.\n"
               "Run `evsim COMMAND --help` for the options of each command.");

    RunArgs runArgs;
    CLI::App* run = app.add_subcommand(
        "run", "Run a scenario to its end, print a summary table and check its expectations.");
    run->add_option("FILE", runArgs.file, "Scenario file (JSON, comments allowed)")
        ->required()
        ->check(CLI::ExistingFile);
    run->add_option("--seed", runArgs.seed, "Seed for every random stream (default: the file's)")
        ->check(CLI::NonNegativeNumber);
    run->add_option("--max-events-per-instant", runArgs.maxEventsPerInstant,
                    "Stop as stalled after this many events without time passing "
                    "(default 10000000)")
        ->check(CLI::PositiveNumber);
    run->add_option("--until", runArgs.until,
                    "Run length in virtual time, e.g. 500ms, 30s (default: the file's duration)")
        ->type_name("DURATION");
    run->add_option("--events", runArgs.eventsPath, "Write every record as JSON Lines to this file")
        ->type_name("OUT.jsonl");
    run->add_flag("-q,--quiet", runArgs.quiet,
                  "Print only failed expectations and the digest line");
    run->add_flag("--stream", runArgs.stream,
                  "Keep no records in memory (digest and summary only): for very long runs");
    run->footer("The last line is always `digest: <16 hex digits>`: the same scenario, seed and "
                "length give the same digest on every machine.\nExample: evsim run "
                "scenarios/hello-pubsub.json --seed 2");

    std::string validateFile;
    CLI::App* validate =
        app.add_subcommand("validate", "Check a scenario file and report every problem found.");
    validate->add_option("FILE", validateFile, "Scenario file")->required();
    validate->footer("Exit 0 when the file is valid; exit 2 with one error per problem on stderr, "
                     "each as file:line:col, the JSON path and, where one fits, a hint.");

    BenchOptions benchOptions;
    CLI::App* bench = app.add_subcommand(
        "bench", "Run the standard benchmark model and print one `key: value` line per figure.");
    bench->add_option("--messages", benchOptions.messages, "Messages to publish (default 1000000)")
        ->check(CLI::Range(std::uint64_t{10}, std::uint64_t{4'000'000'000}));
    bench->add_option("--seed", benchOptions.seed, "Seed (default 1)")
        ->check(CLI::NonNegativeNumber);
    bench->footer("The model: 10 producers, Exp(1ms) gaps, a U(1ms,5ms) hop into one queue, 8 "
                  "consumers with prefetch 10 and Exp(0.5ms) processing, acks over a U(1ms,5ms) "
                  "hop. Build with `cmake --workflow --preset release` for meaningful figures; "
                  "bench/compare.sh runs the baselines beside it.");
    benchOptions.allocationCount = std::move(allocationCount);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitBadInput;
    }

    if (run->parsed()) {
        return runCommand(runArgs);
    }
    if (validate->parsed()) {
        return validateCommand(validateFile);
    }
    if (bench->parsed()) {
        std::cout << formatBenchResult(runStandardBenchmark(benchOptions));
        return kExitPass;
    }
    return kExitBadInput;
}

} // namespace evsim
