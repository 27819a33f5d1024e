// Seeks at random moments (KAFKA07) in every bundled log scenario: INV01 by the simulation's
// books and by an independent replay of its records, whatever else the scenario does to its
// logs (rebalances, retry topics, transactions, retention, a cluster's faults).
#include "simulator/scenario/scenario_loader.h"
#include "tests/harness/conservation_check.h"
#include "tests/harness/log_scenario_check.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

SimTime seekMs(std::uint64_t n) {
    return SimTime::fromMillis(static_cast<std::int64_t>(n));
}

// One to three seeks of random groups: to an end, an offset or a time, in every partition or
// one.
void addSeeks(Scenario& s, RandomStream& params) {
    const KafkaSpec& kafka = s.broker.kafka;
    const std::uint64_t runMs = static_cast<std::uint64_t>(s.duration.nanos() / 1'000'000);
    const std::uint64_t seeks = 1 + params.below(3);
    for (std::uint64_t i = 0; i < seeks; ++i) {
        const GroupSpec& group = kafka.groups[params.below(kafka.groups.size())];
        const auto topic = std::find_if(kafka.topics.begin(), kafka.topics.end(),
                                        [&](const TopicSpec& t) { return t.name == group.topic; });
        Seek seek;
        seek.group = group.name;
        const SimTime at = seekMs(params.below(runMs));
        switch (params.below(4)) {
        case 0:
            seek.to = Seek::To::Earliest;
            break;
        case 1:
            seek.to = Seek::To::Latest;
            break;
        case 2:
            seek.to = Seek::To::Offset;
            seek.offset = params.below(2000);
            break;
        default:
            seek.to = Seek::To::Time;
            seek.time = seekMs(params.below(runMs));
            break;
        }
        if (params.chance(0.3)) {
            seek.partition = static_cast<std::uint32_t>(params.below(topic->partitions));
        }
        s.timeline.push_back({at, seek});
    }
    std::stable_sort(s.timeline.begin(), s.timeline.end(),
                     [](const Intervention& a, const Intervention& b) { return a.at < b.at; });
}

TEST(KafkaSeekChaos, KAFKA07_INV01_RandomSeeksInEveryLogScenarioLoseNoRecordUnaccounted) {
    RandomStream params(2026, 7);
    std::uint64_t readAgain = 0;
    std::uint64_t skipped = 0;
    for (const char* file : testkit::kLogScenarios) {
        const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/" + file);
        ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            SCOPED_TRACE(std::string(file) + " seed " + std::to_string(seed));
            Scenario s = *loaded.value;
            addSeeks(s, params);
            testkit::expectConserved(s, seed, s.duration);
            RunOptions options;
            options.seed = seed;
            const RunOutcome outcome = runScenario(s, options);
            skipped += outcome.simulation->losses()[DropReason::Skipped].count;
            for (const QueueStats& q : outcome.summary.queues) {
                readAgain += q.redelivered;
            }
        }
    }
    EXPECT_GT(readAgain, 1000u) << "seeks back read records again";
    EXPECT_GT(skipped, 100u) << "seeks forward skipped records";
}

} // namespace
} // namespace evsim
