// semantics.md INV01, INV02 and INV04 over 50 seeds of every bundled scenario (1,000 under the
// "long" label: failure_scenarios_sweep_test.cpp).
#include "tests/harness/failure_scenarios_check.h"

namespace evsim {
namespace {

TEST(FailureScenarios, INV01_INV02_INV04_HoldOver50SeedsOfEveryBundledScenario) {
    testkit::expectInvariantsOverSeeds(50);
}

} // namespace
} // namespace evsim
