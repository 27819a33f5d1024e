#include "scenario/scenario_loader.h"
#include "suite/sweep.h"

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
    ASSERT_EQ(a.seeds.size(), 24u);
    EXPECT_EQ(resultsDigest(a.seeds), resultsDigest(b.seeds));
    EXPECT_EQ(resultsDigest(a.seeds), resultsDigest(c.seeds));
    EXPECT_EQ(formatSeedLines(a), formatSeedLines(b));
    EXPECT_EQ(formatSweepReport(s, "f.json", one, a, 5), formatSweepReport(s, "f.json", two, b, 5));
    for (std::size_t i = 0; i < a.seeds.size(); ++i) {
        EXPECT_EQ(a.seeds[i].seed, 1 + i);
    }
    // The fixture is meant to fail for some seeds, not all.
    EXPECT_GT(a.failing(), 0u);
    EXPECT_LT(a.failing(), a.seeds.size());
}

TEST(Sweep, ShardsSplitTheSeedsAndTogetherGiveTheWholeSweep) {
    const Scenario s = plantedBug();
    SweepOptions whole;
    whole.firstSeed = 5;
    whole.lastSeed = 17;
    const SweepResult all = runSweep(s, whole);
    std::vector<SeedResult> merged;
    for (std::uint64_t i = 1; i <= 3; ++i) {
        SweepOptions part = whole;
        part.shard = Shard{i, 3};
        part.threads = 2;
        const SweepResult r = runSweep(s, part);
        merged.insert(merged.end(), r.seeds.begin(), r.seeds.end());
    }
    std::sort(merged.begin(), merged.end(),
              [](const SeedResult& a, const SeedResult& b) { return a.seed < b.seed; });
    EXPECT_EQ(resultsDigest(merged), resultsDigest(all.seeds));
}

TEST(Sweep, ASeedGivesWhatItsOwnRunGives) {
    const Scenario s = plantedBug();
    SweepOptions options;
    options.firstSeed = 3;
    options.lastSeed = 4;
    const SweepResult r = runSweep(s, options);
    EXPECT_EQ(r.seeds[1].digest, runSeed(s, 4).digest);
    EXPECT_EQ(r.seeds[1].firstProblem, runSeed(s, 4).firstProblem);
}

} // namespace
} // namespace evsim
