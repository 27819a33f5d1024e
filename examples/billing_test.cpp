// A test a team would write by hand against an installed EventSim: run a bundled scenario and
// ask the query library what happened, with its GoogleTest matchers.
#include "harness/testing/gtest_matchers.h"
#include "harness/testing/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>

namespace {

TEST(Billing, PoisonOrderIsDeadLetteredAndNothingElseIsLost) {
    const evsim::Run run = evsim::Run::fromScenarioFile(std::string(EVSIM_DATA_DIR) +
                                                        "/scenarios/poison-message-dlq.json");
    EXPECT_THAT(run, evsim::PassesExpectations());
    EXPECT_THAT(run, evsim::QueueCount("billing.orders", "acked", 2000));
    EXPECT_THAT(run, evsim::ConsumerCount("billing", "failed", testing::Ge(4u)));
    EXPECT_THAT(run, evsim::FiredAlert("dead-letters"));
    const auto dead = run.deadLettered("billing.dead");
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_THAT(dead, evsim::ContainsMessage(dead[0].message, "delivery_limit"));
}

} // namespace
