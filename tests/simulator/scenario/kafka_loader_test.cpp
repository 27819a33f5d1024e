// Loading what a partitioned log's consumers and expectations add: retries through topics and
// the order expectations.
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

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

TEST(ScenarioLoader, ALogsRetryMayNameATopicPerRetry) {
    const auto ok = testkit::load(
        logWithRetry(R"(, "retry": { "attempts": 3, "via": ["accounts-retry", "accounts-dlt"] })"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const RetrySpec& retry = *ok.value->services.at(0).consumes.at(0).retry;
    EXPECT_EQ(retry.viaExchange, "accounts-retry");
    EXPECT_EQ(retry.laterVia, std::vector<std::string>{"accounts-dlt"});

    const LoadError tooMany = onlyError(
        logWithRetry(R"(, "retry": { "attempts": 2, "via": ["accounts-retry", "accounts-dlt"] })"));
    EXPECT_EQ(tooMany.code, LoadErrorCode::OutOfRange);
    EXPECT_EQ(tooMany.message, R"("via" lists 2 retry topics, but "attempts": 2 makes 1 retry)");

    const LoadError unknown = onlyError(
        logWithRetry(R"(, "retry": { "attempts": 3, "via": ["accounts-retry", "acounts-dlt"] })"));
    EXPECT_EQ(unknown.code, LoadErrorCode::UnknownReference);
    EXPECT_EQ(unknown.jsonPath, "$.services[0].consumes[0].retry.via[1]");
}

// A log whose service "ledger" produces to "accounts" with `producer` (extra keys), read by
// group "audit" with `group` (extra keys).
std::string logWithProducer(const std::string& producer, const std::string& group = "") {
    return R"({ "name": "t",
  "broker": { "kind": "kafka", "topics": [{ "name": "accounts" }],
    "groups": [{ "name": "audit", "topic": "accounts")" +
           group + R"( }] },
  "services": [{ "name": "ledger", "produces": [{ "event": "E", "topic": "accounts",
    "rate": "1/s")" +
           producer + R"( }] }] })";
}

TEST(ScenarioLoader, ATransactionalProducerIsIdempotentAndConfirms) {
    const auto ok = testkit::load(
        logWithProducer(R"(, "transaction": { "records": 10, "abort_every": 3, "timeout": "5s" })",
                        R"(, "isolation": "read_committed")"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const ProducerSpec& p = ok.value->services.at(0).produces.at(0);
    ASSERT_TRUE(p.transaction);
    EXPECT_EQ(p.transaction->records, 10u);
    EXPECT_EQ(p.transaction->abortEvery, 3u);
    EXPECT_EQ(p.transaction->timeout, SimTime::fromSeconds(5));
    EXPECT_TRUE(p.idempotent);
    EXPECT_TRUE(p.confirms) << "acks=all with retries, by default";
    EXPECT_TRUE(ok.value->broker.kafka.groups.at(0).readCommitted);
    EXPECT_FALSE(testkit::loadValid(logWithProducer("")).broker.kafka.groups.at(0).readCommitted)
        << "read_uncommitted is Kafka's default";

    const LoadError notIdempotent =
        onlyError(logWithProducer(R"(, "idempotent": false, "transaction": true)"));
    EXPECT_EQ(notIdempotent.code, LoadErrorCode::ConflictingKeys);
    EXPECT_EQ(notIdempotent.jsonPath, "$.services[0].produces[0].idempotent");

    const LoadError everyOne =
        onlyError(logWithProducer(R"(, "transaction": { "abort_every": 1 })"));
    EXPECT_EQ(everyOne.code, LoadErrorCode::OutOfRange);
    EXPECT_EQ(everyOne.jsonPath, "$.services[0].produces[0].transaction.abort_every");

    const LoadError isolation = onlyError(logWithProducer("", R"(, "isolation": "committed")"));
    EXPECT_EQ(isolation.jsonPath, "$.broker.groups[0].isolation");
}

} // namespace
} // namespace evsim
