// Loading what a partitioned log's consumers and expectations add: retries through topics and
// the order expectations.
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

using testkit::onlyError;

// A log whose service "ledger" consumes group "ledger" with `consumer` (extra keys) and has
// `expect` as its expectations.
std::string logWithRetry(const std::string& consumer, const std::string& expect = "[]") {
    return R"({ "name": "t",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "accounts" }, { "name": "accounts-retry" }, { "name": "accounts-dlt" }],
    "groups": [{ "name": "ledger", "topic": "accounts" }] },
  "services": [{ "name": "ledger", "consumes": [{ "group": "ledger")" +
           consumer + R"( }] }],
  "expect": )" +
           expect + "}";
}

TEST(ScenarioLoader, ALogsRetryNamesTopicsAndKeepsTheKey) {
    const auto ok = testkit::load(logWithRetry(
        R"(, "retry": { "attempts": 3, "via": "accounts-retry", "backoff": { "initial": "1s" }, "give_up": "accounts-dlt" })"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const RetrySpec& retry = *ok.value->services.at(0).consumes.at(0).retry;
    EXPECT_EQ(retry.viaExchange, "accounts-retry");
    EXPECT_EQ(retry.giveUpExchange, "accounts-dlt");
    EXPECT_TRUE(retry.keepsKey);

    const LoadError route =
        onlyError(logWithRetry(R"(, "retry": { "via": { "exchange": "accounts-retry" } })"));
    EXPECT_EQ(route.code, LoadErrorCode::WrongType);
    EXPECT_EQ(route.jsonPath, "$.services[0].consumes[0].retry.via");
    EXPECT_EQ(route.hint, R"(e.g. "orders-retry"; the record keeps its key)");

    const LoadError unknown = onlyError(logWithRetry(R"(, "retry": { "via": "acounts-retry" })"));
    EXPECT_EQ(unknown.code, LoadErrorCode::UnknownReference);
    EXPECT_EQ(unknown.hint, R"(did you mean "accounts-retry"?)");

    const LoadError backoff =
        onlyError(logWithRetry(R"(, "retry": { "backoff": { "initial": "1s" } })"));
    EXPECT_EQ(
        backoff.message,
        R"("backoff" needs "via": only a retry through a retry topic waits between attempts)");
}

TEST(ScenarioLoader, OrderExpectationsSayHoldsOrBroken) {
    const auto ok = testkit::load(logWithRetry(
        "", R"([{ "group": "ledger", "partition_order": "holds", "max_lag": { "max": 5 } },
                { "consumer": "ledger", "key_order": "broken" }])"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const auto& e = ok.value->expectations;
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].kind, Expectation::Kind::MaxDepth);
    EXPECT_EQ(e[0].metric, "max_lag");
    EXPECT_EQ(e[1].kind, Expectation::Kind::Order);
    EXPECT_EQ(e[1].metric, "partition_order");
    EXPECT_FALSE(e[1].orderBroken);
    EXPECT_EQ(e[2].metric, "key_order");
    EXPECT_TRUE(e[2].orderBroken);

    const LoadError bad =
        onlyError(logWithRetry("", R"([{ "consumer": "ledger", "key_order": "mostly" }])"));
    EXPECT_EQ(bad.jsonPath, "$.expect[0].key_order");
    EXPECT_EQ(bad.hint, R"(expected "holds" or "broken")");
    // A queue has no partitions: partition_order is a group's.
    const LoadError onQueue = onlyError(
        R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
             "expect": [{ "queue": "q", "acked": 1, "partition_order": "holds" }] })");
    EXPECT_EQ(onQueue.message, R"("partition_order" is not a metric of a queue expectation)");
}

} // namespace
} // namespace evsim
