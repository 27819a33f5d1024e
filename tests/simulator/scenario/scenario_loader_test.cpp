#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"
#include "tests/simulator/scenario/load_text.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

#ifndef EVSIM_SOURCE_DIR
#define EVSIM_SOURCE_DIR "."
#endif

namespace evsim {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = EVSIM_SOURCE_DIR;

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

using testkit::load;
using testkit::onlyError;

// A minimal valid scenario with `extra` spliced into its top level.
std::string withTop(std::string_view extra) {
    return R"({ "name": "t", "broker": { "exchanges": [{ "name": "orders", "type": "direct" }],
      "queues": [{ "name": "billing" }] })" +
           std::string(extra) + "}";
}

// A valid scenario with one consumer whose fields are `fields`.
std::string withConsumer(std::string_view fields) {
    return withTop(R"(, "services": [{ "name": "b", "consumes": [{ "queue": "billing")" +
                   std::string(fields) + "}] }]");
}

constexpr std::string_view kFull = R"({
  "$schema": "../docs/scenario.schema.json",
  // A line comment, and /* a block one */ too.
  "name": "orders", "description": "d", "seed": 42, "duration": "30s",
  "broker": {
    "exchanges": [{ "name": "orders", "type": "direct" }, { "name": "invoices", "type": "fanout" }],
    "queues": [{ "name": "billing" }, { "name": "audit" }, { "name": "mail" }],
    "bindings": [{ "exchange": "orders", "queue": "billing", "key": "order.created" },
                 { "exchange": "invoices", "queue": "audit" }]
  },
  "services": [
    { "name": "api", "instances": 2, "produces": [
        { "event": "order.created", "version": 2, "exchange": "orders",
          "routing_key": "order.created", "rate": "200/s", "count": 1000, "start": "1s",
          "body": { "amount": 12.5 } },
        { "event": "mail.requested", "exchange": "", "routing_key": "mail",
          "gap": { "dist": "exponential", "mean": "20ms" } } ] },
    { "name": "billing", "instances": 3, "consumes": [
        { "queue": "billing", "prefetch": 10,
          "processing": { "dist": "lognormal", "median": "4ms", "p99": "40ms" },
          "ack": "auto", "failure_probability": 0.25, "on_failure": "reject",
          "emits": [{ "event": "invoice.issued", "exchange": "invoices" }] } ] },
    { "name": "auditor", "consumes": [
        { "queue": "audit", "processing": { "dist": "uniform", "min": "1ms", "max": "3ms" } },
        { "queue": "mail", "processing":
            { "dist": "empirical", "table": [[0.5, "1ms"], [1, "10ms"]] } } ] }
  ],
  "network": { "latency": { "dist": "normal", "mean": "500us", "stddev": "100us" },
               "links": [{ "from": "api", "to": "broker", "latency": "2ms" }] },
  "timeline": [{ "at": "10s", "publish": { "service": "ops", "exchange": "orders",
      "routing_key": "order.created", "event": "order.created", "version": 3,
      "body": { "poison": true } } }],
  "expect": [
    { "queue": "billing", "published": 2001, "acked": { "min": 1900 }, "max_depth": { "max": 500 },
      "latency": { "p99.9": { "max": "200ms" }, "p50": { "min": "1ms", "max": "20ms" } } },
    { "consumer": "billing", "processed": { "min": 1, "max": 5000 } },
    { "no_loss": true }
  ]
})";

