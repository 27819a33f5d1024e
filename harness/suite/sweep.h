#pragma once

#include "run/runner.h"
#include "scenario/scenario.h"
#include "suite/shard.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// What one seed of a sweep gave. Runs keep no records (a sweep needs only digests and
// expectations), so failed expectations name no example messages.
struct SeedResult {
    std::uint64_t seed = 0;
    RunStop stop = RunStop::Completed;
    bool passed = false;
    std::uint64_t digest = 0;
    std::uint64_t records = 0;
    std::size_t failedCount = 0;
    std::optional<std::size_t> firstFailed; // index in the scenario's `expect` list
    // "expect[1] queue billing acked: expected = 200, saw 198", or why the run stopped.
    std::string firstProblem;
};

struct SweepOptions {
    std::uint64_t firstSeed = 1;
    std::uint64_t lastSeed = 1; // inclusive
    Shard shard;                // seeds whose offset from firstSeed falls in this shard
    unsigned threads = 1;
    std::size_t maxMemoryBytes = kDefaultMaxMemory; // for each seed's run
    const std::atomic<bool>* cancel = nullptr;
    // After each seed, one call at a time, in completion order: seeds done and failing so far.
    std::function<void(std::size_t done, std::size_t failing)> progress;
};

struct SweepResult {
    std::vector<SeedResult> seeds; // the shard's seeds, in increasing order
    bool interrupted = false;      // a cancel came: some seeds did not finish
    std::size_t failing() const;
};

// Runs the scenario once per seed of the shard on a thread pool (suite/work_pool.h). Every
// run is independent of the others, so each seed's result, and the order of `seeds`, is the
// same whatever `threads` is, and a seed gives the same result in every shard it falls in.
SweepResult runSweep(const Scenario& scenario, const SweepOptions& options);

// One result of a seed, for the tests of sweeps: the same scenario and seed give the same.
SeedResult runSeed(const Scenario& scenario, std::uint64_t seed,
                   const std::atomic<bool>* cancel = nullptr,
                   std::size_t maxMemoryBytes = kDefaultMaxMemory);

// A digest over the results in the order given (seed, pass or fail, run digest, first failed
// expectation): two sweeps over the same seeds agree on it exactly when every seed does.
std::uint64_t resultsDigest(const std::vector<SeedResult>& seeds);

// The report `evsim sweep` prints: the seeds run, how many passed and failed, the first
// failed expectation of each failing seed (at most `shown`, the rest counted) and the results
// digest. Nothing in it depends on the number of threads. Names escaped for the terminal.
std::string formatSweepReport(const Scenario& scenario, const std::string& file,
                              const SweepOptions& options, const SweepResult& result,
                              std::size_t shown);

// "seed 17: FAIL 0123456789abcdef expect[0] no_loss: ..." for each seed (--per-seed).
std::string formatSeedLines(const SweepResult& result);

} // namespace evsim
