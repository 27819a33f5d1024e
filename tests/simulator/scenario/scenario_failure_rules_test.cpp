// Errors and defaults of the parts of the scenario format that describe failures (the
// mapping of a valid file to the model is in scenario_failure_loader_test.cpp).
#include "simulator/scenario/scenario_loader.h"
#include "tests/simulator/scenario/load_text.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

using testkit::load;
using testkit::onlyError;

// A scenario with a queue "billing", an exchange "orders", a consuming service "billing" of
// three instances and a producing "api", plus `extra` at the top level.
std::string with(std::string_view extra) {
    return R"({ "name": "t", "duration": "1m",
      "broker": { "exchanges": [{ "name": "orders", "type": "direct" }],
                  "queues": [{ "name": "billing" }] },
      "services": [{ "name": "billing", "instances": 3, "consumes": [{ "queue": "billing" }] },
                   { "name": "api" }])" +
           std::string(extra) + "}";
}

std::string withQueueArguments(std::string_view arguments) {
    return R"({ "name": "t", "broker": { "queues": [{ "name": "q", "arguments": )" +
           std::string(arguments) + "}] } }";
}

TEST(FailureSyntaxRules, DefaultsAreRabbitMqs) {
    const auto r = load(with(""));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->broker.amqp.consumerTimeout, SimTime::fromSeconds(30 * 60));
    EXPECT_EQ(r.value->broker.amqp.heartbeat, SimTime::fromSeconds(60));
    EXPECT_EQ(r.value->metrics.interval, SimTime::fromSeconds(1));
    const ConsumerSpec& c = r.value->services[0].consumes[0];
    EXPECT_EQ(c.idempotent, std::nullopt);
    EXPECT_EQ(c.retry, std::nullopt);
    EXPECT_TRUE(r.value->alerts.empty());
}

TEST(FailureSyntaxRules, MessageTtlIsMillisecondsOrADuration) {
    const auto ttl = [](std::string_view v) {
        const auto r = load(withQueueArguments(R"({ "x-message-ttl": )" + std::string(v) + "}"));
        return r.ok() ? r.value->broker.amqp.queues[0].arguments.messageTtl : std::nullopt;
    };
    EXPECT_EQ(ttl("0"), SimTime::zero());
    EXPECT_EQ(ttl("1500"), SimTime::fromMillis(1500));
    EXPECT_EQ(ttl("\"1.5s\""), SimTime::fromMillis(1500));
    EXPECT_EQ(onlyError(withQueueArguments(R"({ "x-message-ttl": -1 })")).code,
              LoadErrorCode::OutOfRange);
    EXPECT_EQ(onlyError(withQueueArguments(R"({ "x-message-ttl": 1.5 })")).code,
              LoadErrorCode::WrongType);
    EXPECT_EQ(onlyError(withQueueArguments(R"({ "x-message-ttl": true })")).hint,
              "e.g. 60000 or \"1m\"");
    EXPECT_EQ(onlyError(withQueueArguments(R"({ "x-max-length": -5 })")).jsonPath,
              R"($.broker.queues[0].arguments["x-max-length"])");
}

TEST(FailureSyntaxRules, RejectPublishDlxWithoutADeadLetterExchangeIsAllowed) {
    const auto r = load(withQueueArguments(R"({ "x-overflow": "reject-publish-dlx" })"));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->broker.amqp.queues[0].arguments.deadLetterExchange, std::nullopt);
    EXPECT_EQ(onlyError(withQueueArguments(R"({ "x-overflow": "reject-publish-dlq" })")).hint,
              R"(did you mean "reject-publish-dlx"?)");
}

TEST(FailureSyntaxRules, AQueueArgumentsObjectIsAnObject) {
    const LoadError e = onlyError(withQueueArguments(R"([["x-max-length", 1]])"));
    EXPECT_EQ(e.code, LoadErrorCode::WrongType);
    EXPECT_EQ(e.jsonPath, "$.broker.queues[0].arguments");
}

