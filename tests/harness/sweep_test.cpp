#include "harness/suite/sweep.h"
#include "simulator/scenario/scenario_loader.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace evsim {
namespace {

Scenario plantedBug() {
    LoadResult<Scenario> loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/fixtures/failing/planted-bug.json");
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    return *loaded.value;
}

// Every seed's result as the sweep folds it, in order.
std::vector<SeedResult> collected(const Scenario& s, SweepOptions options) {
    std::vector<SeedResult> seeds;
    options.eachSeed = [&seeds](const SeedResult& r) {
        seeds.push_back(r);
    };
    const SweepResult result = runSweep(s, options);
    EXPECT_EQ(result.seedsRun, seeds.size());
    EXPECT_EQ(result.digest, resultsDigest(seeds));
    return seeds;
}

TEST(Sweep, ResultsAreTheSameWhateverTheNumberOfThreads) {
    const Scenario s = plantedBug();
    SweepOptions one;
    one.firstSeed = 1;
    one.lastSeed = 24;
    SweepOptions two = one;
    two.threads = 2;
    SweepOptions four = one;
    four.threads = 4;
    const SweepResult a = runSweep(s, one);
    const SweepResult b = runSweep(s, two);
    const SweepResult c = runSweep(s, four);
    ASSERT_EQ(a.seedsRun, 24u);
    EXPECT_EQ(a.digest, b.digest);
    EXPECT_EQ(a.digest, c.digest);
    EXPECT_EQ(formatSweepReport(s, "f.json", one, a, 5), formatSweepReport(s, "f.json", two, b, 5));
    const std::vector<SeedResult> seeds = collected(s, four);
    ASSERT_EQ(seeds.size(), 24u);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        EXPECT_EQ(seeds[i].seed, 1 + i) << "folded in seed order";
        EXPECT_EQ(formatSeedLine(seeds[i]), formatSeedLine(runSeed(s, 1 + i)));
    }
    // The fixture is meant to fail for some seeds, not all.
    EXPECT_GT(a.failing, 0u);
    EXPECT_LT(a.failing, a.seedsRun);
}

TEST(Sweep, KeepsOnlyTheLowestFailingSeedsHoweverManyFail) {
    const Scenario s = plantedBug();
    SweepOptions options;
    options.firstSeed = 1;
    options.lastSeed = 24;
    options.threads = 3;
    options.keepFailures = 2;
    const SweepResult r = runSweep(s, options);
    ASSERT_GT(r.failing, 2u);
    ASSERT_EQ(r.failures.size(), 2u);
    std::vector<std::uint64_t> failing;
    for (const SeedResult& seed : collected(s, options)) {
        if (!seed.passed) {
            failing.push_back(seed.seed);
        }
    }
    EXPECT_EQ(r.failures[0].seed, failing[0]);
    EXPECT_EQ(r.failures[1].seed, failing[1]);
    EXPECT_NE(formatSweepReport(s, "f.json", options, r, 5)
                  .find("and " + std::to_string(r.failing - 2) + " more failing seed"),
              std::string::npos);
}

TEST(Sweep, ShardsSplitTheSeedsAndTogetherGiveTheWholeSweep) {
    const Scenario s = plantedBug();
    SweepOptions whole;
    whole.firstSeed = 5;
    whole.lastSeed = 17;
    const std::vector<SeedResult> all = collected(s, whole);
    std::vector<SeedResult> merged;
    for (std::uint64_t i = 1; i <= 3; ++i) {
        SweepOptions part = whole;
        part.shard = Shard{i, 3};
        part.threads = 2;
        EXPECT_EQ(seedCount(part), i == 1 ? 5u : 4u);
        const std::vector<SeedResult> seeds = collected(s, part);
        merged.insert(merged.end(), seeds.begin(), seeds.end());
    }
    std::sort(merged.begin(), merged.end(),
              [](const SeedResult& a, const SeedResult& b) { return a.seed < b.seed; });
    EXPECT_EQ(resultsDigest(merged), resultsDigest(all));
}

TEST(Sweep, ShardsOfEveryShapeCountTheirSeeds) {
    SweepOptions o;
    o.firstSeed = 10;
    o.lastSeed = 12; // three seeds
    o.shard = Shard{4, 5};
    EXPECT_EQ(seedCount(o), 0u);
    o.shard = Shard{3, 5};
    EXPECT_EQ(seedCount(o), 1u);
    EXPECT_EQ(seedAt(o, 0), 12u);
    o.firstSeed = 0;
    o.lastSeed = UINT64_MAX;
    o.shard = Shard{1, 1};
    EXPECT_EQ(seedCount(o), UINT64_MAX) << "2^64 seeds: as many as can be counted, not 0";
}

TEST(Sweep, ASeedGivesWhatItsOwnRunGives) {
    const Scenario s = plantedBug();
    SweepOptions options;
    options.firstSeed = 3;
    options.lastSeed = 4;
    const std::vector<SeedResult> seeds = collected(s, options);
    ASSERT_EQ(seeds.size(), 2u);
    EXPECT_EQ(seeds[1].digest, runSeed(s, 4).digest);
    EXPECT_EQ(seeds[1].firstProblem, runSeed(s, 4).firstProblem);
}

} // namespace
} // namespace evsim