TEST(ScenarioLoader, AFullScenarioMapsToTheRightValues) {
    const auto r = parseScenario(kFull, "full.json");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    const Scenario& s = *r.value;
    EXPECT_EQ(s.sourceFile, "full.json");
    EXPECT_EQ(s.name, "orders");
    EXPECT_EQ(s.description, "d");
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(s.duration, SimTime::fromSeconds(30));

    ASSERT_EQ(s.broker.amqp.exchanges.size(), 2u);
    EXPECT_EQ(s.broker.amqp.exchanges[1].name, "invoices");
    EXPECT_EQ(s.broker.amqp.exchanges[1].type, ExchangeType::Fanout);
    ASSERT_EQ(s.broker.amqp.queues.size(), 3u);
    ASSERT_EQ(s.broker.amqp.bindings.size(), 2u);
    EXPECT_EQ(s.broker.amqp.bindings[0].key, "order.created");
    EXPECT_EQ(s.broker.amqp.bindings[1].key, "");

    ASSERT_EQ(s.services.size(), 3u);
    const ServiceSpec& api = s.services[0];
    EXPECT_EQ(api.instances, 2u);
    ASSERT_EQ(api.produces.size(), 2u);
    const ProducerSpec& p = api.produces[0];
    EXPECT_EQ(p.eventType, "order.created");
    EXPECT_EQ(p.schemaVersion, 2);
    EXPECT_EQ(p.exchange, "orders");
    EXPECT_EQ(p.routingKey, "order.created");
    EXPECT_EQ(p.gap, Distribution::constant(SimTime::fromMillis(5)));
    EXPECT_EQ(p.count, 1000u);
    EXPECT_EQ(p.start, SimTime::fromSeconds(1));
    EXPECT_EQ(p.body, R"({"amount":12.5})");
    EXPECT_EQ(api.produces[1].gap, Distribution::exponential(SimTime::fromMillis(20)));
    EXPECT_EQ(api.produces[1].count, std::nullopt);
    EXPECT_EQ(api.produces[1].body, "{}");

    const ConsumerSpec& c = s.services[1].consumes.at(0);
    EXPECT_EQ(c.queue, "billing");
    EXPECT_EQ(c.prefetch, 10u);
    EXPECT_EQ(c.processing,
              Distribution::logNormal(SimTime::fromMillis(4), SimTime::fromMillis(40)));
    EXPECT_EQ(c.ack, AckMode::Auto);
    EXPECT_DOUBLE_EQ(c.failureProbability, 0.25);
    EXPECT_EQ(c.onFailure, FailureAction::Reject);
    ASSERT_EQ(c.emits.size(), 1u);
    EXPECT_EQ(c.emits[0].eventType, "invoice.issued");
    EXPECT_EQ(c.emits[0].schemaVersion, 1);
    const auto& auditor = s.services[2].consumes;
    EXPECT_EQ(auditor.at(0).processing,
              Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(3)));
    EXPECT_EQ(auditor.at(1).processing, Distribution::empirical({{0.5, SimTime::fromMillis(1)},
                                                                 {1, SimTime::fromMillis(10)}}));

    EXPECT_EQ(s.network.latency,
              Distribution::normal(SimTime::fromMicros(500), SimTime::fromMicros(100)));
    ASSERT_EQ(s.network.links.size(), 1u);
    EXPECT_EQ(s.network.links[0].from, "api");
    EXPECT_EQ(s.network.links[0].latency, Distribution::constant(SimTime::fromMillis(2)));

    ASSERT_EQ(s.timeline.size(), 1u);
    EXPECT_EQ(s.timeline[0].at, SimTime::fromSeconds(10));
    const auto& m = std::get<PublishMessage>(s.timeline[0].action);
    EXPECT_EQ(m.service, "ops");
    EXPECT_EQ(m.routingKey, "order.created");
    EXPECT_EQ(m.schemaVersion, 3);
    EXPECT_EQ(m.body, R"({"poison":true})");
}

TEST(ScenarioLoader, EachMetricBecomesOneExpectationWithItsPath) {
    const auto r = parseScenario(kFull, "full.json");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    const auto& e = r.value->expectations;
    ASSERT_EQ(e.size(), 7u);
    EXPECT_EQ(e[0].kind, Expectation::Kind::QueueCount);
    EXPECT_EQ(e[0].metric, "published");
    EXPECT_EQ(e[0].range.min, 2001);
    EXPECT_EQ(e[0].range.max, 2001);
    EXPECT_EQ(e[0].jsonPath, "$.expect[0].published");
    EXPECT_EQ(e[1].metric, "acked");
    EXPECT_EQ(e[1].range.max, std::nullopt);
    EXPECT_EQ(e[2].kind, Expectation::Kind::MaxDepth);
    // Percentiles come in ascending order, whatever the order in the file.
    EXPECT_EQ(e[3].kind, Expectation::Kind::Latency);
    EXPECT_EQ(e[3].percentile, 50);
    EXPECT_EQ(e[3].range.min, SimTime::fromMillis(1).nanos());
    EXPECT_EQ(e[3].jsonPath, "$.expect[0].latency.p50");
    EXPECT_EQ(e[4].percentile, 99.9);
    EXPECT_EQ(e[4].jsonPath, R"($.expect[0].latency["p99.9"])");
    EXPECT_EQ(e[5].kind, Expectation::Kind::ConsumerCount);
    EXPECT_EQ(e[5].subject, "billing");
    EXPECT_EQ(e[5].metric, "processed");
    EXPECT_EQ(e[6].kind, Expectation::Kind::NoLoss);
    EXPECT_EQ(e[6].jsonPath, "$.expect[2].no_loss");
}

TEST(ScenarioLoader, DefaultsApplyWhenOptionalKeysAreLeftOut) {
    const auto r = load(withConsumer("") + "\n// trailing comment\n");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->seed, 1u);
    EXPECT_EQ(r.value->duration, SimTime::fromSeconds(10));
    EXPECT_EQ(r.value->network.latency, Distribution::constant(SimTime::zero()));
    const ServiceSpec& s = r.value->services.at(0);
    EXPECT_EQ(s.instances, 1u);
    const ConsumerSpec& c = s.consumes.at(0);
    EXPECT_EQ(c.prefetch, 0u);
    EXPECT_EQ(c.processing, Distribution::constant(SimTime::zero()));
    EXPECT_EQ(c.ack, AckMode::Manual);
    EXPECT_EQ(c.failureProbability, 0);
    EXPECT_EQ(c.onFailure, FailureAction::Requeue);
}

TEST(ScenarioLoader, UnknownKeyIsAnErrorWithAHint) {
    const LoadError e = onlyError(withConsumer(R"(, "prefech": 3)"));
    EXPECT_EQ(e.message, R"(unknown key "prefech")");
    EXPECT_EQ(e.jsonPath, "$.services[0].consumes[0].prefech");
    EXPECT_EQ(e.hint, R"(did you mean "prefetch"?)");
}

