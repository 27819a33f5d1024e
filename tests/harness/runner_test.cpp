#include "harness/run/runner.h"
#include "harness/run/summary_report.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(Runner, ProgressDoesNotChangeTheRun) {
    const Scenario s = testkit::fanoutScenario(0.1);
    RunOptions withProgress;
    int calls = 0;
    withProgress.progress = [&calls](const RunProgress&) {
        ++calls;
    };
    const RunOutcome a = runScenario(s, withProgress);
    const RunOutcome b = runScenario(s);
    EXPECT_GT(calls, 10);
    EXPECT_EQ(a.summary.digest, b.summary.digest);
    EXPECT_EQ(a.summary.endTime, b.summary.endTime);
}

TEST(Runner, UntilOverridesTheDuration) {
    RunOptions options;
    options.until = SimTime::fromMillis(100);
    const RunOutcome outcome = runScenario(testkit::fanoutScenario(), options);
    EXPECT_EQ(outcome.summary.endTime, SimTime::fromMillis(100));
    EXPECT_LT(outcome.summary.conservation.published, 100u);
}

TEST(Runner, ReportEndsWithTheDigestLine) {
    const RunOutcome outcome = runScenario(testkit::fanoutScenario());
    const std::string report = formatRunReport(outcome, false);
    const std::string last = "digest: " + formatDigest(outcome.summary.digest) + "\n";
    ASSERT_GE(report.size(), last.size());
    EXPECT_EQ(report.substr(report.size() - last.size()), last);
    EXPECT_NE(report.find("billing.orders"), std::string::npos);
    EXPECT_EQ(formatRunReport(outcome, true), last);
}

} // namespace
} // namespace evsim

namespace evsim {
namespace {

TEST(Runner, ProgressReportingReachesTheLongestRunLength) {
    RunOptions options;
    options.until = SimTime::fromNanos(INT64_MAX - 7); // not a multiple of the slice
    options.progress = [](const RunProgress&) {
    };
    const RunOutcome outcome = runScenario(testkit::fanoutScenario(), options);
    EXPECT_EQ(outcome.summary.endTime, *options.until);
}

} // namespace
} // namespace evsim
