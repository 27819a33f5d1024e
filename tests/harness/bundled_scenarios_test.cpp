// Every bundled scenario passes its own expectations (scenarios/README.md). Digests are pinned
// by the CLI tests (tests/cli), which run the real binary.
#include "harness/run/runner.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace evsim {
namespace {

namespace fs = std::filesystem;

TEST(BundledScenarios, EveryOneLoadsAndPassesItsExpectations) {
    int count = 0;
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        ++count;
        LoadResult<Scenario> loaded = loadScenarioFile(entry.path().string());
        ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
        EXPECT_FALSE(loaded.value->description.empty()) << entry.path();
        EXPECT_FALSE(loaded.value->expectations.empty()) << entry.path();
        RunOptions options;
        options.keepRecords = false;
        const RunOutcome outcome = runScenario(*loaded.value, options);
        for (const ExpectationResult& r : outcome.expectations) {
            EXPECT_TRUE(r.passed) << entry.path() << ": " << describe(r);
        }
    }
    EXPECT_GE(count, 2);
}

} // namespace
} // namespace evsim
