// semantics.md INV01 over many seeds: every published message is acked, dropped with a named
// cause, or still held (in a queue, at a consumer, or on the wire) — never unaccounted for.
#include "../simulator/test_scenarios.h"
#include "runner.h"
#include "scenario_loader.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace evsim {
namespace {

// Replays the records independently of the simulation's counters.
struct Replay {
    std::set<std::uint32_t> published;
    std::set<std::uint32_t> reachedBroker;
    std::map<std::pair<std::uint32_t, EntityId>, int> openCopies; // (message, queue) -> open
    std::uint64_t closed = 0;
    std::uint64_t unroutable = 0;
};

Replay replay(const Simulation& sim) {
    Replay r;
    for (const Record& rec : sim.log().records()) {
        const auto copy = std::make_pair(rec.message, rec.entity);
        switch (rec.kind) {
        case RecordKind::Published:
            EXPECT_TRUE(r.published.insert(rec.message).second) << "published twice";
            break;
        case RecordKind::Enqueued:
            r.reachedBroker.insert(rec.message);
            EXPECT_EQ(r.openCopies[copy], 0) << "one copy per queue per publish";
            r.openCopies[copy] = 1;
            break;
        case RecordKind::Acked:
        case RecordKind::Dropped:
            if (sim.entities()[rec.entity].kind == EntityKind::Exchange) {
                r.reachedBroker.insert(rec.message);
                ++r.unroutable;
                break;
            }
            EXPECT_EQ(r.openCopies[copy], 1) << "settled a copy that was not held";
            r.openCopies[copy] = 0;
            ++r.closed;
            break;
        default:
            break;
        }
    }
    return r;
}

void expectConserved(const Scenario& s, std::uint64_t seed, SimTime until) {
    RunOptions options;
    options.seed = seed;
    options.until = until;
    const RunOutcome outcome = runScenario(s, options);
    const Conservation& k = outcome.summary.conservation;
    ASSERT_TRUE(k.balanced()) << "seed " << seed << ": " << k.unaccounted() << " unaccounted";

    const Replay r = replay(*outcome.simulation);
    std::uint64_t open = 0;
    for (const auto& [copy, state] : r.openCopies) {
        open += static_cast<std::uint64_t>(state);
    }
    EXPECT_EQ(r.published.size(), k.published) << "seed " << seed;
    EXPECT_EQ(r.published.size() - r.reachedBroker.size(), k.inPublishHop) << "seed " << seed;
    EXPECT_EQ(open, k.held) << "seed " << seed;
    EXPECT_EQ(r.unroutable, k.unroutable) << "seed " << seed;
    EXPECT_EQ(r.closed, k.acked + k.dropped) << "seed " << seed;
}

TEST(Conservation, INV01_HoldsOver200SeedsWithRandomFailures) {
    RandomStream params(2026, 1);
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const double failure = params.uniform01() * 0.5;
        const bool reject = params.chance(0.3);
        Scenario s = testing::fanoutScenario(failure, reject);
        s.services[1].consumes[0].prefetch = static_cast<std::uint32_t>(params.below(6));
        s.services[1].consumes[0].failureProbability = params.uniform01() * 0.3;
        if (params.chance(0.2)) {
            s.services[2].consumes[0].ack = AckMode::Auto;
        }
        // Stop at a random moment so that messages are caught on the wire and in queues.
        const SimTime until =
            SimTime::fromMillis(200 + static_cast<std::int64_t>(params.below(3000)));
        expectConserved(s, seed, until);
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
        expectConserved(s, seed,
                        SimTime::fromMillis(500 + static_cast<std::int64_t>(params.below(9500))));
    }
}

} // namespace
} // namespace evsim