TEST(ScenarioLoader, AnUnknownKeyFarFromAnyNameListsTheAllowedKeys) {
    const LoadError e = onlyError(R"({ "name": "t", "broker": { "topics": [] } })");
    EXPECT_EQ(
        e.hint,
        R"(allowed keys here: "kind", "exchanges", "queues", "bindings", "consumer_timeout" or "heartbeat")");
}

TEST(ScenarioLoader, TopicAndHeadersExchangesLoadWithTheirBindings) {
    const LoadResult<Scenario> loaded = parseScenario(
        R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "events", "type": "topic" }, { "name": "h", "type": "headers" }],
             "queues": [{ "name": "q" }],
             "bindings": [{ "exchange": "events", "queue": "q", "key": "order.#" },
                          { "exchange": "h", "queue": "q",
                            "arguments": { "x-match": "any", "region": "eu", "tier": 2 } }] } })",
        "t.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    const AmqpSpec& broker = loaded.value->broker.amqp;
    EXPECT_EQ(broker.exchanges[0].type, ExchangeType::Topic);
    EXPECT_EQ(broker.exchanges[1].type, ExchangeType::Headers);
    EXPECT_EQ(broker.bindings[0].arguments, "");
    EXPECT_EQ(broker.bindings[1].arguments, R"({"region":"eu","tier":2,"x-match":"any"})");
}

TEST(ScenarioLoader, AHeadersBindingsXMatchMustBeOneRabbitMqKnows) {
    const auto bound = [](const std::string& arguments) {
        return onlyError(R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "h", "type": "headers" }], "queues": [{ "name": "q" }],
             "bindings": [{ "exchange": "h", "queue": "q", "arguments": )" +
                         arguments + " }] } }");
    };
    const LoadError some = bound(R"({ "x-match": "some" })");
    EXPECT_EQ(some.code, LoadErrorCode::UnknownChoice);
    EXPECT_EQ(some.jsonPath, "$.broker.bindings[0].arguments[\"x-match\"]");
    EXPECT_NE(some.hint.find("any-with-x"), std::string::npos) << some.hint;
    const LoadError number = bound(R"({ "x-match": 1 })");
    EXPECT_EQ(number.code, LoadErrorCode::WrongType);
    const LoadError list = bound(R"([ "region" ])");
    EXPECT_EQ(list.code, LoadErrorCode::WrongType);
    EXPECT_EQ(list.jsonPath, "$.broker.bindings[0].arguments");
}

TEST(ScenarioLoader, BindingsLeadToAQueueOrAnExchangeAndExchangesNameTheirAlternate) {
    const LoadResult<Scenario> loaded = parseScenario(
        R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "a", "type": "direct",
                             "arguments": { "alternate-exchange": "b" } },
                           { "name": "b", "type": "fanout" }],
             "queues": [{ "name": "q" }],
             "bindings": [{ "exchange": "a", "to_exchange": "b", "key": "k" },
                          { "exchange": "b", "queue": "q" }] } })",
        "t.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    const AmqpSpec& broker = loaded.value->broker.amqp;
    EXPECT_EQ(broker.exchanges[0].alternateExchange, "b");
    EXPECT_EQ(broker.exchanges[1].alternateExchange, std::nullopt);
    EXPECT_EQ(broker.bindings[0].toExchange, "b");
    EXPECT_EQ(broker.bindings[0].queue, "");
    EXPECT_EQ(broker.bindings[1].queue, "q");

    const LoadError both = onlyError(R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "a", "type": "direct" }], "queues": [{ "name": "q" }],
             "bindings": [{ "exchange": "a", "queue": "q", "to_exchange": "a" }] } })");
    EXPECT_EQ(both.code, LoadErrorCode::ConflictingKeys);
    EXPECT_EQ(both.jsonPath, "$.broker.bindings[0].to_exchange");
    const LoadError neither = onlyError(R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "a", "type": "direct" }],
             "bindings": [{ "exchange": "a", "key": "k" }] } })");
    EXPECT_EQ(neither.code, LoadErrorCode::MissingKey);
    const LoadError unknown = onlyError(R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "a", "type": "direct",
                             "arguments": { "alternate-exchange": "nowhere" } }] } })");
    EXPECT_EQ(unknown.code, LoadErrorCode::UnknownReference);
    EXPECT_EQ(unknown.jsonPath, "$.broker.exchanges[0].arguments[\"alternate-exchange\"]");
    const LoadError argument = onlyError(R"({ "name": "t", "broker": {
             "exchanges": [{ "name": "a", "type": "direct", "arguments": { "x-delayed": 1 } }] } })");
    EXPECT_EQ(argument.code, LoadErrorCode::UnknownKey);
}

TEST(ScenarioLoader, ErrorsPointAtTheLineAndColumnOfTheValue) {
    const LoadError e = onlyError("{\n  \"name\": \"t\",\n  \"seed\": -3\n}");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 11);
    EXPECT_EQ(e.format(),
              "test.json:3:11: error[E012]: \"seed\" cannot be negative, got -3 (at $.seed)");
}

