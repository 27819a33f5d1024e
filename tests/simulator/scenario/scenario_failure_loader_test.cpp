// The parts of the scenario format that describe failures: queue arguments, client behaviours,
// faults, alerts and the expectations about them (docs/scenario-format.md).
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <variant>

#ifndef EVSIM_SOURCE_DIR
#define EVSIM_SOURCE_DIR "."
#endif

namespace evsim {
namespace {

// Every new key, most with a value other than its default.
constexpr std::string_view kFailures = R"({
  "name": "failures", "duration": "5m",
  "broker": {
    "consumer_timeout": "15m", "heartbeat": "30s",
    "exchanges": [{ "name": "orders", "type": "direct" }, { "name": "dlx", "type": "fanout" },
                  { "name": "retry", "type": "direct" }],
    "queues": [
      { "name": "billing", "type": "quorum", "durable": true,
        "arguments": { "x-message-ttl": 60000, "x-max-length": 1000,
                       "x-max-length-bytes": 1048576, "x-overflow": "reject-publish",
                       "x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "dead",
                       "x-delivery-limit": 5 } },
      { "name": "billing.retry", "type": "classic", "durable": false,
        "arguments": { "x-message-ttl": "5s", "x-overflow": "reject-publish-dlx",
                       "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "billing" } },
      { "name": "billing.dead", "arguments": { "x-overflow": "drop-head" } },
      { "name": "parking" }
    ],
    "bindings": [{ "exchange": "orders", "queue": "billing", "key": "order.created" },
                 { "exchange": "dlx", "queue": "billing.dead" },
                 { "exchange": "retry", "queue": "billing.retry", "key": "billing" }]
  },
  "services": [
    { "name": "api", "instances": 2,
      "reconnect": { "initial": "1s", "multiplier": 1.5, "max": "1m" },
      "produces": [
        { "event": "OrderCreated", "exchange": "orders", "routing_key": "order.created",
          "rate": "50/s", "persistent": true, "expiration": "2m",
          "headers": { "tenant": "acme", "attempt": 1 },
          "confirms": { "timeout": "2s", "retries": 5,
                        "backoff": { "initial": "200ms", "multiplier": 3, "max": "10s" } } },
        { "event": "Ping", "exchange": "", "routing_key": "parking", "rate": "1/s",
          "confirms": true } ] },
    { "name": "billing", "instances": 3,
      "consumes": [
        { "queue": "billing",
          "idempotent": { "window": "1h", "durable": true },
          "retry": { "attempts": 4, "via": { "exchange": "retry", "routing_key": "billing" },
                     "backoff": { "initial": "1s", "max": "1m" },
                     "give_up": { "exchange": "", "routing_key": "parking" } },
          "poison": [{ "event": "OrderCreated", "field": "customer.id", "equals": { "id": 42 } },
                     { "header": "x-bad" }] },
        { "queue": "parking", "idempotent": true, "retry": {} } ] }
  ],
  "timeline": [
    { "at": "30s", "name": "billing-down",
      "crash": { "service": "billing", "instance": 2, "restart_after": "20s" } },
    { "at": "40s", "restart": { "service": "billing" } },
    { "at": "50s", "slow_down": { "service": "billing", "factor": 3, "for": "10s" } },
    { "at": "1m", "pause": { "service": "billing", "instance": 0, "for": "5s" } },
    { "at": "1m", "hang": { "service": "billing", "instance": 1 } },
    { "at": "70s", "error_burst": { "service": "billing", "probability": 0.5, "for": "10s" } },
    { "at": "80s", "poison": { "service": "billing", "header": "tenant", "equals": "evil" } },
    { "at": "85s", "poison": { "event": "Ping" } },
    { "at": "90s", "name": "broker-bounce", "broker_restart": {} },
    { "at": "95s", "broker_restart": { "downtime": "10s" } },
    { "at": "100s", "purge": { "queue": "parking" } },
    { "at": "2m", "name": "net", "network": { "service": "api", "direction": "to_broker",
        "latency": "20ms", "jitter": "5ms", "loss": 0.1, "duplicate": 0.01, "reorder": 0.02,
        "partition": false, "for": "30s" } },
    { "at": "2m", "network": { "service": "billing", "instance": 1, "partition": true } },
    { "at": "3m", "heal": { "service": "billing", "instance": 1, "direction": "from_broker" } },
    { "at": "3m", "publish": { "exchange": "orders", "routing_key": "order.created",
        "event": "OrderCreated", "persistent": true, "expiration": "10s",
        "headers": { "x-bad": true } } },
    { "at": "3m", "message": { "id": "msg-12", "action": "delay", "by": "2s" } },
    { "at": "3m", "name": "poisoned",
      "message": { "id": "msg-40", "action": "crash_receiver", "restart_after": "5s" } }
  ],
  "metrics": { "interval": "500ms" },
  "alerts": [
    { "name": "billing-deep", "queue": "billing", "depth_above": 500, "for": "10s" },
    { "name": "dead-letters", "queue": "billing.dead", "not_empty": true },
    { "name": "no-billing", "queue": "billing", "no_consumer": true },
    { "name": "old", "queue": "billing", "oldest_message_age_above": "30s" },
    { "name": "quiet", "queue": "billing", "publish_rate_below": "10/s" },
    { "name": "slow", "queue": "billing", "latency_above": { "p99.9": "250ms" } }
  ],
  "expect": [
    { "queue": "billing", "redelivered": { "max": 100 }, "expired": 0,
      "dead_lettered": { "maxlen": 0, "rejected": { "max": 5 } },
      "drained_within": "1m", "after": "billing-down" },
    { "queue": "billing.dead", "dead_lettered": { "max": 10 } },
    { "consumer": "billing", "duplicates_processed": 0, "deduplicated": { "min": 1 } },
    { "alert": "billing-deep", "fired": false },
    { "alert": "dead-letters", "fired": true, "fired_within": "30s", "of": "billing-down",
      "resolved_by": "4m" },
    { "alert": "old", "fired": { "max": 2 } },
    { "intervention": "net", "lost": { "max": 100 } }
  ]
})";

const Scenario& failures() {
    static const auto r = parseScenario(kFailures, "failures.json");
    EXPECT_TRUE(r.ok()) << formatErrors(r.errors);
    static const Scenario empty;
    return r.ok() ? *r.value : empty;
}

TEST(FailureSyntax, TheBrokerAndItsQueuesMapToTheModel) {
    const AmqpSpec& b = failures().broker.amqp;
    EXPECT_EQ(b.consumerTimeout, SimTime::fromSeconds(15 * 60));
    EXPECT_EQ(b.heartbeat, SimTime::fromSeconds(30));
    ASSERT_EQ(b.queues.size(), 4u);
    const QueueSpec& billing = b.queues[0];
    EXPECT_EQ(billing.type, QueueType::Quorum);
    EXPECT_TRUE(billing.durable);
    const QueueArguments& a = billing.arguments;
    EXPECT_EQ(a.messageTtl, SimTime::fromSeconds(60)); // an integer is milliseconds
    EXPECT_EQ(a.maxLength, 1000u);
    EXPECT_EQ(a.maxLengthBytes, 1048576u);
    EXPECT_EQ(a.overflow, Overflow::RejectPublish);
    EXPECT_EQ(a.deadLetterExchange, "dlx");
    EXPECT_EQ(a.deadLetterRoutingKey, "dead");
    EXPECT_EQ(a.deliveryLimit, 5u);

    const QueueSpec& retry = b.queues[1];
    EXPECT_EQ(retry.type, QueueType::Classic);
    EXPECT_FALSE(retry.durable);
    EXPECT_EQ(retry.arguments.messageTtl, SimTime::fromSeconds(5));
    EXPECT_EQ(retry.arguments.overflow, Overflow::RejectPublishDlx);
    EXPECT_EQ(retry.arguments.deadLetterExchange, ""); // the default exchange, not absent
    EXPECT_EQ(retry.arguments.deadLetterRoutingKey, "billing");
    EXPECT_EQ(b.queues[2].arguments.overflow, Overflow::DropHead);

    const QueueSpec& parking = b.queues[3]; // every default
    EXPECT_EQ(parking.type, QueueType::Classic);
    EXPECT_TRUE(parking.durable);
    EXPECT_EQ(parking.arguments.messageTtl, std::nullopt);
    EXPECT_EQ(parking.arguments.maxLength, std::nullopt);
    EXPECT_EQ(parking.arguments.maxLengthBytes, std::nullopt);
    EXPECT_EQ(parking.arguments.overflow, Overflow::DropHead);
    EXPECT_EQ(parking.arguments.deadLetterExchange, std::nullopt);
    EXPECT_EQ(parking.arguments.deadLetterRoutingKey, std::nullopt);
    EXPECT_EQ(parking.arguments.deliveryLimit, std::nullopt);
}

TEST(FailureSyntax, ProducersMapToTheModel) {
    const ServiceSpec& api = failures().services.at(0);
    EXPECT_EQ(api.reconnect, (Backoff{SimTime::fromSeconds(1), 1.5, SimTime::fromSeconds(60)}));
    const ProducerSpec& p = api.produces.at(0);
    EXPECT_TRUE(p.persistent);
    EXPECT_EQ(p.expiration, SimTime::fromSeconds(120));
    EXPECT_EQ(p.headers, R"({"attempt":1,"tenant":"acme"})");
    ASSERT_TRUE(p.confirms.has_value());
    EXPECT_EQ(p.confirms->timeout, SimTime::fromSeconds(2));
    EXPECT_EQ(p.confirms->retries, 5u);
    EXPECT_EQ(p.confirms->backoff,
              (Backoff{SimTime::fromMillis(200), 3, SimTime::fromSeconds(10)}));

    const ProducerSpec& ping = api.produces.at(1); // `true` and every default
    EXPECT_FALSE(ping.persistent);
    EXPECT_EQ(ping.expiration, std::nullopt);
    EXPECT_EQ(ping.headers, "{}");
    ASSERT_TRUE(ping.confirms.has_value());
    EXPECT_EQ(ping.confirms->timeout, SimTime::fromSeconds(5));
    EXPECT_EQ(ping.confirms->retries, 3u);
    EXPECT_EQ(ping.confirms->backoff,
              (Backoff{SimTime::fromMillis(100), 2, SimTime::fromSeconds(30)}));
}

TEST(FailureSyntax, ConsumersMapToTheModel) {
    const ServiceSpec& billing = failures().services.at(1);
    EXPECT_EQ(billing.reconnect, (Backoff{SimTime::fromMillis(500), 2, SimTime::fromSeconds(30)}));
    const ConsumerSpec& c = billing.consumes.at(0);
    ASSERT_TRUE(c.idempotent.has_value());
    EXPECT_EQ(c.idempotent->window, SimTime::fromSeconds(3600));
    EXPECT_TRUE(c.idempotent->durable);
    ASSERT_TRUE(c.retry.has_value());
    EXPECT_EQ(c.retry->attempts, 4u);
    EXPECT_EQ(c.retry->viaExchange, "retry");
    EXPECT_EQ(c.retry->viaRoutingKey, "billing");
    EXPECT_EQ(c.retry->backoff, (Backoff{SimTime::fromSeconds(1), 2, SimTime::fromSeconds(60)}));
    EXPECT_EQ(c.retry->giveUpExchange, "");
    EXPECT_EQ(c.retry->giveUpRoutingKey, "parking");
    ASSERT_EQ(c.poison.size(), 2u);
    EXPECT_EQ(c.poison[0].eventType, "OrderCreated");
    EXPECT_EQ(c.poison[0].headerName, "");
    EXPECT_EQ(c.poison[0].fieldPath, "customer.id");
    EXPECT_EQ(c.poison[0].equals, R"({"id":42})");
    EXPECT_EQ(c.poison[1].eventType, "");
    EXPECT_EQ(c.poison[1].headerName, "x-bad");
    EXPECT_EQ(c.poison[1].equals, std::nullopt);

    const ConsumerSpec& parking = billing.consumes.at(1); // `true` and `{}`: every default
    ASSERT_TRUE(parking.idempotent.has_value());
    EXPECT_EQ(parking.idempotent->window, SimTime::fromSeconds(600));
    EXPECT_FALSE(parking.idempotent->durable);
    ASSERT_TRUE(parking.retry.has_value());
    EXPECT_EQ(parking.retry->attempts, 3u);
    EXPECT_EQ(parking.retry->viaExchange, std::nullopt);
    EXPECT_EQ(parking.retry->giveUpExchange, std::nullopt);
    EXPECT_EQ(parking.retry->backoff, Backoff{});
    EXPECT_TRUE(parking.poison.empty());
}

template <typename A> const A& action(std::size_t i) {
    const auto& timeline = failures().timeline;
    static const A none{};
    if (i >= timeline.size() || !std::holds_alternative<A>(timeline[i].action)) {
        ADD_FAILURE() << "timeline[" << i << "] is not the expected action";
        return none;
    }
    return std::get<A>(timeline[i].action);
}

TEST(FailureSyntax, TimelineFaultsMapToTheirInterventions) {
    const auto& t = failures().timeline;
    ASSERT_EQ(t.size(), 17u);
    EXPECT_EQ(t[0].name, "billing-down");
    EXPECT_EQ(t[1].name, "");
    EXPECT_EQ(t[0].at, SimTime::fromSeconds(30));

    EXPECT_EQ(action<Crash>(0).target.service, "billing");
    EXPECT_EQ(action<Crash>(0).target.instance, 2u);
    EXPECT_EQ(action<Crash>(0).restartAfter, SimTime::fromSeconds(20));
    EXPECT_EQ(action<Restart>(1).target.instance, std::nullopt); // every instance
    EXPECT_EQ(action<SlowDown>(2).factor, 3);
    EXPECT_EQ(action<SlowDown>(2).duration, SimTime::fromSeconds(10));
    EXPECT_EQ(action<Pause>(3).target.instance, 0u);
    EXPECT_EQ(action<Pause>(3).duration, SimTime::fromSeconds(5));
    EXPECT_EQ(action<Hang>(4).duration, std::nullopt);
    EXPECT_EQ(action<ErrorBurst>(5).probability, 0.5);
    EXPECT_EQ(action<ErrorBurst>(5).duration, SimTime::fromSeconds(10));
    EXPECT_EQ(action<Poison>(6).service, "billing");
    EXPECT_EQ(action<Poison>(6).rule.headerName, "tenant");
    EXPECT_EQ(action<Poison>(6).rule.equals, R"("evil")");
    EXPECT_EQ(action<Poison>(7).service, ""); // every consumer
    EXPECT_EQ(action<Poison>(7).rule.eventType, "Ping");
    EXPECT_EQ(t[8].name, "broker-bounce");
    EXPECT_EQ(action<BrokerRestart>(8).downtime, SimTime::fromSeconds(5));
    EXPECT_EQ(action<BrokerRestart>(9).downtime, SimTime::fromSeconds(10));
    EXPECT_EQ(action<PurgeQueue>(10).queue, "parking");

    const LinkFault& net = action<LinkFault>(11);
    EXPECT_EQ(net.target.service, "api");
    EXPECT_EQ(net.direction, LinkDirection::ToBroker);
    EXPECT_EQ(net.latency, Distribution::constant(SimTime::fromMillis(20)));
    EXPECT_EQ(net.jitter, SimTime::fromMillis(5));
    EXPECT_EQ(net.loss, 0.1);
    EXPECT_EQ(net.duplicate, 0.01);
    EXPECT_EQ(net.reorder, 0.02);
    EXPECT_FALSE(net.partition);
    EXPECT_EQ(net.duration, SimTime::fromSeconds(30));
    const LinkFault& cut = action<LinkFault>(12); // defaults beside the partition
    EXPECT_EQ(cut.direction, LinkDirection::Both);
    EXPECT_EQ(cut.latency, std::nullopt);
    EXPECT_EQ(cut.jitter, SimTime::zero());
    EXPECT_EQ(cut.loss, 0);
    EXPECT_TRUE(cut.partition);
    EXPECT_EQ(cut.duration, std::nullopt);
    EXPECT_EQ(action<Heal>(13).direction, LinkDirection::FromBroker);
    EXPECT_EQ(action<Heal>(13).target.instance, 1u);

    const PublishMessage& m = action<PublishMessage>(14);
    EXPECT_TRUE(m.persistent);
    EXPECT_EQ(m.expiration, SimTime::fromSeconds(10));
    EXPECT_EQ(m.headers, R"({"x-bad":true})");

    const MessageFault& late = action<MessageFault>(15);
    EXPECT_EQ(late.message, 12u);
    EXPECT_EQ(late.kind, MessageFaultKind::Delay);
    EXPECT_EQ(late.delay, SimTime::fromSeconds(2));
    EXPECT_EQ(late.restartAfter, std::nullopt);
    const MessageFault& crash = action<MessageFault>(16);
    EXPECT_EQ(t[16].name, "poisoned");
    EXPECT_EQ(crash.message, 40u);
    EXPECT_EQ(crash.kind, MessageFaultKind::CrashReceiver);
    EXPECT_EQ(crash.restartAfter, SimTime::fromSeconds(5));
}

TEST(FailureSyntax, MetricsAndAlertsMapToTheModel) {
    const Scenario& s = failures();
    EXPECT_EQ(s.metrics.interval, SimTime::fromMillis(500));
    using C = AlertRule::Condition;
    ASSERT_EQ(s.alerts.size(), 6u);
    EXPECT_EQ(s.alerts[0].name, "billing-deep");
    EXPECT_EQ(s.alerts[0].queue, "billing");
    EXPECT_EQ(s.alerts[0].condition, C::DepthAbove);
    EXPECT_EQ(s.alerts[0].threshold, 500);
    EXPECT_EQ(s.alerts[0].forDuration, SimTime::fromSeconds(10));
    EXPECT_EQ(s.alerts[1].condition, C::NotEmpty);
    EXPECT_EQ(s.alerts[1].forDuration, SimTime::zero());
    EXPECT_EQ(s.alerts[2].condition, C::NoConsumer);
    EXPECT_EQ(s.alerts[3].condition, C::OldestMessageAgeAbove);
    EXPECT_EQ(s.alerts[3].threshold, 30e9);
    EXPECT_EQ(s.alerts[4].condition, C::PublishRateBelow);
    EXPECT_EQ(s.alerts[4].threshold, 10);
    EXPECT_EQ(s.alerts[5].condition, C::LatencyAbove);
    EXPECT_EQ(s.alerts[5].percentile, 99.9);
    EXPECT_EQ(s.alerts[5].threshold, 250e6);
}

TEST(FailureSyntax, FailureExpectationsMapToOneExpectationPerCheck) {
    const auto& e = failures().expectations;
    using K = Expectation::Kind;
    ASSERT_EQ(e.size(), 14u);
    EXPECT_EQ(e[0].kind, K::QueueCount);
    EXPECT_EQ(e[0].metric, "redelivered");
    EXPECT_EQ(e[0].range.max, 100);
    EXPECT_EQ(e[1].metric, "expired");
    EXPECT_EQ(e[1].range.min, 0);
    // One expectation per reason, in the order of the reasons, each at its own key.
    EXPECT_EQ(e[2].metric, "dead_lettered");
    EXPECT_EQ(e[2].reason, "rejected");
    EXPECT_EQ(e[2].range.max, 5);
    EXPECT_EQ(e[2].jsonPath, "$.expect[0].dead_lettered.rejected");
    EXPECT_EQ(e[3].reason, "maxlen");
    EXPECT_EQ(e[4].kind, K::DrainedWithin);
    EXPECT_EQ(e[4].subject, "billing");
    EXPECT_EQ(e[4].within, SimTime::fromSeconds(60).nanos());
    EXPECT_EQ(e[4].intervention, "billing-down");
    EXPECT_EQ(e[4].jsonPath, "$.expect[0].drained_within");
    EXPECT_EQ(e[5].reason, ""); // all reasons
    EXPECT_EQ(e[5].range.max, 10);
    EXPECT_EQ(e[6].kind, K::ConsumerCount);
    EXPECT_EQ(e[6].metric, "duplicates_processed");
    EXPECT_EQ(e[7].metric, "deduplicated");

    EXPECT_EQ(e[8].kind, K::AlertFired);
    EXPECT_EQ(e[8].subject, "billing-deep");
    EXPECT_EQ(e[8].range.min, std::nullopt); // false: never
    EXPECT_EQ(e[8].range.max, 0);
    EXPECT_EQ(e[9].range.min, 1); // true: at least once
    EXPECT_EQ(e[9].range.max, std::nullopt);
    EXPECT_EQ(e[10].kind, K::AlertFiredWithin);
    EXPECT_EQ(e[10].within, SimTime::fromSeconds(30).nanos());
    EXPECT_EQ(e[10].intervention, "billing-down");
    EXPECT_EQ(e[10].jsonPath, "$.expect[4].fired_within");
    EXPECT_EQ(e[11].kind, K::AlertResolvedBy);
    EXPECT_EQ(e[11].within, SimTime::fromSeconds(240).nanos());
    EXPECT_EQ(e[12].kind, K::AlertFired);
    EXPECT_EQ(e[12].range.max, 2);
    EXPECT_EQ(e[13].kind, K::LostByIntervention);
    EXPECT_EQ(e[13].subject, "net");
    EXPECT_EQ(e[13].intervention, "net");
    EXPECT_EQ(e[13].metric, "lost");
    EXPECT_EQ(e[13].range.max, 100);
    EXPECT_EQ(e[13].jsonPath, "$.expect[6].lost");
}

TEST(ScenarioFormatDoc, EveryExampleLoads) {
    std::ifstream in(std::filesystem::path(EVSIM_SOURCE_DIR) / "docs" / "scenario-format.md");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    int examples = 0;
    for (std::size_t start = doc.find("```jsonc\n"); start != std::string::npos;
         start = doc.find("```jsonc\n", start + 1)) {
        const std::size_t end = doc.find("```", start + 9);
        const auto r = parseScenario(doc.substr(start + 9, end - start - 9), "example.json");
        EXPECT_TRUE(r.ok()) << "example " << examples << ":\n" << formatErrors(r.errors);
        ++examples;
    }
    EXPECT_GE(examples, 2);
}

} // namespace
} // namespace evsim
