// A partitioned log's cluster under random broker faults (KAFKA12): INV01 by the simulation's
// books and by an independent replay of its records, and the row's promise that acks=all
// loses nothing a broker fault could take.
#include "simulator/scenario/scenario_loader.h"
#include "tests/harness/conservation_check.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

// Producers with acks=all, acks=1 and acks=0 over one replicated topic each, their groups, and
// three brokers; the faults come from the test.
Scenario clusterScenario() {
    const std::string producer = R"(, "key": "k", "keys": 20, "rate": "300/s",
        "confirms": { "timeout": "2s", "retries": 1000,
                      "backoff": { "initial": "50ms", "max": "200ms" } })";
    const auto loaded = parseScenario(R"({
  "name": "chaos", "seed": 1, "duration": "30s",
  "broker": { "kind": "kafka", "brokers": 3, "broker_session_timeout": "2s",
    "replication_delay": "3ms",
    "topics": [
      { "name": "safe", "partitions": 4, "replication_factor": 3, "min_insync_replicas": 2 },
      { "name": "fast", "partitions": 4, "replication_factor": 2 },
      { "name": "blind", "partitions": 4, "replication_factor": 2 } ],
    "groups": [
      { "name": "safe", "topic": "safe", "auto_offset_reset": "earliest" },
      { "name": "fast", "topic": "fast", "auto_offset_reset": "earliest" },
      { "name": "blind", "topic": "blind", "auto_offset_reset": "earliest" } ] },
  "services": [
    { "name": "writer", "produces": [
      { "event": "Safe", "topic": "safe", "acks": "all")" +
                                          producer + R"( },
      { "event": "Fast", "topic": "fast", "acks": "1")" +
                                          producer + R"( },
      { "event": "Blind", "topic": "blind", "acks": "0", "key": "k", "keys": 20,
        "rate": "300/s" } ] },
    { "name": "reader", "instances": 2, "consumes": [
      { "group": "safe", "processing": { "dist": "uniform", "min": "1ms", "max": "3ms" } },
      { "group": "fast", "processing": { "dist": "uniform", "min": "1ms", "max": "3ms" } },
      { "group": "blind", "processing": { "dist": "uniform", "min": "1ms", "max": "3ms" } } ] } ],
  "network": { "latency": { "dist": "uniform", "min": "1ms", "max": "3ms" } } })",
                                      "chaos.json");
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    return *loaded.value;
}

SimTime ms(std::uint64_t n) {
    return SimTime::fromMillis(static_cast<std::int64_t>(n));
}

TEST(KafkaClusterChaos, KAFKA12_INV01_UnderRandomBrokerFaultsAcksAllLosesNothing) {
    const Scenario base = clusterScenario();
    RandomStream params(2026, 12);
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Scenario s = base;
        // One to four faults: brokers stopping (for a while or for good, overlapping at
        // times), and slowing down.
        const std::uint64_t faults = 1 + params.below(4);
        for (std::uint64_t f = 0; f < faults; ++f) {
            const SimTime at = ms(500 + params.below(20'000));
            const auto broker = static_cast<std::uint32_t>(1 + params.below(3));
            if (params.chance(0.3)) {
                s.timeline.push_back({at, SlowBroker{broker, ms(50 + params.below(1000)),
                                                     ms(500 + params.below(8000))}});
            } else {
                std::optional<SimTime> lasting;
                if (params.chance(0.8)) {
                    lasting = ms(200 + params.below(8000));
                }
                s.timeline.push_back({at, BrokerDown{broker, lasting}});
            }
        }
        std::stable_sort(s.timeline.begin(), s.timeline.end(),
                         [](const Intervention& a, const Intervention& b) { return a.at < b.at; });
        const SimTime until = ms(5'000 + params.below(25'000));
        testkit::expectConserved(s, seed, until);

        RunOptions options;
        options.seed = seed;
        options.until = until;
        const RunOutcome outcome = runScenario(s, options);
        const LossTally& losses = outcome.simulation->losses();
        // Only a cut loses anything, and never a record of the acks=all producer: its events
        // are all read by the end, but those still waiting for a leader or their copies.
        EXPECT_EQ(losses.total(), losses[DropReason::Truncated].count +
                                      losses[DropReason::NotLeader].count +
                                      losses[DropReason::NotEnoughReplicas].count)
            << "acks=0 loses what a leaderless partition refuses; nothing else is lost";
        const QueueStats* safe = outcome.summary.queue("safe");
        ASSERT_NE(safe, nullptr);
        EXPECT_EQ(safe->dropped, 0u) << "the acks=all group skipped nothing";
    }
}

} // namespace
} // namespace evsim