TEST(ScenarioLoader, UnknownKeysPointAtTheKey) {
    const LoadError e = onlyError("{ \"name\": \"t\",\n    \"sed\": 3 }");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 5);
    EXPECT_EQ(e.hint, R"(did you mean "seed"?)");
}

TEST(ScenarioLoader, ColumnsCountCharactersNotBytes) {
    const LoadError e = onlyError("{ \"description\": \"déjà\", \"seed\": true, \"name\": \"t\" }");
    EXPECT_EQ(e.column, 34); // 36 if bytes were counted
    EXPECT_EQ(e.message, "\"seed\" must be an integer, got true");
}

TEST(ScenarioLoader, EveryIndependentErrorIsReportedInFileOrder) {
    const auto r = load(R"({ "seed": -1,
      "duration": "5",
      "services": [{ "name": "a", "instances": 0 }] })");
    ASSERT_EQ(r.errors.size(), 4u) << formatErrors(r.errors);
    EXPECT_EQ(r.errors[0].message, R"(missing required key "name")");
    EXPECT_EQ(r.errors[1].jsonPath, "$.seed");
    EXPECT_EQ(r.errors[2].jsonPath, "$.duration");
    EXPECT_EQ(r.errors[3].jsonPath, "$.services[0].instances");
    EXPECT_LT(r.errors[1].line, r.errors[3].line);
}

TEST(ScenarioLoader, SyntaxErrorsHaveALineAndColumnButNoPath) {
    const LoadError e = onlyError("{\n  \"name\": \"t\",\n  \"seed\": 1,\n}");
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.column, 1);
    EXPECT_EQ(e.jsonPath, "");
    EXPECT_EQ(e.hint, "remove the trailing comma; JSON does not allow one");
}

TEST(ScenarioLoader, TrailingTextAfterTheObjectIsASyntaxError) {
    const LoadError e = onlyError("{ \"name\": \"t\" } x");
    EXPECT_EQ(e.column, 17);
    EXPECT_NE(e.message.find("expected end of input"), std::string::npos);
}

TEST(ScenarioLoader, AnEmptyFileIsAnError) {
    EXPECT_EQ(onlyError("").message, "the file is empty");
    EXPECT_EQ(onlyError("  // nothing\n").message, "the file is empty");
}

TEST(ScenarioLoader, TheTopLevelMustBeAnObject) {
    EXPECT_EQ(onlyError("[]").message, "the top level must be an object, got an array");
    EXPECT_EQ(onlyError("42").message, "the top level must be an object, got the number 42");
}

TEST(ScenarioLoader, DeepNestingIsACleanErrorNotACrash) {
    const std::string deep = R"({ "name": "t", "timeline": )" + std::string(200000, '[');
    const LoadError e = onlyError(deep);
    EXPECT_EQ(e.message, "nesting is deeper than 64 levels");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 28 + 63);
}

TEST(ScenarioLoader, ANulByteIsAnErrorRatherThanTheEndOfTheFile) {
    constexpr char kText[] = "{ \"name\": \"t\" // \0\n, \"seed\": -1 }";
    const LoadError e = onlyError(std::string_view(kText, sizeof kText - 1));
    EXPECT_EQ(e.message, "the file contains a NUL byte");
    EXPECT_EQ(e.column, 18);
}

TEST(ScenarioLoader, AByteOrderMarkIsAcceptedAndTakesNoColumn) {
    const LoadError e = onlyError("\xEF\xBB\xBF{ \"seed\": \"x\", \"name\": \"t\" }");
    EXPECT_EQ(e.column, 11);
}

TEST(ScenarioLoader, DanglingReferencesSuggestTheNearestName) {
    const LoadError queue = onlyError(
        withTop(R"(, "services": [{ "name": "b", "consumes": [{ "queue": "biling" }] }])"));
    EXPECT_EQ(queue.message, R"(unknown queue "biling")");
    EXPECT_EQ(queue.hint, R"(did you mean "billing"?)");
    const LoadError link = onlyError(withTop(R"(, "services": [{ "name": "api" }],
        "network": { "links": [{ "from": "apu", "to": "broker", "latency": "1ms" }] })"));
    EXPECT_EQ(link.message, R"(unknown service "apu")");
    EXPECT_EQ(link.hint, R"(did you mean "api"?)");
    const LoadError far =
        onlyError(withTop(R"(, "expect": [{ "queue": "shipping", "acked": 1 }])"));
    EXPECT_EQ(far.hint, R"(declared queues: "billing")");
}

TEST(ScenarioLoader, TheDefaultExchangeRoutesToTheQueueNamedByTheRoutingKey) {
    const std::string producer = R"(, "services": [{ "name": "api", "produces": [{ "event": "e",
        "exchange": "", "routing_key": "KEY", "rate": "1/s" }] }])";
    const auto ok =
        load(withTop(std::string(producer).replace(producer.find("KEY"), 3, "billing")));
    EXPECT_TRUE(ok.ok()) << formatErrors(ok.errors);
    const LoadError e =
        onlyError(withTop(std::string(producer).replace(producer.find("KEY"), 3, "bill")));
    EXPECT_EQ(e.jsonPath, "$.services[0].produces[0].routing_key");
}

