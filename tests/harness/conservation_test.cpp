// semantics.md INV01 over many seeds: every published message is acked, dropped with a named
// cause, or still held (in a queue, at a consumer, or on the wire) — never unaccounted for.
#include "simulator/scenario/scenario_loader.h"
#include "tests/harness/conservation_check.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(Conservation, INV01_HoldsOver200SeedsWithRandomFailures) {
    RandomStream params(2026, 1);
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        testing::expectConservedForRandomVariant(params, seed);
    }
}

TEST(Conservation, INV01_HoldsOver200SeedsOfTheBundledHelloPubsub) {
    LoadResult<Scenario> loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/hello-pubsub.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    RandomStream params(7, 7);
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        Scenario s = *loaded.value;
        for (ServiceSpec& service : s.services) {
            for (ConsumerSpec& c : service.consumes) {
                c.failureProbability = params.uniform01() * 0.4;
                c.onFailure = params.chance(0.5) ? FailureAction::Reject : FailureAction::Requeue;
            }
        }
        testing::expectConserved(
            s, seed, SimTime::fromMillis(500 + static_cast<std::int64_t>(params.below(9500))));
    }
}

// Topic routing fans a publish out to as many queues as its patterns match: every copy is
// still accounted for, over 50 seeds with failing consumers and runs cut short anywhere.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheTopicRoutingScenario) {
    LoadResult<Scenario> loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/topic-routing.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    RandomStream params(11, 3);
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        Scenario s = *loaded.value;
        for (ServiceSpec& service : s.services) {
            for (ConsumerSpec& c : service.consumes) {
                c.failureProbability = params.uniform01() * 0.4;
                c.onFailure = params.chance(0.5) ? FailureAction::Reject : FailureAction::Requeue;
            }
        }
        testing::expectConserved(
            s, seed, SimTime::fromMillis(500 + static_cast<std::int64_t>(params.below(59500))));
    }
}

} // namespace
} // namespace evsim
