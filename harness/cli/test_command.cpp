#include "harness/cli/test_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"
#include "harness/io/output_file.h"
#include "harness/suite/junit_writer.h"
#include "harness/suite/suite_report.h"
#include "harness/suite/suite_runner.h"
#include "harness/suite/work_pool.h"
#include "simulator/scenario/printable.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace evsim {
namespace {

// One line per finished item on stderr, or, on a terminal, one line redrawn in place: CI
// logs keep every line, people watching see where the suite is.
class SuiteProgress {
public:
    explicit SuiteProgress(std::size_t total)
        : m_total(total), m_terminal(isatty(STDERR_FILENO) == 1) {}
    ~SuiteProgress() { clear(); }
    SuiteProgress(const SuiteProgress&) = delete;
    SuiteProgress& operator=(const SuiteProgress&) = delete;

    void finished(const ItemResult& r) {
        ++m_done;
        m_failed += r.status == ItemStatus::Passed ? 0 : 1;
        if (m_terminal) {
            std::fprintf(stderr, "\r\033[K  testing: %zu of %zu done, %zu not passed, last %s",
                         m_done, m_total, m_failed, shortened(printable(r.item.path), 50).c_str());
            m_shown = true;
        } else {
            std::fprintf(stderr, "[%zu/%zu] %-5s %s (%.2fs)\n", m_done, m_total,
                         std::string(statusWord(r.status)).c_str(), printable(r.item.path).c_str(),
                         r.wallSeconds);
        }
        std::fflush(stderr);
    }
    void clear() {
        if (m_shown) {
            std::fputs("\r\033[K", stderr);
            m_shown = false;
        }
    }

private:
    std::size_t m_total;
    bool m_terminal;
    bool m_shown = false;
    std::size_t m_done = 0;
    std::size_t m_failed = 0;
};

} // namespace

int testCommand(const TestArgs& args) {
    unsigned jobs = 1;
    if (args.jobs) {
        const auto n = readWholeNumber("-j", *args.jobs, 1, kMaxJobs);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return badInput("test", *error);
        }
        jobs = static_cast<unsigned>(std::get<std::uint64_t>(n));
    }
    Shard shard;
    if (args.shard) {
        const auto s = readShard("--shard", *args.shard);
        if (const auto* error = std::get_if<std::string>(&s)) {
            return badInput("test", *error);
        }
        shard = std::get<Shard>(s);
    }

    // Each of the `jobs` runs at once gets the whole budget, within its share of ulimit -v.
    const auto budget = readMaxMemory(args.maxMemory, jobs);
    if (const auto* error = std::get_if<std::string>(&budget)) {
        return badInput("test", *error);
    }
    const std::size_t maxMemory = std::get<std::size_t>(budget);

    const SuiteFiles files = collectSuiteFiles(args.paths);
    if (!files.errors.empty()) {
        for (const std::string& error : files.errors) {
            badInput("test", error);
        }
        return kExitBadInput;
    }
    std::vector<SuiteItem> items;
    std::vector<std::string> inputs; // every item, whichever shard runs: none may be the report
    for (std::size_t i = 0; i < files.items.size(); ++i) {
        if (shard.includes(i)) {
            items.push_back(files.items[i]);
        }
        inputs.push_back(files.items[i].path);
    }
    if (items.empty()) {
        std::cerr << fmt::format("evsim test: shard {}/{} is empty: {} item{} for {} shards\n",
                                 shard.index, shard.count, files.items.size(),
                                 files.items.size() == 1 ? "" : "s", shard.count);
    }

    // Opened before the runs, so a bad path is reported before minutes of work.
    std::unique_ptr<OutputFile> junit;
    if (args.junitPath) {
        if (const auto conflict = conflictingOutputs({{"--junit", *args.junitPath}})) {
            return badInput("test", printable(*conflict));
        }
        std::string error;
        junit = OutputFile::open(*args.junitPath, inputs, error);
        if (!junit) {
            return badInput("test", error);
        }
    }
    std::ostream& report = junit && junit->isStdout() ? std::cerr : std::cout;

    std::vector<ItemResult> results(items.size());
    {
        SuiteProgress progress(items.size());
        runJobs(
            items.size(), jobs,
            [&](std::size_t i) { results[i] = runSuiteItem(items[i], interruptFlag(), maxMemory); },
            [&](std::size_t i) { progress.finished(results[i]); });
    }
    if (interruptFlag()->load()) {
        std::cerr << "evsim test: interrupted; no report was written"
                  << (junit && !junit->isStdout()
                          ? " (any earlier " + printable(junit->path()) + " is unchanged)"
                          : "")
                  << "\n";
        return kExitInterrupted;
    }

    int code = kExitPass;
    for (const ItemResult& r : results) {
        if (r.status != ItemStatus::Passed) {
            code = kExitExpectationFailed;
        }
    }
    report << formatSuiteReport(results, shard, files.items.size()) << std::flush;
    if (junit) {
        junit->write(junitXml(results, "evsim test"));
        if (const auto error = junit->commit()) {
            return badInput("test", printable(*error));
        }
        if (!junit->isStdout()) {
            report << "junit: " << printable(junit->path()) << "\n" << std::flush;
        }
    }
    return code;
}

Command addTestCommand(CLI::App& app) {
    auto args = std::make_shared<TestArgs>();
    CLI::App* test = app.add_subcommand(
        "test", "Run every scenario and recording under the paths with their expectations, as a "
                "CI job does, and write a JUnit report.");
    test->add_option("PATH", args->paths,
                     "Scenario (.json), recording (.evrec) or folder, searched recursively "
                     "(*.layout.json files are skipped)")
        ->required();
    test->add_option("--junit", args->junitPath,
                     "Write a JUnit XML report here, replaced only when every item has run; - "
                     "writes to standard output (the table then goes to standard error)")
        ->type_name("OUT.xml");
    test->add_option("-j,--jobs", args->jobs,
                     "Run this many items at once, 1 to 256 (default 1); the results and the "
                     "report's order do not depend on it")
        ->type_name("N");
    test->add_option("--shard", args->shard,
                     "Run only shard I of N: the items whose position in the sorted list, "
                     "counted from 0, leaves I-1 when divided by N")
        ->type_name("I/N");
    test->add_option("--max-memory", args->maxMemory,
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
    return {test, [args] {
                return testCommand(*args);
            }};
}

} // namespace evsim