TEST(ScenarioLoader, DurationsNeedAUnit) {
    const LoadError number = onlyError(withConsumer(R"(, "processing": 5)"));
    EXPECT_EQ(number.message, "\"processing\" has no unit: 5");
    EXPECT_EQ(number.hint, "write \"5ms\" — durations need a unit: ns, us, ms, s, m, h");
    EXPECT_EQ(onlyError(withConsumer(R"(, "processing": "-2ms")")).message,
              "\"processing\" cannot be negative, got \"-2ms\"");
    EXPECT_TRUE(load(withConsumer(R"(, "processing": 0)")).ok());
    EXPECT_EQ(onlyError(withConsumer(R"(, "processing": "5 ms")")).hint,
              "did you mean \"5ms\"? durations have no spaces");
}

TEST(ScenarioLoader, IntegersRejectNegativeFractionalAndHugeValues) {
    EXPECT_EQ(onlyError(withConsumer(R"(, "prefetch": -1)")).message,
              "\"prefetch\" cannot be negative, got -1");
    EXPECT_EQ(onlyError(withConsumer(R"(, "prefetch": 1.5)")).message,
              "\"prefetch\" must be an integer, got the number 1.5");
    EXPECT_EQ(
        onlyError(withTop(R"(, "services": [{ "name": "s", "instances": 4294967296 }])")).message,
        "\"instances\" is 4294967296; the limit is 100000");
    EXPECT_TRUE(load(withConsumer(R"(, "prefetch": 2.0)")).ok());
    EXPECT_EQ(onlyError(withTop(R"(, "seed": 1e300)")).jsonPath, "$.seed");
}

TEST(ScenarioLoader, AProducerHasExactlyOneOfRateAndGap) {
    const auto producer = [](std::string_view timing) {
        return withTop(R"(, "services": [{ "name": "api", "produces": [{ "event": "e",
            "exchange": "orders")" +
                       std::string(timing) + "}] }]");
    };
    EXPECT_EQ(onlyError(producer("")).message, R"(missing "rate" or "gap")");
    EXPECT_EQ(onlyError(producer(R"(, "rate": "1/s", "gap": "1s")")).jsonPath,
              "$.services[0].produces[0].gap");
    EXPECT_EQ(onlyError(producer(R"(, "rate": "fast")")).message,
              "\"rate\" is not a rate: \"fast\"");
    EXPECT_EQ(onlyError(producer(R"(, "gap": "0")")).jsonPath, "$.services[0].produces[0].gap");
    EXPECT_TRUE(load(producer(R"(, "gap": "0", "count": 5)")).ok());
}

TEST(ScenarioLoader, DistributionsAreChecked) {
    const auto processing = [](std::string_view d) {
        return onlyError(withConsumer(", \"processing\": " + std::string(d)));
    };
    EXPECT_EQ(processing(R"({ "dist": "normall", "mean": "1ms", "stddev": "1ms" })").hint,
              R"(did you mean "normal"?)");
    EXPECT_EQ(processing(R"({ "dist": "uniform", "min": "2ms", "max": "1ms" })").message,
              R"("max" (1ms) is less than "min" (2ms))");
    EXPECT_EQ(processing(R"({ "dist": "exponential", "mean": "0" })").message,
              "the exponential mean must be greater than 0");
    EXPECT_EQ(processing(R"({ "dist": "empirical", "table": [[0.5, "1ms"]] })").message,
              "the last probability must be 1, got 0.5");
    EXPECT_EQ(
        processing(R"({ "dist": "empirical", "table": [[0.5, "2ms"], [1, "1ms"]] })").jsonPath,
        "$.services[0].consumes[0].processing.table[1][1]");
}

TEST(ScenarioLoader, ExpectationsNeedExactlyOneExistingSubject) {
    EXPECT_EQ(onlyError(withTop(R"(, "expect": [{ "acked": 1 }])")).jsonPath, "$.expect[0]");
    EXPECT_EQ(
        onlyError(withTop(R"(, "expect": [{ "queue": "billing", "no_loss": true, "acked": 1 }])"))
            .jsonPath,
        "$.expect[0].no_loss");
    EXPECT_EQ(
        onlyError(
            withTop(R"(, "expect": [{ "queue": "billing", "acked": { "min": 3, "max": 1 } }])"))
            .message,
        R"("max" (1) is less than "min" (3))");
}

TEST(ScenarioLoader, AccountedIsAWholeRunExpectationLikeNoLoss) {
    const auto r = load(withTop(R"(, "expect": [{ "no_loss": true }, { "accounted": true }])"));
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    const auto& e = r.value->expectations;
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].kind, Expectation::Kind::NoLoss);
    EXPECT_EQ(e[1].kind, Expectation::Kind::Accounted);
    EXPECT_EQ(e[1].metric, "accounted");
    EXPECT_EQ(e[1].jsonPath, "$.expect[1].accounted");

    EXPECT_EQ(onlyError(withTop(R"(, "expect": [{ "accounted": false }])")).message,
              R"("accounted" must be true)");
    EXPECT_EQ(onlyError(withTop(R"(, "expect": [{ "accounted": 1 }])")).code,
              LoadErrorCode::WrongType);
    const LoadError metric =
        onlyError(withTop(R"(, "expect": [{ "accounted": true, "acked": 1 }])"));
    EXPECT_EQ(metric.jsonPath, "$.expect[0].acked");
    EXPECT_EQ(
        metric.hint,
        R"("accounted" stands alone; put "acked" in an expectation on a queue or a consumer)");
    EXPECT_EQ(
        onlyError(withTop(R"(, "expect": [{ "no_loss": true, "accounted": true }])")).jsonPath,
        "$.expect[0].accounted");
}

