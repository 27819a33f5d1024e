// The query library over finished runs (harness/query): counts, dead letters, alerts, losses
// and records of one message, on bundled scenarios, and the GoogleTest matchers, including
// what they print when a run does not have the property.
#include "harness/recording/recording.h"
#include "harness/testing/gtest_matchers.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <type_traits>

namespace evsim {
namespace {

using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::HasSubstr;

std::string sourcePath(const std::string& relative) {
    return (std::filesystem::path(EVSIM_SOURCE_DIR) / relative).string();
}

const Run& poisonRun() {
    static const Run run = Run::fromScenarioFile(sourcePath("scenarios/poison-message-dlq.json"));
    return run;
}

const Run& lossyRun() {
    static const Run run = Run::fromScenarioFile(sourcePath("fixtures/failing/lossy.json"));
    return run;
}

template <typename T>
std::string explain(const testing::Matcher<T>& m, std::type_identity_t<T> value) {
    testing::StringMatchResultListener listener;
    EXPECT_FALSE(m.MatchAndExplain(value, &listener));
    return listener.str();
}

TEST(RunQuery, DigestAndSeedAreThePinnedOnes) {
    std::ifstream in(sourcePath("fixtures/digests/poison-message-dlq.digest"));
    std::string pinned;
    in >> pinned;
    EXPECT_EQ(formatDigest(poisonRun().digest()), pinned);
    EXPECT_EQ(poisonRun().seed(), 5u);
    EXPECT_EQ(poisonRun().scenarioName(), "poison-message-dlq");
    EXPECT_TRUE(poisonRun().completed());
}

TEST(RunQuery, QueueAndConsumerCountsAreTheOnesTheScenarioExpects) {
    const evsim::Run& run = poisonRun();
    EXPECT_EQ(run.queue("billing.orders").published, 2001u);
    EXPECT_EQ(run.queueCount("billing.orders", "acked"), 2000u);
    EXPECT_EQ(run.queueCount("billing.orders", "redelivered"), 3u);
    EXPECT_EQ(run.queueCount("billing.orders", "dead_lettered", "delivery_limit"), 1u);
    EXPECT_EQ(run.queueCount("billing.orders", "dead_lettered", "rejected"), 0u);
    EXPECT_EQ(run.queueCount("billing.dead", "published"), 1u);
    EXPECT_EQ(run.queueCount("billing.dead", "depth"), 1u); // nobody consumes it
    EXPECT_EQ(run.consumer("billing").processed, 2000u);
    EXPECT_EQ(run.consumerCount("billing", "failed"), 4u);
    EXPECT_THAT(run.queueNames(), ElementsAre("billing.orders", "billing.dead"));
    EXPECT_THAT(run.consumerNames(), ElementsAre("billing"));
}

TEST(RunQuery, DeadLetteredNamesTheMessageItsReasonAndBothQueues) {
    const evsim::Run& run = poisonRun();
    const std::vector<DeadLetter> dead = run.deadLettered("billing.dead");
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].reason, DeadLetterReason::DeliveryLimit);
    EXPECT_EQ(dead[0].reasonName, "delivery_limit");
    EXPECT_EQ(dead[0].from, "billing.orders");
    EXPECT_EQ(dead[0].into, "billing.dead");
    EXPECT_GE(dead[0].time, SimTime::fromSeconds(10));
    EXPECT_EQ(run.deadLetteredFrom("billing.orders"), dead);
    EXPECT_TRUE(run.deadLettered("billing.orders").empty());
}

TEST(RunQuery, RecordsOfAMessageFollowItFromPublishToDeadLetter) {
    const evsim::Run& run = poisonRun();
    const std::uint32_t id = run.deadLettered("billing.dead").at(0).message;
    const std::vector<Record> records = run.recordsOf(id);
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.front().kind, RecordKind::Published);
    const auto count = [&](RecordKind kind) {
        return std::count_if(records.begin(), records.end(),
                             [&](const Record& r) { return r.kind == kind; });
    };
    EXPECT_EQ(count(RecordKind::Delivered), 4); // the limit is 3 returns: the 4th delivery dies
    EXPECT_EQ(count(RecordKind::DeadLettered), 1);
    EXPECT_NE(run.recordText(records.front()).find("msg-" + std::to_string(id)), std::string::npos);
    EXPECT_TRUE(run.recordsOf(0).empty());
}

