#include "harness/run/runner.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

Expectation queueCount(std::string queue, std::string metric, Range range) {
    Expectation e;
    e.kind = metric == "max_depth" ? Expectation::Kind::MaxDepth : Expectation::Kind::QueueCount;
    e.subject = std::move(queue);
    e.metric = std::move(metric);
    e.range = range;
    e.jsonPath = "$.expect[0]";
    return e;
}

TEST(Expectations, ExactCountsPassWhenMet) {
    Scenario s = testkit::fanoutScenario();
    s.expectations.push_back(queueCount("billing.orders", "acked", {100, 100}));
    s.expectations.push_back(Expectation{}); // no_loss
    const RunOutcome outcome = runScenario(s);
    EXPECT_TRUE(outcome.passed()) << describe(outcome.expectations[0]);
}

TEST(Expectations, AFailedCountSaysWhatWasExpectedWhatWasSeenAndShowsExamples) {
    Scenario s = testkit::fanoutScenario();
    s.expectations.push_back(queueCount("billing.orders", "acked", {100, 100}));
    RunOptions options;
    options.until = SimTime::fromMillis(300);
    const RunOutcome outcome = runScenario(s, options);
    ASSERT_FALSE(outcome.passed());
    const ExpectationResult& r = outcome.expectations[0];
    EXPECT_EQ(r.expected, "= 100");
    EXPECT_NE(r.seen, "100");
    EXPECT_GE(r.examples.size(), 1u);
    EXPECT_LE(r.examples.size(), 3u);
    EXPECT_NE(describe(r).find("(e.g. msg-"), std::string::npos) << describe(r);
}

TEST(Expectations, RangesAndMaxDepth) {
    Scenario s = testkit::fanoutScenario();
    s.expectations.push_back(queueCount("email.orders", "delivered", {90, std::nullopt}));
    s.expectations.push_back(queueCount("email.orders", "max_depth", {std::nullopt, 0}));
    const RunOutcome outcome = runScenario(s);
    EXPECT_TRUE(outcome.expectations[0].passed);
    EXPECT_FALSE(outcome.expectations[1].passed);
    EXPECT_EQ(outcome.expectations[1].expected, "<= 0");
}

TEST(Expectations, LatencyPercentileBounds) {
    Scenario s = testkit::fanoutScenario();
    Expectation fast;
    fast.kind = Expectation::Kind::Latency;
    fast.subject = "billing.orders";
    fast.percentile = 99;
    fast.range.max = SimTime::fromMillis(1).nanos();
    Expectation generous = fast;
    generous.range.max = SimTime::fromSeconds(5).nanos();
    s.expectations = {fast, generous};
    const RunOutcome outcome = runScenario(s);
    EXPECT_FALSE(outcome.expectations[0].passed);
    EXPECT_EQ(outcome.expectations[0].examples.size(), 3u);
    EXPECT_TRUE(outcome.expectations[1].passed);
}

TEST(Expectations, ConsumerCountsSumOverInstances) {
    Scenario s = testkit::fanoutScenario(0.2);
    Expectation failed;
    failed.kind = Expectation::Kind::ConsumerCount;
    failed.subject = "email";
    failed.metric = "failed";
    failed.range.min = 1;
    Expectation processed = failed;
    processed.subject = "billing";
    processed.metric = "processed";
    processed.range = {100, 100};
    s.expectations = {failed, processed};
    const RunOutcome outcome = runScenario(s);
    EXPECT_TRUE(outcome.passed()) << describe(outcome.expectations[0]) << "\n"
                                  << describe(outcome.expectations[1]);
}

// What producers heard back: basic.returns of mandatory publishes, 404s, events given up.
TEST(Expectations, ProducerCountsAreWhatItsPublishersHeardBack) {
    Scenario s = testkit::fanoutScenario();
    s.broker.amqp.exchanges[0].type = ExchangeType::Direct;
    s.services[0].produces[0].mandatory = true;
    s.services[0].produces[0].routingKey = "order.nowhere"; // bound to nothing: every one back
    s.timeline.emplace_back(SimTime::zero(), DeleteExchange{"orders", SimTime::fromMillis(300)});
    Expectation returned;
    returned.kind = Expectation::Kind::ProducerCount;
    returned.subject = "orders";
    returned.metric = "returned";
    Expectation notFound = returned;
    notFound.metric = "not_found";
    Expectation none = returned;
    none.metric = "gave_up";
    none.range = {0, 0};
    s.expectations = {returned, notFound, none};
    const RunOutcome outcome = runScenario(s);
    const ProducerStats p = outcome.summary.producer("orders");
    EXPECT_GT(p.returned, 0u);
    EXPECT_GT(p.notFound, 0u);
    const Conservation& k = outcome.summary.conservation;
    EXPECT_EQ(p.returned + k.channelErrors, k.published)
        << "each publish was returned, refused with a 404 or discarded on the closed channel";
    EXPECT_EQ(outcome.expectations[0].seen, std::to_string(p.returned));
    EXPECT_EQ(outcome.expectations[1].seen, std::to_string(p.notFound));
    EXPECT_TRUE(outcome.expectations[2].passed);
    EXPECT_EQ(outcome.summary.producer("nobody").returned, 0u);
}

} // namespace
} // namespace evsim