TEST(ScenarioLoader, TimelineEntriesMustFallWithinTheRun) {
    const LoadError e = onlyError(withTop(R"(, "duration": "1s", "timeline": [{ "at": "2s",
        "publish": { "exchange": "orders", "event": "e" } }])"));
    EXPECT_EQ(e.message, R"("at" (2s) is after the end of the run ("duration" is 1s))");
}

// The first error of `code` that `text` gives; fails the test when there is none.
LoadError firstWithCode(std::string_view text, LoadErrorCode code) {
    const auto r = load(text);
    const auto it = std::find_if(r.errors.begin(), r.errors.end(),
                                 [code](const LoadError& e) { return e.code == code; });
    EXPECT_NE(it, r.errors.end()) << formatErrors(r.errors);
    return it == r.errors.end() ? LoadError{} : *it;
}

// `count` copies of `element`, as a JSON array.
std::string arrayOf(std::size_t count, std::string_view element) {
    std::string out = "[";
    for (std::size_t i = 0; i < count; ++i) {
        out += (i ? "," : "") + std::string(element);
    }
    return out + "]";
}

TEST(ScenarioLoader, ValuesPastTheirLimitSayTheLimitAndWhy) {
    const LoadError prefetch = onlyError(withConsumer(R"(, "prefetch": 65536)"));
    EXPECT_EQ(prefetch.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(prefetch.message, "\"prefetch\" is 65536; the limit is 65535");
    EXPECT_EQ(prefetch.hint, "AMQP's prefetch-count is a 16-bit field; 0 means unlimited");
    EXPECT_TRUE(load(withConsumer(R"(, "prefetch": 65535)")).ok());

    const auto producer = [](std::string_view fields) {
        return withTop(R"(, "services": [{ "name": "p", "produces": [{ "event": "E",
            "exchange": "orders")" +
                       std::string(fields) + "}] }]");
    };
    EXPECT_EQ(onlyError(producer(R"(, "rate": "1/s", "count": 4294967296)")).message,
              "\"count\" is 4294967296; the limit is 4294967295");
    EXPECT_TRUE(load(producer(R"(, "rate": "1/s", "count": 4294967295)")).ok());
    const LoadError rate = onlyError(producer(R"(, "rate": "1000000001/s")"));
    EXPECT_EQ(rate.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(rate.message,
              "\"rate\" is \"1000000001/s\", faster than the limit of 1000000000/s (one per "
              "nanosecond)");
    EXPECT_TRUE(load(producer(R"(, "rate": "1/ns")")).ok());

    const std::string big = "\"" + std::string(1 << 20, 'x') + "\"";
    const LoadError body = onlyError(producer(R"(, "rate": "1/s", "body": )" + big));
    EXPECT_EQ(body.code, LoadErrorCode::LimitExceeded);
    EXPECT_EQ(body.jsonPath, "$.services[0].produces[0].body");
    EXPECT_EQ(body.message, "\"body\" is 1048578 bytes of JSON; the limit is 1048576");
    const std::string largest = "\"" + std::string((1 << 20) - 2, 'x') + "\"";
    EXPECT_TRUE(load(producer(R"(, "rate": "1/s", "body": )" + largest)).ok());
    EXPECT_EQ(onlyError(withTop(R"(, "timeline": [{ "at": "1s", "publish": { "exchange":
        "orders", "event": "e", "body": )" +
                                big + "} }]"))
                  .jsonPath,
              "$.timeline[0].publish.body");
}

TEST(ScenarioLoader, TheInstancesOfAllServicesTogetherHaveALimit) {
    std::string services;
    for (int i = 0; i < 12; ++i) {
        services += std::string(i ? "," : "") + R"({ "name": "s)" + std::to_string(i) +
                    R"(", "instances": 100000 })";
    }
    const LoadError e = onlyError(withTop(R"(, "services": [)" + services + "]"));
    EXPECT_EQ(e.jsonPath, "$.services[10].instances");
    EXPECT_EQ(e.message,
              "the services' instances add up to 1100000 with this one; the limit is 1000000 in "
              "all");
}