TEST(RunQuery, AlertsListEachFiringWithItsTime) {
    const std::vector<AlertFiring> alerts = poisonRun().alerts("dead-letters");
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].queue, "billing.dead");
    EXPECT_GE(alerts[0].raisedAt, SimTime::fromSeconds(10));
    EXPECT_FALSE(alerts[0].resolvedAt); // the dead letter stays
    EXPECT_EQ(poisonRun().alerts().size(), 1u);
}

TEST(RunQuery, LostNamesEachCauseWithExampleIdsAsNoLossReportsThem) {
    const LossReport lost = lossyRun().lost();
    EXPECT_FALSE(lost.none());
    ASSERT_NE(lost.cause("unroutable"), nullptr);
    EXPECT_EQ(lost.cause("unroutable")->count, 1u);
    ASSERT_NE(lost.cause("rejected"), nullptr);
    EXPECT_FALSE(lost.cause("rejected")->examples.empty());
    EXPECT_EQ(lost.cause("expired"), nullptr);
    const ExpectationResult& noLoss = lossyRun().expectations().at(0);
    EXPECT_FALSE(noLoss.passed);
    EXPECT_EQ(noLoss.seen, std::to_string(lost.total) + " lost: " + lost.causesText());
    EXPECT_TRUE(poisonRun().lost().none());
}

TEST(RunQuery, AnUnknownNameSaysWhichNamesExistAndSuggestsTheNearest) {
    try {
        poisonRun().queue("billing.order");
        FAIL() << "no exception";
    } catch (const UnknownName& e) {
        EXPECT_STREQ(e.what(), "no queue named \"billing.order\" in the run (did you mean "
                               "\"billing.orders\"?); its queues: billing.orders, billing.dead");
    }
    EXPECT_THROW(poisonRun().consumer("shop"), UnknownName); // it only produces
    EXPECT_THROW(poisonRun().queueCount("billing.orders", "acks"), UnknownName);
    EXPECT_THROW(poisonRun().alerts("dead-letter"), UnknownName);
}

TEST(RunQuery, AScenarioThatDoesNotLoadThrowsLoadFailureWithTheLocatedErrors) {
    try {
        evsim::Run::fromScenarioFile(
            sourcePath("fixtures/malformed/alert_with_two_conditions.json"));
        FAIL() << "no exception";
    } catch (const LoadFailure& e) {
        EXPECT_FALSE(e.errors().empty());
        EXPECT_THAT(e.what(), HasSubstr("alert_with_two_conditions.json:5:75: error[E024]"));
    }
    EXPECT_THROW(evsim::Run::fromRecordingFile(sourcePath("no/such.evrec")), LoadFailure);
}

TEST(RunQuery, AReplayedRecordingIsQueriedLikeARun) {
    const std::string path = sourcePath("fixtures/recordings/poison-message-dlq.evrec");
    const evsim::Run replayed = Run::fromRecordingFile(path);
    EXPECT_EQ(replayed.digest(), loadRecordingFile(path).value->digest);
    EXPECT_EQ(replayed.deadLettered("billing.dead").size(), 1u); // records were kept
    EXPECT_THAT(replayed, PassesExpectations());
}

TEST(RunQuery, AReplayThatDivergesThrowsLoadFailureNamingTheRecord) {
    const std::string path = sourcePath("fixtures/recordings/poison-message-dlq.evrec");
    Recording recording = *loadRecordingFile(path).value;
    recording.checkpoints.at(1).digest ^= 1;
    try {
        evsim::Run::fromRecording(recording, path);
        FAIL() << "no exception";
    } catch (const LoadFailure& e) {
        EXPECT_THAT(e.what(), HasSubstr("differs from the recording: first divergent record"));
    }
}

