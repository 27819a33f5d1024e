// The bundled partitioned-log scenarios keep INV01 as a log means it and INV03 (per-partition
// order) over 20 seeds each; the "long" label runs 1,000 (log_scenarios_sweep_test.cpp).
#include "tests/harness/log_scenario_check.h"

namespace evsim {
namespace {

TEST(LogScenarios, INV01_INV03_HoldOver20SeedsOfEachLogScenario) {
    for (const char* file : testkit::kLogScenarios) {
        testkit::expectLogScenarioHolds(file, 20);
    }
}

} // namespace
} // namespace evsim