TEST(FailureSyntaxRules, ConfirmsAndIdempotencyTakeTrueFalseOrAnObject) {
    const auto producer = [](std::string_view confirms) {
        return R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] }, "services": [{
            "name": "p", "produces": [{ "event": "E", "exchange": "", "routing_key": "q",
            "rate": "1/s", "confirms": )" +
               std::string(confirms) + "}] }] }";
    };
    const auto off = load(producer("false"));
    ASSERT_TRUE(off.ok()) << formatErrors(off.errors);
    EXPECT_EQ(off.value->services[0].produces[0].confirms, std::nullopt);
    EXPECT_EQ(onlyError(producer("3")).message,
              "\"confirms\" must be true, false or an object, got the number 3");
    EXPECT_EQ(onlyError(producer(R"({ "retries": 1001 })")).code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(onlyError(producer(R"({ "timout": "1s" })")).hint, R"(did you mean "timeout"?)");
    EXPECT_EQ(onlyError(producer(R"({ "backoff": { "initial": "2s", "max": "1s" } })")).message,
              R"("max" (1s) is less than "initial" (2s))");
}

TEST(FailureSyntaxRules, HeadersAreAnObjectOfAtMost64KiB) {
    const auto publish = [](std::string_view headers) {
        return with(R"(, "timeline": [{ "at": "1s", "publish": { "exchange": "orders",
            "event": "E", "headers": )" +
                    std::string(headers) + "} }]");
    };
    EXPECT_EQ(onlyError(publish("[1, 2]")).jsonPath, "$.timeline[0].publish.headers");
    const std::string big = R"({ "h": ")" + std::string(65536, 'x') + "\" }";
    const LoadError e = onlyError(publish(big));
    EXPECT_EQ(e.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(e.message, "\"headers\" is 65544 bytes of JSON; the limit is 65536");
}

TEST(FailureSyntaxRules, PoisonRulesAndAlertsHaveLimits) {
    std::string rules = "[";
    for (int i = 0; i <= 100; ++i) {
        rules += std::string(i ? "," : "") + R"({ "event": "E" })";
    }
    const std::string consumer = R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
        "services": [{ "name": "s", "consumes": [{ "queue": "q", "poison": )" +
                                 rules + "] }] }] }";
    const LoadError poison = onlyError(consumer);
    EXPECT_EQ(poison.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(poison.jsonPath, "$.services[0].consumes[0].poison");

    std::string alerts = "[";
    for (int i = 0; i <= 1000; ++i) {
        alerts += std::string(i ? "," : "") + R"({ "name": "a)" + std::to_string(i) +
                  R"(", "queue": "billing", "not_empty": true })";
    }
    // Past the limit the alerts are not all known, so an expectation on one is not "unknown".
    const LoadError e = onlyError(
        with(R"(, "alerts": )" + alerts + R"(], "expect": [{ "alert": "a1000", "fired": true }])"));
    EXPECT_EQ(e.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(e.jsonPath, "$.alerts");
}

TEST(FailureSyntaxRules, FaultsMayOutlastTheRun) {
    const auto r = load(with(R"(, "timeline": [
        { "at": "50s", "pause": { "service": "billing", "for": "1h" } },
        { "at": "1m", "crash": { "service": "billing", "restart_after": "1h" } }])"));
    EXPECT_TRUE(r.ok()) << formatErrors(r.errors);
}

TEST(FailureSyntaxRules, FaultTargetsAreCheckedOnlyAgainstServicesThatCouldBeRead) {
    // The second service is broken: its name may be the one meant, so it is not "unknown".
    const auto r = load(R"({ "name": "t", "services": [{ "name": "a" }, { "name": 3 }],
        "timeline": [{ "at": "1s", "crash": { "service": "b" } }] })");
    ASSERT_EQ(r.errors.size(), 1u) << formatErrors(r.errors);
    EXPECT_EQ(r.errors[0].jsonPath, "$.services[1].name");
    // A service whose "instances" is broken has no count to check an instance against.
    const auto broken = load(R"({ "name": "t", "services": [{ "name": "a", "instances": 0 }],
        "timeline": [{ "at": "1s", "crash": { "service": "a", "instance": 5 } }] })");
    ASSERT_EQ(broken.errors.size(), 1u) << formatErrors(broken.errors);
    EXPECT_EQ(broken.errors[0].jsonPath, "$.services[0].instances");
}

TEST(FailureSyntaxRules, AMessageFaultNamesItsMessageAndTakesOnlyItsActionsKeys) {
    const auto entry = [](std::string_view message) {
        return with(R"(, "timeline": [{ "at": "1s", "message": )" + std::string(message) + "}]");
    };
    const auto r = load(entry(R"({ "id": "msg-12", "action": "delay", "by": "2s" })"));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    const auto& delay = std::get<MessageFault>(r.value->timeline[0].action);
    EXPECT_EQ(delay.message, 12u);
    EXPECT_EQ(delay.kind, MessageFaultKind::Delay);
    EXPECT_EQ(delay.delay, SimTime::fromSeconds(2));
    for (const std::string_view id :
         {R"("12")", "12", R"("msg-0")", R"("msg-")", R"("msg-1x")", R"("msg-99999999999")"}) {
        const LoadError e =
            onlyError(entry(R"({ "action": "drop", "id": )" + std::string(id) + " }"));
        EXPECT_EQ(e.code, LoadErrorCode::WrongType) << id;
        EXPECT_EQ(e.jsonPath, "$.timeline[0].message.id") << id;
    }
    const LoadError misspelt = onlyError(entry(R"({ "id": "msg-1", "action": "dorp" })"));
    EXPECT_EQ(misspelt.code, LoadErrorCode::UnknownChoice);
    EXPECT_NE(misspelt.hint.find("drop"), std::string::npos) << misspelt.hint;
    const LoadError noDelay = onlyError(entry(R"({ "id": "msg-1", "action": "delay" })"));
    EXPECT_EQ(noDelay.code, LoadErrorCode::MissingKey);
    const LoadError stray = onlyError(entry(R"({ "id": "msg-1", "action": "drop", "by": "1s" })"));
    EXPECT_EQ(stray.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(stray.jsonPath, "$.timeline[0].message.by");
    const LoadError zero = onlyError(entry(R"({ "id": "msg-1", "action": "delay", "by": "0s" })"));
    EXPECT_EQ(zero.code, LoadErrorCode::OutOfRange);
}

TEST(FailureSyntaxRules, APoisonWithoutServiceNeedsSomeConsumer) {
    const LoadError e = onlyError(R"({ "name": "t", "services": [{ "name": "api" }],
        "timeline": [{ "at": "1s", "poison": { "event": "E" } }] })");
    EXPECT_EQ(e.code, LoadErrorCode::NoEffect);
    EXPECT_EQ(e.jsonPath, "$.timeline[0].poison");
}

TEST(FailureSyntaxRules, AnUnknownInterventionPointsAtTheUnnamedEntries) {
    const LoadError e = onlyError(with(R"(, "timeline": [
        { "at": "1s", "crash": { "service": "billing" } },
        { "at": "2s", "network": { "service": "api", "loss": 1 } }],
        "expect": [{ "intervention": "outage", "lost": 0 }])"));
    EXPECT_EQ(e.message, R"(unknown intervention "outage")");
    EXPECT_EQ(e.hint, "give the timeline entry a \"name\"; these have none: crash at 1s "
                      "($.timeline[0]), network at 2s ($.timeline[1])");
    const LoadError none =
        onlyError(with(R"(, "expect": [{ "intervention": "outage", "lost": 0 }])"));
    EXPECT_EQ(none.hint, "no timeline entry has a \"name\"; give the timeline entry a \"name\" to "
                         "refer to it");
}

TEST(FailureSyntaxRules, DeadLetteredIsARangeOrRangesByReason) {
    const auto expect = [](std::string_view v) {
        return with(R"(, "expect": [{ "queue": "billing", "dead_lettered": )" + std::string(v) +
                    "}]");
    };
    EXPECT_EQ(onlyError(expect(R"({ "rejectd": 1 })")).hint, R"(did you mean "rejected"?)");
    EXPECT_EQ(onlyError(expect("{}")).code, LoadErrorCode::BadExpectation);
    EXPECT_EQ(onlyError(expect(R"({ "min": 3, "max": 1 })")).code, LoadErrorCode::BadRange);
    const auto r = load(expect(R"({ "delivery_limit": { "min": 1 }, "expired": 2 })"));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    ASSERT_EQ(r.value->expectations.size(), 2u);
    EXPECT_EQ(r.value->expectations[0].reason, "expired");
    EXPECT_EQ(r.value->expectations[1].reason, "delivery_limit");
}

TEST(FailureSyntaxRules, DrainedWithinMaySitWithOtherQueueMetrics) {
    const auto r = load(with(R"(, "timeline": [{ "at": "1s", "name": "x", "purge":
        { "queue": "billing" } }], "expect": [{ "queue": "billing", "acked": 1,
        "drained_within": "10s", "after": "x", "max_depth": { "max": 3 } }])"));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    ASSERT_EQ(r.value->expectations.size(), 3u);
    EXPECT_EQ(r.value->expectations[2].kind, Expectation::Kind::DrainedWithin);
}