TEST(RunMatchers, PassOnARunThatHasTheProperty) {
    const evsim::Run& run = poisonRun();
    EXPECT_THAT(run, NoLoss());
    EXPECT_THAT(run, Accounted());
    EXPECT_THAT(run, HasDigest(run.digest()));
    EXPECT_THAT(run, FiredAlert("dead-letters"));
    EXPECT_THAT(run, PassesExpectations());
    EXPECT_THAT(run, QueueCount("billing.orders", "acked", 2000));
    EXPECT_THAT(run, QueueCount("billing.orders", "delivered", Ge(2001u)));
    EXPECT_THAT(run, ConsumerCount("billing", "failed", 4));
    const std::uint32_t id = run.deadLettered("billing.dead").at(0).message;
    EXPECT_THAT(run.deadLettered("billing.dead"), DeadLetteredIds(ElementsAre(id)));
    EXPECT_THAT(run.deadLettered("billing.dead"), ContainsMessage(id, "delivery_limit"));
    EXPECT_THAT(lossyRun(), Accounted()); // lossy loses copies but accounts for each
}

TEST(RunMatchers, NoLossFailsNamingEachCauseWithExampleIds) {
    const testing::Matcher<const evsim::Run&> m = NoLoss();
    const LossReport lost = lossyRun().lost();
    EXPECT_EQ(explain(m, lossyRun()),
              std::to_string(lost.total) + " message copies lost: " + lost.causesText());
    EXPECT_THAT(explain(m, lossyRun()), HasSubstr("1 unroutable (e.g. msg-"));
    EXPECT_EQ(testing::DescribeMatcher<const evsim::Run&>(m), "loses no message copy");
    EXPECT_NONFATAL_FAILURE(EXPECT_THAT(lossyRun(), NoLoss()), "message copies lost: ");
}

TEST(RunMatchers, CountsAndNamesFailWithWhatWasSeen) {
    const evsim::Run& run = poisonRun();
    EXPECT_EQ(explain(QueueCount("billing.orders", "acked", 5), run),
              "queue billing.orders acked is 2000");
    EXPECT_EQ(testing::DescribeMatcher<const evsim::Run&>(QueueCount("billing.orders", "acked", 5)),
              "has queue billing.orders acked that is equal to 5");
    EXPECT_THAT(explain(QueueCount("billing.order", "acked", 5), run),
                HasSubstr("did you mean \"billing.orders\"?"));
    EXPECT_THAT(explain(FiredAlert("dead-letter"), run),
                HasSubstr("no alert named \"dead-letter\" in the run"));
    EXPECT_EQ(explain(HasDigest(1), run), "the digest is " + formatDigest(run.digest()));
    EXPECT_THAT(explain(PassesExpectations(), lossyRun()),
                HasSubstr("1 of 2 expectations failed:\n  no_loss: expected no message copy"));
}

TEST(RunMatchers, DeadLetterMatchersFailListingTheDeadLetters) {
    const std::vector<DeadLetter> dead = poisonRun().deadLettered("billing.dead");
    const std::string id = std::to_string(dead.at(0).message);
    using Letters = const std::vector<DeadLetter>&;
    EXPECT_EQ(explain<Letters>(ContainsMessage(7, "rejected"), dead),
              "msg-7 (rejected) is not among the dead letters: msg-" + id + " (delivery_limit)");
    EXPECT_EQ(explain<Letters>(DeadLetteredIds(ElementsAre(7)), dead),
              "whose message ids are { " + id + " }");
}

TEST(RunMatchers, ARunPrintsAsAOneLineSummary) {
    EXPECT_EQ(testing::PrintToString(poisonRun()), "poison-message-dlq (seed 5, digest " +
                                                       formatDigest(poisonRun().digest()) +
                                                       ", 10/10 expectations passed)");
}

} // namespace
} // namespace evsim
