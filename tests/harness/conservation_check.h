#pragma once

// Checks semantics.md INV01 on one run two ways: the simulation's own accounting, and an
// independent replay of its records.
#include "../simulator/test_scenarios.h"
#include "run/runner.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace evsim::testing {

// Replays the records independently of the simulation's counters.
struct Replay {
    std::set<std::uint32_t> published;
    std::set<std::uint32_t> reachedBroker;
    std::map<std::pair<std::uint32_t, EntityId>, int> openCopies; // (message, queue) -> open
    std::uint64_t closed = 0;
    std::uint64_t unroutable = 0;
    std::map<DropReason, std::uint64_t> drops; // copies that left unprocessed, by reason
};

inline Replay replay(const Simulation& sim) {
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
            if (rec.kind == RecordKind::Dropped) {
                ++r.drops[static_cast<DropReason>(rec.detail)];
            }
            if (sim.entities()[rec.entity].kind == EntityKind::Consumer) {
                // A consumer lost a copy the broker had already settled (auto-ack).
                EXPECT_EQ(static_cast<DropReason>(rec.detail), DropReason::FailedUnderAutoAck);
                break;
            }
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

inline void expectConserved(const Scenario& s, std::uint64_t seed, SimTime until) {
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
    // The losses no_loss reports are exactly the drops the records show, cause by cause.
    const LossTally& losses = outcome.simulation->losses();
    for (std::size_t reason = 1; reason < kDropReasonCount; ++reason) {
        const auto it = r.drops.find(static_cast<DropReason>(reason));
        EXPECT_EQ(losses[static_cast<DropReason>(reason)].count,
                  it == r.drops.end() ? 0 : it->second)
            << "seed " << seed << ", " << dropReasonName(static_cast<DropReason>(reason));
    }
}

// fanoutScenario with failure rates, reject/requeue, prefetch, ack mode and a stopping time
// drawn from `params`: stopping mid-run catches messages on the wire and in queues.
inline void expectConservedForRandomVariant(RandomStream& params, std::uint64_t seed) {
    const double failure = params.uniform01() * 0.5;
    const bool reject = params.chance(0.3);
    Scenario s = fanoutScenario(failure, reject);
    s.services[1].consumes[0].prefetch = static_cast<std::uint32_t>(params.below(6));
    s.services[1].consumes[0].failureProbability = params.uniform01() * 0.3;
    if (params.chance(0.2)) {
        s.services[2].consumes[0].ack = AckMode::Auto;
    }
    const SimTime until = SimTime::fromMillis(200 + static_cast<std::int64_t>(params.below(3000)));
    expectConserved(s, seed, until);
}

} // namespace evsim::testing
