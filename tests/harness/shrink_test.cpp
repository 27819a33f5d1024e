#include "harness/run/runner.h"
#include "harness/suite/shrink.h"
#include "harness/suite/sweep.h"
#include "simulator/scenario/scenario_loader.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace evsim {
namespace {

const std::string kFile = std::string(EVSIM_SOURCE_DIR) + "/fixtures/failing/planted-bug.json";

std::string fileText() {
    std::ifstream in(kFile);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The first seed from 1 on where the planted bug shows.
SeedResult firstFailingSeed(const Scenario& s) {
    for (std::uint64_t seed = 1; seed < 200; ++seed) {
        SeedResult r = runSeed(s, seed);
        if (!r.passed) {
            return r;
        }
    }
    ADD_FAILURE() << "the planted bug never showed";
    return {};
}

TEST(Shrink, KeepsTheSameFailedExpectationAtAtMostHalfTheRecords) {
    const Scenario s = *loadScenarioFile(kFile).value;
    const SeedResult failing = firstFailingSeed(s);
    ASSERT_TRUE(failing.firstFailed);
    RunOptions options;
    options.seed = failing.seed;
    const RunOutcome original = runScenario(s, options);
    const ExpectationResult& e = original.expectations[*failing.firstFailed];
    const ShrinkTarget target{failing.seed, *failing.firstFailed, e.expectation.kind, e.subject};

    const auto shrunk = shrinkScenario(fileText(), kFile, target, 2000, nullptr);
    ASSERT_TRUE(std::holds_alternative<ShrinkResult>(shrunk)) << std::get<std::string>(shrunk);
    const ShrinkResult& r = std::get<ShrinkResult>(shrunk);
    EXPECT_FALSE(r.changes.empty());
    EXPECT_LE(r.after.records * 2, r.before.records);
    EXPECT_EQ(r.before.records, original.summary.records);

    // The reduced text alone (its seed set) fails the same expectation.
    LoadResult<Scenario> reduced = parseScenario(r.text, "reduced.json");
    ASSERT_TRUE(reduced.ok()) << formatErrors(reduced.errors);
    EXPECT_EQ(reduced.value->seed, failing.seed);
    const RunOutcome again = runScenario(*reduced.value);
    ASSERT_LT(target.index, again.expectations.size());
    EXPECT_FALSE(again.expectations[target.index].passed);
    EXPECT_EQ(again.expectations[target.index].subject, target.subject);
    EXPECT_EQ(again.summary.records, r.after.records);

    // Deterministic: the same input gives the same reduction.
    const auto twice = shrinkScenario(fileText(), kFile, target, 2000, nullptr);
    EXPECT_EQ(std::get<ShrinkResult>(twice).text, r.text);
}

TEST(Shrink, RefusesASeedThatDoesNotFail) {
    const Scenario s = *loadScenarioFile(kFile).value;
    std::uint64_t passing = 1;
    while (!runSeed(s, passing).passed) {
        ++passing;
    }
    const ShrinkTarget target{passing, 1, Expectation::Kind::NoLoss, "no_loss"};
    const auto shrunk = shrinkScenario(fileText(), kFile, target, 100, nullptr);
    ASSERT_TRUE(std::holds_alternative<std::string>(shrunk));
}

} // namespace
} // namespace evsim
