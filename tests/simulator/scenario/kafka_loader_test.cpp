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

TEST(ScenarioLoader, AConsumersTransactionNeedsEmitsAndCommitsRecordByRecord) {
    const auto emitting = [](const std::string& extra) {
        return logWithRetry(R"(, "emits": [{ "event": "Posted", "topic": "accounts-dlt" }])" +
                            extra);
    };
    const Scenario s = testkit::loadValid(emitting(R"(, "transaction": true)"));
    EXPECT_EQ(s.services.at(0).consumes.at(0).transactionTimeout, SimTime::fromSeconds(60));
    const Scenario timed = testkit::loadValid(emitting(R"(, "transaction": { "timeout": "5s" })"));
    EXPECT_EQ(timed.services.at(0).consumes.at(0).transactionTimeout, SimTime::fromSeconds(5));
    EXPECT_FALSE(testkit::loadValid(emitting(R"(, "transaction": false)"))
                     .services.at(0)
                     .consumes.at(0)
                     .transactionTimeout);

    const LoadError nothing = onlyError(logWithRetry(R"(, "transaction": true)"));
    EXPECT_EQ(nothing.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(nothing.jsonPath, "$.services[0].consumes[0].transaction");
    const LoadError interval =
        onlyError(emitting(R"(, "auto_commit_interval": "1s", "transaction": true)"));
    EXPECT_EQ(interval.code, LoadErrorCode::ConflictingKeys);
    const LoadError autoAck = onlyError(emitting(R"(, "ack": "auto", "transaction": true)"));
    EXPECT_EQ(autoAck.code, LoadErrorCode::ConflictingKeys);
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

// A cluster (KAFKA12): brokers, replicas, acks, and the faults that name a broker.
std::string clusterWith(const std::string& cluster, const std::string& topic,
                        const std::string& producer, const std::string& timeline = "") {
    return R"({ "name": "t", "duration": "10s",
  "broker": { "kind": "kafka")" +
           cluster + R"(, "topics": [{ "name": "accounts")" + topic + R"( }],
    "groups": [{ "name": "audit", "topic": "accounts" }] },
  "services": [{ "name": "ledger", "produces": [{ "event": "E", "topic": "accounts",
    "rate": "1/s")" +
           producer + R"( }] }],
  "timeline": [)" +
           timeline + "] }";
}

TEST(ScenarioLoader, AClustersControllerBalancesLeadersAsKafkasDefaultsSayUnlessTold) {
    const KafkaSpec defaults =
        testkit::loadValid(clusterWith(R"(, "brokers": 3)", "", "")).broker.kafka;
    EXPECT_TRUE(defaults.autoLeaderRebalance);
    EXPECT_EQ(defaults.leaderImbalanceCheck, SimTime::fromSeconds(300));
    EXPECT_EQ(defaults.leaderImbalancePercent, 10u);
    const KafkaSpec set =
        testkit::loadValid(clusterWith(R"(, "brokers": 3, "auto_leader_rebalance": false,
            "leader_imbalance_check_interval": "30s", "leader_imbalance_per_broker_percentage": 0)",
                                       "", ""))
            .broker.kafka;
    EXPECT_FALSE(set.autoLeaderRebalance);
    EXPECT_EQ(set.leaderImbalanceCheck, SimTime::fromSeconds(30));
    EXPECT_EQ(set.leaderImbalancePercent, 0u);
    const LoadError percent = onlyError(
        clusterWith(R"(, "brokers": 3, "leader_imbalance_per_broker_percentage": 101)", "", ""));
    EXPECT_EQ(percent.jsonPath, "$.broker.leader_imbalance_per_broker_percentage");
    const LoadError interval = onlyError(
        clusterWith(R"(, "brokers": 3, "leader_imbalance_check_interval": "0s")", "", ""));
    EXPECT_EQ(interval.code, LoadErrorCode::OutOfRange);
    EXPECT_EQ(interval.jsonPath, "$.broker.leader_imbalance_check_interval");
}

TEST(ScenarioLoader, AClusterHasBrokersReplicasAcksAndBrokerFaults) {
    const Scenario s = testkit::loadValid(
        clusterWith(R"(, "brokers": 3, "replication_delay": "5ms", "broker_session_timeout": "6s")",
                    R"(, "replication_factor": 3, "min_insync_replicas": 2)", R"(, "acks": "1")",
                    R"({ "at": "1s", "broker_down": { "broker": 3, "for": "2s" } },
           { "at": "1s", "slow_broker": { "broker": 1, "latency": "200ms", "for": "1s" } })"));
    EXPECT_EQ(s.broker.kafka.brokers, 3u);
    EXPECT_EQ(s.broker.kafka.replicationDelay, SimTime::fromMillis(5));
    EXPECT_EQ(s.broker.kafka.brokerSessionTimeout, SimTime::fromSeconds(6));
    EXPECT_EQ(s.broker.kafka.topics.at(0).replicationFactor, 3u);
    EXPECT_EQ(s.broker.kafka.topics.at(0).minInsyncReplicas, 2u);
    const ProducerSpec& p = s.services.at(0).produces.at(0);
    EXPECT_TRUE(p.leaderAck);
    EXPECT_TRUE(p.confirms) << "acks=1 waits for the leader's answer";
    EXPECT_FALSE(p.idempotent) << "Kafka 3.2: acks other than all turns idempotence off";
    const auto down = std::get<BrokerDown>(s.timeline.at(0).action);
    EXPECT_EQ(down.broker, 3u);
    EXPECT_EQ(down.duration, SimTime::fromSeconds(2));
    const auto slow = std::get<SlowBroker>(s.timeline.at(1).action);
    EXPECT_EQ(slow.latency, SimTime::fromMillis(200));

    // Defaults: one broker, one replica, acks=all with confirms; acks=0 waits for nothing.
    const Scenario plain = testkit::loadValid(clusterWith("", "", R"(, "acks": "all")"));
    EXPECT_EQ(plain.broker.kafka.brokers, 1u);
    EXPECT_EQ(plain.broker.kafka.topics.at(0).replicationFactor, 1u);
    EXPECT_TRUE(plain.services.at(0).produces.at(0).confirms);
    EXPECT_FALSE(plain.services.at(0).produces.at(0).leaderAck);
    EXPECT_FALSE(testkit::loadValid(clusterWith("", "", R"(, "acks": "0")"))
                     .services.at(0)
                     .produces.at(0)
                     .confirms);

    const LoadError tooMany =
        onlyError(clusterWith(R"(, "brokers": 2)", R"(, "replication_factor": 3)", ""));
    EXPECT_EQ(tooMany.code, LoadErrorCode::OutOfRange);
    EXPECT_EQ(tooMany.jsonPath, "$.broker.topics[0].replication_factor");
    const LoadError minIsr = onlyError(clusterWith(
        R"(, "brokers": 3)", R"(, "replication_factor": 2, "min_insync_replicas": 3)", ""));
    EXPECT_EQ(minIsr.jsonPath, "$.broker.topics[0].min_insync_replicas");
    const LoadError idempotent =
        onlyError(clusterWith("", "", R"(, "acks": "1", "idempotent": true)"));
    EXPECT_EQ(idempotent.code, LoadErrorCode::ConflictingKeys);
    EXPECT_EQ(idempotent.jsonPath, "$.services[0].produces[0].idempotent");
    const LoadError zeroConfirms =
        onlyError(clusterWith("", "", R"(, "acks": "0", "confirms": true)"));
    EXPECT_EQ(zeroConfirms.code, LoadErrorCode::ConflictingKeys);
    const LoadError transaction =
        onlyError(clusterWith("", "", R"(, "acks": "1", "transaction": true)"));
    EXPECT_EQ(transaction.jsonPath, "$.services[0].produces[0].acks");
    const LoadError noSuchBroker = onlyError(clusterWith(
        R"(, "brokers": 3)", "", "", R"({ "at": "1s", "broker_down": { "broker": 4 } })"));
    EXPECT_EQ(noSuchBroker.code, LoadErrorCode::UnknownReference);
    EXPECT_EQ(noSuchBroker.jsonPath, "$.timeline[0].broker_down.broker");
    const LoadError noLatency =
        onlyError(clusterWith(R"(, "brokers": 3)", "", "",
                              R"({ "at": "1s", "slow_broker": { "broker": 1, "for": "1s" } })"));
    EXPECT_EQ(noLatency.code, LoadErrorCode::MissingKey);
}

TEST(ScenarioLoader, ASeekNamesALogsGroupAndOneOfItsEndsAnOffsetOrATime) {
    const Scenario s = testkit::loadValid(
        clusterWith("", R"(, "partitions": 4)", "",
                    R"({ "at": "1s", "seek": { "group": "audit", "to": "earliest" } },
           { "at": "2s", "seek": { "group": "audit", "to": "latest", "partition": 3 } },
           { "at": "3s", "seek": { "group": "audit", "offset": 12 } },
           { "at": "4s", "seek": { "group": "audit", "time": "500ms" } })"));
    const auto seek = [&](std::size_t i) {
        return std::get<Seek>(s.timeline.at(i).action);
    };
    EXPECT_EQ(seek(0).group, "audit");
    EXPECT_EQ(seek(0).to, Seek::To::Earliest);
    EXPECT_FALSE(seek(0).partition);
    EXPECT_EQ(seek(1).to, Seek::To::Latest);
    EXPECT_EQ(seek(1).partition, 3u);
    EXPECT_EQ(seek(2).to, Seek::To::Offset);
    EXPECT_EQ(seek(2).offset, 12u);
    EXPECT_EQ(seek(3).to, Seek::To::Time);
    EXPECT_EQ(seek(3).time, SimTime::fromMillis(500));

    const auto seekError = [&](const std::string& body) {
        return onlyError(
            clusterWith("", R"(, "partitions": 4)", "", R"({ "at": "1s", "seek": )" + body + " }"));
    };
    const LoadError partition =
        seekError(R"({ "group": "audit", "to": "latest", "partition": 4 })");
    EXPECT_EQ(partition.code, LoadErrorCode::OutOfRange);
    EXPECT_EQ(partition.jsonPath, "$.timeline[0].seek.partition");
    const LoadError unknown = seekError(R"({ "group": "audi", "to": "latest" })");
    EXPECT_EQ(unknown.code, LoadErrorCode::UnknownReference);
    EXPECT_EQ(unknown.jsonPath, "$.timeline[0].seek.group");
    const LoadError nowhere = seekError(R"({ "group": "audit" })");
    EXPECT_EQ(nowhere.code, LoadErrorCode::MissingKey);
    const LoadError both = seekError(R"({ "group": "audit", "to": "latest", "offset": 3 })");
    EXPECT_EQ(both.code, LoadErrorCode::ConflictingKeys);
    EXPECT_EQ(both.jsonPath, "$.timeline[0].seek.offset");
    const LoadError end = seekError(R"({ "group": "audit", "to": "middle" })");
    EXPECT_EQ(end.code, LoadErrorCode::UnknownChoice);
    EXPECT_EQ(end.jsonPath, "$.timeline[0].seek.to");

    const LoadError amqp = onlyError(R"({ "name": "t", "duration": "10s",
  "broker": { "queues": [{ "name": "q" }] },
  "services": [{ "name": "a", "produces": [{ "event": "E", "exchange": "", "routing_key": "q",
    "rate": "1/s" }] }],
  "timeline": [{ "at": "1s", "seek": { "group": "q", "to": "earliest" } }] })");
    EXPECT_EQ(amqp.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(amqp.jsonPath, "$.timeline[0].seek.group");
}

TEST(ScenarioLoader, AnAmqpBrokerHasNoBrokersToStopOneByOne) {
    const LoadError amqp = onlyError(R"({ "name": "t", "duration": "10s",
  "broker": { "queues": [{ "name": "q" }] },
  "services": [{ "name": "a", "produces": [{ "event": "E", "exchange": "", "routing_key": "q",
    "rate": "1/s" }] }],
  "timeline": [{ "at": "1s", "broker_down": { "broker": 1 } }] })");
    EXPECT_EQ(amqp.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(amqp.jsonPath, "$.timeline[0].broker_down.broker");
}

} // namespace
} // namespace evsim
