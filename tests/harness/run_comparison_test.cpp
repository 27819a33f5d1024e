// Two runs side by side (the app's Compare view): figures per queue and consumer, and the
// first record where the runs part, found by meaning rather than by entity number.
#include "harness/recording/record_text.h"
#include "harness/session/run_comparison.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace evsim {
namespace {

Scenario helloPubsub() {
    const auto loaded = loadScenarioFile(
        (std::filesystem::path(EVSIM_SOURCE_DIR) / "scenarios" / "hello-pubsub.json").string());
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? *loaded.value : Scenario{};
}

RunData runOf(const Scenario& scenario, std::uint64_t seed) {
    RunOptions options;
    options.seed = seed;
    return computeRunData(scenario, options);
}

const ComparedFigure* figure(const RunComparison& c, const std::string& name,
                             const std::string& what) {
    for (const ComparedFigure& f : c.figures) {
        if (f.name == name && f.figure == what) {
            return &f;
        }
    }
    ADD_FAILURE() << "no figure " << what << " of " << name;
    return nullptr;
}

TEST(RunComparison, TheSameRunTwiceDiffersNowhere) {
    const Scenario s = helloPubsub();
    const RunData a = runOf(s, 1);
    const RunData b = runOf(s, 1);
    const RunComparison c = compareRuns(a, b);
    EXPECT_EQ(c.firstDifference, std::nullopt);
    EXPECT_EQ(c.differingFigures(), 0u);
    EXPECT_EQ(c.digestA, c.digestB);
    EXPECT_EQ(c.recordsA, a.records().size());
    EXPECT_GT(c.recordsA, 100u);
    ASSERT_NE(figure(c, "billing.orders", "acked"), nullptr);
    EXPECT_EQ(figure(c, "billing.orders", "acked")->a, 200u);
    ASSERT_NE(figure(c, "billing <- billing.orders", "processed"), nullptr);
}

// B is A with email#0, its only instance, crashed at 3 s for good: every record before the first
// difference reads the same, that one does not, and it is no earlier than the crash.
TEST(RunComparison, AnInterventionPartsTheRunsAtTheFirstRecordThatReadsDifferently) {
    const Scenario s = helloPubsub();
    Scenario crashed = s;
    crashed.timeline.push_back({SimTime::fromSeconds(3), Crash{{"email", 0}, std::nullopt}});
    const RunData a = runOf(s, 1);
    const RunData b = runOf(crashed, 1);
    const RunComparison c = compareRuns(a, b);
    ASSERT_TRUE(c.firstDifference.has_value());
    const std::size_t first = *c.firstDifference;
    ASSERT_LT(first, std::min(c.recordsA, c.recordsB));
    EXPECT_GE(b.records()[first].time, SimTime::fromSeconds(3));
    EXPECT_GT(first, 100u) << "three seconds of the same run";
    for (std::size_t i = 0; i < first; ++i) {
        ASSERT_EQ(recordText(a.entities(), a.records()[i]),
                  recordText(b.entities(), b.records()[i]))
            << "record " << i;
    }
    EXPECT_NE(recordText(a.entities(), a.records()[first]),
              recordText(b.entities(), b.records()[first]));
    EXPECT_NE(c.digestA, c.digestB);
    EXPECT_GT(c.differingFigures(), 0u);
}

// Another seed draws other gaps from the first publish on: the runs part at once.
TEST(RunComparison, AnotherSeedPartsAtOnce) {
    const Scenario s = helloPubsub();
    const RunComparison c = compareRuns(runOf(s, 1), runOf(s, 2));
    EXPECT_EQ(c.firstDifference, 0u);
}

// One more queue, declared before the services, renumbers every later entity; nobody uses it,
// so the runs mean the same record for record. It shows as a queue only B has.
TEST(RunComparison, RecordsLineUpByNameWhenAnEditRenumbersTheEntities) {
    const Scenario s = helloPubsub();
    Scenario edited = s;
    edited.broker.amqp.queues.push_back({"spare"});
    const RunData a = runOf(s, 1);
    const RunData b = runOf(edited, 1);
    ASSERT_NE(a.entities().find(EntityKind::Service, "billing"),
              b.entities().find(EntityKind::Service, "billing"))
        << "the edit renumbers the services";
    const RunComparison c = compareRuns(a, b);
    EXPECT_EQ(c.firstDifference, std::nullopt);
    const ComparedFigure* spare = figure(c, "spare", "published");
    ASSERT_NE(spare, nullptr);
    EXPECT_EQ(spare->a, std::nullopt);
    EXPECT_EQ(spare->b, 0u);
    EXPECT_TRUE(spare->differs());
    EXPECT_EQ(spare->delta(), std::nullopt);
}

// A run with fewer records (a shorter run) parts where it ends.
TEST(RunComparison, AShorterRunPartsWhereItEnds) {
    const Scenario s = helloPubsub();
    RunOptions shorter;
    shorter.until = SimTime::fromSeconds(2);
    const RunData a = runOf(s, 1);
    const RunData b = computeRunData(s, shorter);
    const RunComparison c = compareRuns(a, b);
    ASSERT_LT(c.recordsB, c.recordsA);
    EXPECT_EQ(c.firstDifference, c.recordsB);
    const ComparedFigure* acked = figure(c, "billing.orders", "acked");
    ASSERT_NE(acked, nullptr);
    EXPECT_LT(*acked->delta(), 0);
}

} // namespace
} // namespace evsim
