// The long version (CTest label "long"): 1,000 seeds of each partitioned-log scenario.
#include "tests/harness/log_scenario_check.h"

namespace evsim {
namespace {

TEST(LogScenariosSweep, INV01_INV03_HoldOver1000SeedsOfEachLogScenario) {
    for (const char* file : testkit::kLogScenarios) {
        testkit::expectLogScenarioHolds(file, 1000);
    }
}

} // namespace
} // namespace evsim
