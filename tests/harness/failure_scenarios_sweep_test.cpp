// The long version (CTest label "long"): 1,000 seeds of every bundled scenario.
#include "tests/harness/failure_scenarios_check.h"

namespace evsim {
namespace {

TEST(FailureScenariosSweep, INV01_INV02_INV04_HoldOver1000SeedsOfEveryBundledScenario) {
    testkit::expectInvariantsOverSeeds(1000);
}

} // namespace
} // namespace evsim