TEST(FailureSyntaxRules, ACancelNamesAQueueItsServiceConsumes) {
    const auto ok = load(with(R"(, "timeline": [{ "at": "1s", "cancel": { "service": "billing",
        "instance": 1, "queue": "billing", "for": "5s" } }, { "at": "2s", "cancel":
        { "service": "billing" } }])"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const auto* c = std::get_if<Cancel>(&ok.value->timeline[0].action);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->target.instance, 1u);
    EXPECT_EQ(c->queue, "billing");
    EXPECT_EQ(c->duration, SimTime::fromSeconds(5));
    EXPECT_FALSE(std::get<Cancel>(ok.value->timeline[1].action).duration) << "for good";

    const LoadError notConsumed = onlyError(R"({ "name": "t", "broker": { "queues": [
        { "name": "billing" }, { "name": "audit" }] }, "services": [{ "name": "billing",
        "consumes": [{ "queue": "billing" }] }], "timeline": [{ "at": "1s", "cancel":
        { "service": "billing", "queue": "audit" } }] })");
    EXPECT_EQ(notConsumed.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(notConsumed.jsonPath, "$.timeline[0].cancel.queue");
    EXPECT_NE(notConsumed.message.find("does not consume queue \"audit\""), std::string::npos)
        << notConsumed.message;

    const LoadError producerOnly =
        onlyError(with(R"(, "timeline": [{ "at": "1s", "cancel": { "service": "api" } }])"));
    EXPECT_EQ(producerOnly.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(producerOnly.jsonPath, "$.timeline[0].cancel.service");
}

TEST(FailureSyntaxRules, AConsumerMayStartLate) {
    const auto r = load(R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
      "services": [{ "name": "s", "consumes": [{ "queue": "q", "start_at": "30s" }] }] })");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->services[0].consumes[0].startAt, SimTime::fromSeconds(30));
    const LoadError bad = onlyError(R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
      "services": [{ "name": "s", "consumes": [{ "queue": "q", "start_at": 30 }] }] })");
    EXPECT_EQ(bad.jsonPath, "$.services[0].consumes[0].start_at");
}

