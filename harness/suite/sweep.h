#pragma once

#include "harness/run/runner.h"
#include "harness/suite/shard.h"
#include "simulator/scenario/scenario.h"

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
    std::function<void(std::uint64_t done, std::uint64_t failing)> progress;
    // Every seed's result, one call at a time, in increasing seed order (for --per-seed).
    std::function<void(const SeedResult&)> eachSeed;
    // How many failing seeds the result keeps, the lowest first.
    std::size_t keepFailures = 20;
};

// The seeds of the shard: how many there are (at most 2^64-1: the whole range of seeds counts
// one fewer than it holds), and the k-th of them (from 0).
std::uint64_t seedCount(const SweepOptions& options);
std::uint64_t seedAt(const SweepOptions& options, std::uint64_t k);

// A digest over seed results in the order added (seed, pass or fail, run digest, first
// failed expectation): two sweeps over the same seeds agree on it exactly when every seed
// does.
class ResultsDigest {
public:
    void add(const SeedResult& s);
    std::uint64_t value() const { return m_state; }

private:
    std::uint64_t m_state = 0xcbf29ce484222325ULL;
};

// What a sweep gave, folded seed by seed in increasing order as the results come: its memory
// does not grow with the number of seeds.
struct SweepResult {
    std::uint64_t seedsRun = 0; // seeds that finished (all of the shard, unless interrupted)
    std::uint64_t failing = 0;
    std::vector<SeedResult> failures; // the lowest failing seeds, at most keepFailures
    std::uint64_t digest = ResultsDigest{}.value(); // over every seed run, in order
    bool interrupted = false;                       // a cancel came: some seeds did not run
};

// Runs the scenario once per seed of the shard on a thread pool (suite/work_pool.h). Every
// run is independent of the others, so each seed's result, and the order in which results are
// folded, is the same whatever `threads` is, and a seed gives the same result in every shard
// it falls in. Starts at once for any number of seeds and holds only the results of seeds
// that finished before an earlier one (at most 64 per thread: a thread waits rather than run
// further ahead of the slowest seed).
SweepResult runSweep(const Scenario& scenario, const SweepOptions& options);

// One result of a seed, for the tests of sweeps: the same scenario and seed give the same.
SeedResult runSeed(const Scenario& scenario, std::uint64_t seed,
                   const std::atomic<bool>* cancel = nullptr,
                   std::size_t maxMemoryBytes = kDefaultMaxMemory);

// ResultsDigest over `seeds`, in the order given.
std::uint64_t resultsDigest(const std::vector<SeedResult>& seeds);

// The report `evsim sweep` prints: the seeds run, how many passed and failed, the first
// failed expectation of each failing seed (at most `shown`, the rest counted) and the results
// digest. Nothing in it depends on the number of threads. Names escaped for the terminal.
std::string formatSweepReport(const Scenario& scenario, const std::string& file,
                              const SweepOptions& options, const SweepResult& result,
                              std::size_t shown);

// "seed 17: FAIL 0123456789abcdef expect[0] no_loss: ..." (--per-seed), with its newline.
std::string formatSeedLine(const SeedResult& seed);

} // namespace evsim
