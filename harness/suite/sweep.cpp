#include "harness/suite/sweep.h"

#include "harness/suite/suite_runner.h"
#include "harness/suite/work_pool.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/printable.h"

#include <algorithm>
#include <condition_variable>
#include <fmt/format.h>
#include <map>
#include <mutex>

namespace evsim {
namespace {

// FNV-1a over 64-bit words: simple, stable, and enough to tell result lists apart.
void mix(std::uint64_t& h, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
}

} // namespace

std::uint64_t seedCount(const SweepOptions& o) {
    const std::uint64_t offsets = o.lastSeed - o.firstSeed; // the last offset, not the count
    const std::uint64_t first = o.shard.index - 1;          // the shard's first offset
    if (first > offsets) {
        return 0;
    }
    const std::uint64_t more = (offsets - first) / o.shard.count; // seeds after the first
    return more == UINT64_MAX ? UINT64_MAX : more + 1; // 2^64 seeds: as many as can be counted
}

std::uint64_t seedAt(const SweepOptions& o, std::uint64_t k) {
    return o.firstSeed + (o.shard.index - 1) + k * o.shard.count;
}

void ResultsDigest::add(const SeedResult& s) {
    mix(m_state, s.seed);
    mix(m_state, s.passed ? 1 : 0);
    mix(m_state, s.digest);
    mix(m_state, s.firstFailed ? *s.firstFailed + 1 : 0);
}

SeedResult runSeed(const Scenario& scenario, std::uint64_t seed, const std::atomic<bool>* cancel,
                   std::size_t maxMemoryBytes) {
    RunOptions options;
    options.seed = seed;
    options.keepRecords = false;
    options.cancel = cancel;
    options.maxMemoryBytes = maxMemoryBytes;
    const RunOutcome outcome = runScenario(scenario, options);
    SeedResult r;
    r.seed = seed;
    r.stop = outcome.stop;
    r.passed = outcome.passed();
    r.digest = outcome.summary.digest;
    r.records = outcome.summary.records;
    r.failedCount = outcome.failedCount();
    r.firstProblem = outcome.completed() ? "" : stopProblem(outcome, "--max-memory");
    for (std::size_t i = 0; i < outcome.expectations.size(); ++i) {
        if (!outcome.expectations[i].passed) {
            r.firstFailed = i;
            if (r.firstProblem.empty()) {
                r.firstProblem = expectationText(i, outcome.expectations[i]);
            }
            break;
        }
    }
    return r;
}

SweepResult runSweep(const Scenario& scenario, const SweepOptions& options) {
    SweepResult result;
    ResultsDigest digest;
    const std::uint64_t count = seedCount(options);
    // Results that finished before an earlier seed wait here, so that they are folded in seed
    // order; a thread does not start a seed more than `window` past the oldest unfolded one.
    const std::uint64_t window = 64 * std::max(1U, options.threads);
    std::mutex lock;
    std::condition_variable room;
    std::map<std::uint64_t, SeedResult> waiting;
    std::uint64_t folded = 0;
    std::uint64_t done = 0;
    std::uint64_t failing = 0;
    const auto fold = [&](const SeedResult& r) {
        ++result.seedsRun;
        digest.add(r);
        if (!r.passed) {
            ++result.failing;
            if (result.failures.size() < options.keepFailures) {
                result.failures.push_back(r);
            }
        }
        if (options.eachSeed) {
            options.eachSeed(r);
        }
    };

    // Set by a cancel or a seed that threw: no further seed starts, and no thread waits for
    // results that will not come.
    std::atomic<bool> stopping{false};
    const auto stop = [&] {
        const std::lock_guard<std::mutex> guard(lock);
        stopping = true;
        result.interrupted = true;
        room.notify_all();
    };
    const auto job = [&](std::size_t k) {
        {
            std::unique_lock<std::mutex> guard(lock);
            room.wait(guard, [&] { return k < folded + window || stopping.load(); });
        }
        if ((options.cancel != nullptr && options.cancel->load()) || stopping.load()) {
            stop();
            return;
        }
        SeedResult r;
        try {
            r = runSeed(scenario, seedAt(options, k), options.cancel, options.maxMemoryBytes);
        } catch (...) {
            stop();
            throw; // rethrown by runJobs once the others are done
        }
        if (r.stop == RunStop::Cancelled) {
            stop();
            return;
        }
        const std::lock_guard<std::mutex> guard(lock);
        ++done;
        failing += r.passed ? 0 : 1;
        if (options.progress) {
            options.progress(done, failing);
        }
        waiting.emplace(k, std::move(r));
        for (auto it = waiting.begin(); it != waiting.end() && it->first == folded;
             it = waiting.erase(it)) {
            fold(it->second);
            ++folded;
        }
        room.notify_all();
    };
    runJobs(count, options.threads, job, {}, &stopping);
    result.digest = digest.value();
    return result;
}

std::uint64_t resultsDigest(const std::vector<SeedResult>& seeds) {
    ResultsDigest digest;
    for (const SeedResult& s : seeds) {
        digest.add(s);
    }
    return digest.value();
}

std::string formatSweepReport(const Scenario& scenario, const std::string& file,
                              const SweepOptions& options, const SweepResult& result,
                              std::size_t shown) {
    std::string out = fmt::format("sweep: {} ({}), seeds {}..{}", printable(scenario.name),
                                  printable(file), options.firstSeed, options.lastSeed);
    if (!options.shard.whole()) {
        out += fmt::format(", shard {}/{}", options.shard.index, options.shard.count);
    }
    out += fmt::format("\nseeds run: {}\npassed: {}\nfailed: {}\n", result.seedsRun,
                       result.seedsRun - result.failing, result.failing);
    const std::size_t listed = std::min({shown, result.failures.size()});
    for (std::size_t i = 0; i < listed; ++i) {
        const SeedResult& s = result.failures[i];
        out += fmt::format("  seed {}: {}", s.seed, printable(s.firstProblem));
        out += s.failedCount > 1 ? fmt::format(" (and {} more)\n", s.failedCount - 1) : "\n";
    }
    if (result.failing > listed) {
        out += fmt::format("  and {} more failing seed{}\n", result.failing - listed,
                           result.failing - listed == 1 ? "" : "s");
    }
    out += "results digest: " + formatDigest(result.digest) + "\n";
    return out;
}

std::string formatSeedLine(const SeedResult& s) {
    return fmt::format("seed {}: {} {}{}{}\n", s.seed, s.passed ? "PASS" : "FAIL",
                       formatDigest(s.digest), s.passed ? "" : " ", printable(s.firstProblem));
}

} // namespace evsim
