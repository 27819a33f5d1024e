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
        testkit::expectConservedForRandomVariant(params, seed);
    }
}

// The bundled scenario `file` over seeds 1..`seeds`, each run with its consumers failing at a
// random rate (rejecting or requeueing), half of them acking in batches, and cut short at a random
// time from 500 ms to 500 ms plus `spanMs`.
void expectBundledConserved(const char* file, std::uint64_t seeds, RandomStream params,
                            std::uint64_t spanMs) {
    LoadResult<Scenario> loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/" + file);
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        Scenario s = *loaded.value;
        for (ServiceSpec& service : s.services) {
            for (ConsumerSpec& c : service.consumes) {
                c.failureProbability = params.uniform01() * 0.4;
                c.onFailure = params.chance(0.5) ? FailureAction::Reject : FailureAction::Requeue;
                if (c.ack == AckMode::Manual && params.chance(0.5)) {
                    c.ackEvery = 2 + static_cast<std::uint32_t>(params.below(8)); // AMQP21
                }
            }
        }
        testkit::expectConserved(
            s, seed, SimTime::fromMillis(500 + static_cast<std::int64_t>(params.below(spanMs))));
    }
}

TEST(Conservation, INV01_HoldsOver200SeedsOfTheBundledHelloPubsub) {
    expectBundledConserved("hello-pubsub.json", 200, RandomStream(7, 7), 9500);
}

// Topic routing fans a publish out to as many queues as its patterns match: every copy is
// still accounted for.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheTopicRoutingScenario) {
    expectBundledConserved("topic-routing.json", 50, RandomStream(11, 3), 59500);
}

// A headers exchange sends one publish to as many queues as its bindings' headers match,
// and some to the archive alone.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheHeadersRoutingScenario) {
    expectBundledConserved("headers-routing.json", 50, RandomStream(13, 5), 59500);
}

// An alternate exchange and an exchange-to-exchange binding: a publish walks from exchange to
// exchange, and every copy it leaves is accounted for.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheAlternateExchangeScenario) {
    expectBundledConserved("alternate-exchange.json", 50, RandomStream(17, 9), 59500);
}

// A consumer cancels mid-run and settles what it holds while another, started late, takes
// over: what the cancelled one requeues is accounted for at the other.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheCancelledConsumerScenario) {
    expectBundledConserved("cancelled-consumer.json", 50, RandomStream(19, 11), 59500);
}

// Publishes to a deleted exchange are discarded with a channel error (AMQP20), as are those
// that follow on the closed channel: each is accounted for, and those of a publisher that
// confirms are not counted lost.
TEST(Conservation, INV01_HoldsOver50SeedsOfTheMissingExchangeScenario) {
    expectBundledConserved("missing-exchange.json", 50, RandomStream(23, 13), 39500);
}

} // namespace
} // namespace evsim