TEST(ScenarioLoader, ArraysPastTheirLimitSayTheLimitAndAreReadOnlyUpToIt) {
    struct Case {
        std::string text;
        std::string path;
        std::size_t limit;
    };
    const std::vector<Case> cases{
        {R"({ "name": "t", "services": )" + arrayOf(100001, "0") + "}", "$.services", 100000},
        {R"({ "name": "t", "broker": { "exchanges": )" + arrayOf(100001, "0") + "} }",
         "$.broker.exchanges", 100000},
        {R"({ "name": "t", "broker": { "queues": )" + arrayOf(100001, "0") + "} }",
         "$.broker.queues", 100000},
        {R"({ "name": "t", "broker": { "bindings": )" + arrayOf(1000001, "0") + "} }",
         "$.broker.bindings", 1000000},
        {R"({ "name": "t", "timeline": )" + arrayOf(100001, "0") + "}", "$.timeline", 100000},
        {R"({ "name": "t", "expect": )" + arrayOf(10001, "0") + "}", "$.expect", 10000},
        {R"({ "name": "t", "services": [{ "name": "s", "produces": )" + arrayOf(1001, "0") + "}] }",
         "$.services[0].produces", 1000},
        {R"({ "name": "t", "services": [{ "name": "s", "consumes": )" + arrayOf(1001, "0") + "}] }",
         "$.services[0].consumes", 1000},
        {withConsumer(R"(, "emits": )" + arrayOf(101, "0")), "$.services[0].consumes[0].emits",
         100},
        {withConsumer(R"(, "processing": { "dist": "empirical", "table": )" +
                      arrayOf(10001, R"([1, "1ms"])") + "}"),
         "$.services[0].consumes[0].processing.table", 10000},
    };
    for (const Case& c : cases) {
        const LoadError e = firstWithCode(c.text, LoadErrorCode::LimitExceeded);
        EXPECT_EQ(e.jsonPath, c.path);
        EXPECT_NE(e.message.find("entries; the limit is " + std::to_string(c.limit)),
                  std::string::npos)
            << e.message;
        EXPECT_FALSE(e.hint.empty());
    }
}

TEST(ScenarioLoader, ReferencesPastALimitAreNotReportedAsUnknown) {
    // Only the first 100000 queues are read; the queue after them is not "unknown".
    std::string queues = "[";
    for (int i = 0; i <= 100000; ++i) {
        queues += std::string(i ? "," : "") + R"({"name":"q)" + std::to_string(i) + R"("})";
    }
    const auto r =
        load(R"({ "name": "t", "broker": { "queues": )" + queues +
             R"(] }, "services": [{ "name": "s", "consumes": [{ "queue": "q100000" }] }] })");
    ASSERT_EQ(r.errors.size(), 1u) << formatErrors(r.errors);
    EXPECT_EQ(r.errors[0].code, LoadErrorCode::LimitExceeded);
}

TEST(ScenarioLoader, AFileThatCannotBeReadIsAnErrorAtLineZero) {
    const auto r = loadScenarioFile("/nonexistent/scenario.json");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].line, 0);
    EXPECT_EQ(
        r.errors[0].format(),
        "/nonexistent/scenario.json: error[E001]: cannot read the file: No such file or directory");
    EXPECT_EQ(loadScenarioFile(kSource.string()).errors.at(0).line, 0); // a directory
}

TEST(ScenarioLoader, TextOverSixteenMebibytesIsRefusedUnread) {
    const auto r = load(std::string((16u << 20) + 1, ' '));
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].line, 0);
    EXPECT_EQ(r.errors[0].message, "the file is larger than 16 MiB, which no scenario needs");
}

TEST(ScenarioLoader, ManyErrorsAreCappedAtAHundred) {
    std::string text = R"({ "name": "t")";
    for (int i = 0; i < 500; ++i) {
        text += ", \"k" + std::to_string(i) + "\": 0";
    }
    const auto r = load(text + "}");
    ASSERT_EQ(r.errors.size(), 101u);
    EXPECT_EQ(r.errors.back().message, "too many errors; stopped after 100");
}

TEST(ScenarioLoader, MangledInputNeverCrashes) {
    // Deterministic mutations of a valid file: truncations, byte flips and splices. Under the
    // sanitize preset this finds what the fuzzer finds, only slower and without the fuzzer.
    const std::string base(kFull);
    std::uint64_t state = 12345;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    const char bytes[] = "{}[],:\"\\/*-0123456789.eE \n\x80\xff";
    for (int i = 0; i < 3000; ++i) {
        std::string text = base.substr(0, next() % (base.size() + 1));
        if (i % 2 == 0) {
            text = base;
            for (int k = 0; k < 1 + i % 5; ++k) {
                text[next() % text.size()] = bytes[next() % (sizeof bytes - 1)];
            }
        }
        const auto r = parseScenario(text, "mangled.json");
        EXPECT_NE(r.ok(), !r.errors.empty());
    }
}

TEST(ScenarioLoader, MessagesAreSafeToPrintWhateverTheFileHolds) {
    // Names, keys and broken text full of what a terminal would act on: every line of the
    // output must come out of printable() unchanged.
    const std::string base(kFull);
    std::uint64_t state = 99;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    const std::string pieces[] = {"\x1b[31m", "\\u001b[2J", "\u202e", "\\u202E", "\x7f",
                                  "\xc2\x85", "\\u0007",    "\xff",   "\t",      "\""};
    for (int i = 0; i < 500; ++i) {
        std::string text = base;
        for (int k = 0; k < 1 + i % 4; ++k) {
            const std::string& piece = pieces[next() % std::size(pieces)];
            text.insert(next() % text.size(), piece);
        }
        const auto r = parseScenario(text, i % 7 == 0 ? "dir\x1b[0m/\u202efile.json" : "f.json");
        std::istringstream lines(formatErrors(r.errors));
        for (std::string line; std::getline(lines, line);) {
            EXPECT_EQ(printable(line), line);
        }
    }
}