TEST(FailureSyntaxRules, AckEveryBatchesManualAcksOnly) {
    const auto r = load(R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
      "services": [{ "name": "s", "consumes": [{ "queue": "q", "ack_every": 25 }] }] })");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->services[0].consumes[0].ackEvery, 25u);
    const LoadError autoAck = onlyError(R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
      "services": [{ "name": "s", "consumes": [{ "queue": "q", "ack": "auto", "ack_every": 5 }] }] })");
    EXPECT_EQ(autoAck.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(autoAck.jsonPath, "$.services[0].consumes[0].ack_every");
    const LoadError zero = onlyError(R"({ "name": "t", "broker": { "queues": [{ "name": "q" }] },
      "services": [{ "name": "s", "consumes": [{ "queue": "q", "ack_every": 0 }] }] })");
    EXPECT_EQ(zero.jsonPath, "$.services[0].consumes[0].ack_every");
}

TEST(FailureSyntaxRules, AProducerExpectationNamesAServiceThatProduces) {
    const auto r =
        load(R"({ "name": "t", "broker": { "exchanges": [{ "name": "x", "type": "fanout" }] },
      "services": [{ "name": "p", "produces": [{ "event": "E", "exchange": "x", "rate": "1/s" }] }],
      "expect": [{ "producer": "p", "returned": 0, "not_found": { "max": 3 }, "gave_up": 0 }] })");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    ASSERT_EQ(r.value->expectations.size(), 3u);
    EXPECT_EQ(r.value->expectations[1].kind, Expectation::Kind::ProducerCount);
    EXPECT_EQ(r.value->expectations[1].metric, "not_found");
    EXPECT_EQ(r.value->expectations[1].jsonPath, "$.expect[0].not_found");

    const LoadError consumerOnly =
        onlyError(with(R"(, "expect": [{ "producer": "billing", "returned": 0 }])"));
    EXPECT_EQ(consumerOnly.code, LoadErrorCode::BadExpectation);
    EXPECT_NE(consumerOnly.message.find("produces nothing"), std::string::npos);
    const auto wrongMetric = load(R"({ "name": "t", "broker": { "exchanges": [{ "name": "x",
      "type": "fanout" }] }, "services": [{ "name": "p", "produces": [{ "event": "E",
      "exchange": "x", "rate": "1/s" }] }], "expect": [{ "producer": "p", "processed": 1 }] })");
    ASSERT_FALSE(wrongMetric.ok());
    EXPECT_TRUE(
        std::any_of(wrongMetric.errors.begin(), wrongMetric.errors.end(),
                    [](const LoadError& e) { return e.jsonPath == "$.expect[0].processed"; }))
        << formatErrors(wrongMetric.errors);
}

