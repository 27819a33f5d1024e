#pragma once

#include "harness/run/runner.h"
#include "harness/suite/suite_files.h"
#include "simulator/kernel/sim_time.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

enum class ItemStatus {
    Passed,
    Failed,      // an expectation failed, or a recording's replay gave another digest
    Error,       // the file did not load, or the run could not finish (stalled, out of memory)
    Interrupted, // stopped by Ctrl-C or TERM before it finished
};

// What one file of `evsim test` gave. Texts are exact (not escaped): the report escapes them
// for the terminal and the JUnit writer for XML.
struct ItemResult {
    SuiteItem item;
    ItemStatus status = ItemStatus::Error;
    std::string name; // the scenario's name; the file's stem when it did not load
    // Failed or Error: one line saying what went wrong first (for a failure, the first failed
    // expectation, or the divergence of a replay), and every problem, one per line.
    std::string problem;
    std::vector<std::string> problems;
    std::string problemType; // JUnit's `type`: LoadError, RunStopped, DigestMismatch, Expectation
    // Every expectation as "PASS expect[0] no_loss: expected ..., saw ..." lines, in order.
    std::vector<std::string> expectationLines;
    std::size_t expectationsPassed = 0;
    std::size_t expectationsFailed = 0;
    bool ran = false; // whether a run happened (seed, digest and times mean something)
    std::uint64_t seed = 0;
    std::uint64_t digest = 0;
    SimTime virtualTime; // where the run ended
    double wallSeconds = 0;
};

// "expect[2] queue billing.orders acked: expected = 100, saw 97": an expectation result as
// `evsim test` and `evsim sweep` name it, by its position in the scenario's `expect` list.
struct ExpectationResult;
std::string expectationText(std::size_t index, const ExpectationResult& result);

// Why a run that stopped early has no verdict: "the run <stopText>", and for the memory budget
// the budget and, in parentheses, `memoryHint` ("--max-memory").
std::string stopProblem(const RunOutcome& outcome, std::string_view memoryHint);

// Loads and runs one item: a scenario with its expectations (keeping its records, so that
// failures name example messages as `evsim run` does), or a recording replayed with its
// digest checked and its scenario's expectations. `cancel` (may be null) stops the run at
// its next check; an item asked to run once it is set is not started (Interrupted). A run that
// holds more than `maxMemoryBytes` stops and fails its item. Never throws for a bad file; only
// running out of memory escapes.
ItemResult runSuiteItem(const SuiteItem& item, const std::atomic<bool>* cancel,
                        std::size_t maxMemoryBytes = kDefaultMaxMemory);

} // namespace evsim