TEST(MalformedFixtures, EachFileGivesItsExpectedErrors) {
    // EVSIM_UPDATE_EXPECTED=1 rewrites the .expected files after an intended wording change.
    const bool update = std::getenv("EVSIM_UPDATE_EXPECTED") != nullptr;
    const fs::path dir = kSource / "fixtures" / "malformed";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    EXPECT_GE(files.size(), 28u);
    for (const fs::path& file : files) {
        const std::string name = "fixtures/malformed/" + file.filename().string();
        const auto result = parseScenario(readText(file), name);
        const std::string actual = formatErrors(result.errors);
        fs::path expected = file;
        expected.replace_extension(".expected");
        if (update) {
            std::ofstream(expected, std::ios::binary) << actual;
        }
        EXPECT_FALSE(result.ok()) << name << " loads, but should not";
        EXPECT_EQ(actual, readText(expected)) << name;
    }
}

TEST(ScenarioFormatDoc, TheCompleteExampleLoads) {
    const std::string doc = readText(kSource / "docs" / "scenario-format.md");
    const std::size_t start = doc.find("```jsonc\n");
    ASSERT_NE(start, std::string::npos);
    const std::size_t end = doc.find("```", start + 9);
    const auto r = parseScenario(doc.substr(start + 9, end - start - 9), "example.json");
    ASSERT_TRUE(r.ok()) << formatErrors(r.errors);
    EXPECT_EQ(r.value->services.size(), 3u);
}

TEST(BundledScenarios, EveryFileUnderScenariosLoadsWithoutErrors) {
    const fs::path dir = kSource / "scenarios";
    if (!fs::exists(dir)) {
        GTEST_SKIP() << "no scenarios/ folder";
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() == ".json") {
            const auto r = loadScenarioFile(entry.path().string());
            EXPECT_TRUE(r.ok()) << formatErrors(r.errors);
        }
    }
}

} // namespace
} // namespace evsim

namespace evsim {
namespace {

std::string withProducer(std::string_view fields) {
    return withTop(
        R"(, "services": [{ "name": "p", "produces": [{ "event": "E", "exchange": "orders")" +
        std::string(fields) + "}] }]");
}

TEST(ScenarioLoader, SchemaVersionsFitInOneByte) {
    EXPECT_TRUE(load(withProducer(R"(, "rate": "1/s", "version": 255)")).ok());
    const LoadError e = onlyError(withProducer(R"(, "rate": "1/s", "version": 256)"));
    EXPECT_EQ(e.jsonPath, "$.services[0].produces[0].version");
}

TEST(ScenarioLoader, AGapThatIsPracticallyAlwaysZeroNeedsACount) {
    const LoadError e =
        onlyError(withProducer(R"(, "gap": { "dist": "normal", "mean": "0", "stddev": "0" })"));
    EXPECT_EQ(e.jsonPath, "$.services[0].produces[0].gap");
    EXPECT_TRUE(load(withProducer(R"(, "gap": { "dist": "normal", "mean": "0", "stddev": "0" },
                                      "count": 10)"))
                    .ok());
    EXPECT_TRUE(
        load(withProducer(R"(, "gap": { "dist": "normal", "mean": "1ms", "stddev": "1ms" })"))
            .ok());
}

TEST(ScenarioLoader, TheBrokerKindIsAmqpUnlessItSaysOtherwise) {
    const auto plain = load(R"({ "name": "t", "broker": { "queues": [{"name": "q"}] } })");
    ASSERT_TRUE(plain.ok()) << formatErrors(plain.errors);
    EXPECT_EQ(plain.value->broker.kind, BrokerKind::Amqp);
    const auto named =
        load(R"({ "name": "t", "broker": { "kind": "amqp", "queues": [{"name": "q"}] } })");
    ASSERT_TRUE(named.ok()) << formatErrors(named.errors);
    EXPECT_EQ(named.value->broker.kind, BrokerKind::Amqp);
    EXPECT_EQ(named.value->broker.amqp.queues.at(0).name, "q");

    const auto logs = load(
        R"({ "name": "t", "broker": { "kind": "kafka", "topics": [{"name": "o", "partitions": 3}] } })");
    ASSERT_TRUE(logs.ok()) << formatErrors(logs.errors);
    EXPECT_EQ(logs.value->broker.kind, BrokerKind::Kafka);
    EXPECT_EQ(logs.value->broker.kafka.topics.at(0).partitions, 3u);

    const LoadError e = onlyError(R"({ "name": "t", "broker": { "kind": "sqs" } })");
    EXPECT_EQ(e.code, LoadErrorCode::UnknownChoice);
    EXPECT_EQ(e.message, R"(unknown broker kind "sqs")");
    EXPECT_EQ(e.jsonPath, "$.broker.kind");
    EXPECT_EQ(e.hint, R"(expected "amqp" or "kafka")");
}

} // namespace
} // namespace evsim