TEST(FailureSyntaxRules, AnExchangeIsDeletedAndDeclaredByName) {
    const auto ok = load(with(R"(, "timeline": [
        { "at": "1s", "delete_exchange": { "exchange": "orders", "for": "5s" } },
        { "at": "2s", "delete_exchange": { "exchange": "orders" } },
        { "at": "3s", "declare_exchange": { "exchange": "orders" } }])"));
    ASSERT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const auto* d = std::get_if<DeleteExchange>(&ok.value->timeline[0].action);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->exchange, "orders");
    EXPECT_EQ(d->duration, SimTime::fromSeconds(5));
    EXPECT_FALSE(std::get<DeleteExchange>(ok.value->timeline[1].action).duration);
    EXPECT_EQ(std::get<DeclareExchange>(ok.value->timeline[2].action).exchange, "orders");
    EXPECT_EQ(effectEnd(ok.value->timeline[0]), SimTime::fromSeconds(6));

    const LoadError defaultExchange =
        onlyError(with(R"(, "timeline": [{ "at": "1s", "delete_exchange": { "exchange": "" } }])"));
    EXPECT_EQ(defaultExchange.code, LoadErrorCode::Inapplicable);
    EXPECT_EQ(defaultExchange.jsonPath, "$.timeline[0].delete_exchange.exchange");

    const LoadError unknown = onlyError(
        with(R"(, "timeline": [{ "at": "1s", "declare_exchange": { "exchange": "order" } }])"));
    EXPECT_EQ(unknown.code, LoadErrorCode::UnknownReference);
    EXPECT_NE(unknown.hint.find("orders"), std::string::npos) << unknown.hint;

    const LoadError stray = onlyError(with(
        R"(, "timeline": [{ "at": "1s", "declare_exchange": { "exchange": "orders", "for": "1s" } }])"));
    EXPECT_EQ(stray.jsonPath, "$.timeline[0].declare_exchange.for");
}

} // namespace
} // namespace evsim
