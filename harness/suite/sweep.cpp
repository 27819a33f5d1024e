#include "suite/sweep.h"

#include "observe/record.h"
#include "scenario/printable.h"
#include "suite/suite_runner.h"
#include "suite/work_pool.h"

#include <fmt/format.h>

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

std::size_t SweepResult::failing() const {
    std::size_t n = 0;
    for (const SeedResult& s : seeds) {
        n += s.passed ? 0 : 1;
    }
    return n;
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
    for (std::uint64_t offset = 0;; ++offset) {
        if (options.shard.includes(offset)) {
            SeedResult pending;
            pending.seed = options.firstSeed + offset;
            result.seeds.push_back(std::move(pending));
        }
        if (offset == options.lastSeed - options.firstSeed) {
            break;
        }
    }
    std::size_t done = 0;
    std::size_t failing = 0;
    runJobs(
        result.seeds.size(), options.threads,
        [&](std::size_t i) {
            // Each job writes only its own slot: results land in seed order. After a cancel the
            // seeds left are not started, so that Ctrl-C stops a long sweep at once.
            if (options.cancel != nullptr && options.cancel->load()) {
                result.seeds[i].stop = RunStop::Cancelled;
                return;
            }
            result.seeds[i] =
                runSeed(scenario, result.seeds[i].seed, options.cancel, options.maxMemoryBytes);
        },
        [&](std::size_t i) {
            ++done;
            failing += result.seeds[i].passed ? 0 : 1;
            if (options.progress) {
                options.progress(done, failing);
            }
        });
    for (const SeedResult& s : result.seeds) {
        result.interrupted = result.interrupted || s.stop == RunStop::Cancelled;
    }
    return result;
}

std::uint64_t resultsDigest(const std::vector<SeedResult>& seeds) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const SeedResult& s : seeds) {
        mix(h, s.seed);
        mix(h, s.passed ? 1 : 0);
        mix(h, s.digest);
        mix(h, s.firstFailed ? *s.firstFailed + 1 : 0);
    }
    return h;
}

std::string formatSweepReport(const Scenario& scenario, const std::string& file,
                              const SweepOptions& options, const SweepResult& result,
                              std::size_t shown) {
    std::string out = fmt::format("sweep: {} ({}), seeds {}..{}", printable(scenario.name),
                                  printable(file), options.firstSeed, options.lastSeed);
    if (!options.shard.whole()) {
        out += fmt::format(", shard {}/{}", options.shard.index, options.shard.count);
    }
    const std::size_t failing = result.failing();
    out += fmt::format("\nseeds run: {}\npassed: {}\nfailed: {}\n", result.seeds.size(),
                       result.seeds.size() - failing, failing);
    std::size_t listed = 0;
    for (const SeedResult& s : result.seeds) {
        if (s.passed) {
            continue;
        }
        if (listed == shown) {
            out += fmt::format("  and {} more failing seed{}\n", failing - shown,
                               failing - shown == 1 ? "" : "s");
            break;
        }
        ++listed;
        out += fmt::format("  seed {}: {}", s.seed, printable(s.firstProblem));
        out += s.failedCount > 1 ? fmt::format(" (and {} more)\n", s.failedCount - 1) : "\n";
    }
    out += "results digest: " + formatDigest(resultsDigest(result.seeds)) + "\n";
    return out;
}

std::string formatSeedLines(const SweepResult& result) {
    std::string out;
    for (const SeedResult& s : result.seeds) {
        out += fmt::format("seed {}: {} {}{}{}\n", s.seed, s.passed ? "PASS" : "FAIL",
                           formatDigest(s.digest), s.passed ? "" : " ", printable(s.firstProblem));
    }
    return out;
}

} // namespace evsim
