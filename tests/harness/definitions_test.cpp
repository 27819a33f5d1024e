// `evsim import rabbitmq` and `evsim export rabbitmq`: a real broker's definitions as a
// scenario's topology, with policies applied as RabbitMQ applies them, and back.
#include "harness/definitions/definitions_export.h"
#include "harness/definitions/definitions_import.h"
#include "simulator/scenario/scenario_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace evsim {
namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

DefinitionsImport imported(std::string_view text) {
    auto result = importRabbitMqDefinitions(text, "/", "t");
    if (const auto* why = std::get_if<std::string>(&result)) {
        ADD_FAILURE() << *why;
        return {};
    }
    return std::get<DefinitionsImport>(result);
}

Scenario loaded(const DefinitionsImport& i) {
    LoadResult<Scenario> s = parseScenario(i.scenario, "imported.json");
    EXPECT_TRUE(s.ok()) << formatErrors(s.errors);
    return s.ok() ? *s.value : Scenario{};
}

const QueueSpec& queueNamed(const Scenario& s, std::string_view name) {
    const auto& qs = s.broker.amqp.queues;
    const auto it =
        std::find_if(qs.begin(), qs.end(), [&](const QueueSpec& q) { return q.name == name; });
    EXPECT_NE(it, qs.end()) << name;
    static const QueueSpec none;
    return it == qs.end() ? none : *it;
}

bool noted(const DefinitionsImport& i, std::string_view text) {
    return std::any_of(i.notes.begin(), i.notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

TEST(DefinitionsImport, PoliciesApplyByPatternAndPriorityAsRabbitMqAppliesThem) {
    const DefinitionsImport i =
        imported(readAll(fs::path(EVSIM_SOURCE_DIR) / "fixtures" / "definitions" / "shop.json"));
    const Scenario s = loaded(i);
    // orders.billing: two policies match; only the higher priority one applies, and its
    // max-length is lower than the queue's own argument.
    const QueueSpec& billing = queueNamed(s, "orders.billing");
    EXPECT_EQ(billing.type, QueueType::Quorum);
    EXPECT_EQ(billing.arguments.maxLength, 500u);
    EXPECT_EQ(billing.arguments.deliveryLimit, 3u);
    EXPECT_FALSE(billing.arguments.deadLetterExchange) << "from the lower-priority policy";
    // orders.email: the queue's x-max-length (100) is lower than its policy's (1000).
    const QueueSpec& email = queueNamed(s, "orders.email");
    EXPECT_EQ(email.type, QueueType::Classic);
    EXPECT_EQ(email.arguments.maxLength, 100u);
    EXPECT_EQ(email.arguments.messageTtl, SimTime::fromSeconds(60));
    EXPECT_EQ(email.arguments.overflow, Overflow::RejectPublish);
    EXPECT_EQ(email.arguments.deadLetterExchange, "dlx");
    EXPECT_FALSE(queueNamed(s, "pager").durable);
    const auto& x = s.broker.amqp.exchanges;
    const auto events =
        std::find_if(x.begin(), x.end(), [](const auto& e) { return e.name == "events"; });
    ASSERT_NE(events, x.end());
    EXPECT_EQ(events->alternateExchange, "unrouted") << "an exchange policy's alternate-exchange";
    EXPECT_EQ(i.policiesApplied, 3u);
}

TEST(DefinitionsImport, WhatCannotBeMappedIsReportedNeverDropped) {
    const DefinitionsImport i =
        imported(readAll(fs::path(EVSIM_SOURCE_DIR) / "fixtures" / "definitions" / "shop.json"));
    for (const char* expected :
         {"users: not modelled", "argument \"x-max-priority\" is not modelled",
          "\"stream\" queue is not modelled", "\"x-delayed-message\" is not modelled",
          "key \"ha-mode\" is not modelled", "\"nothing-matches\": matches no queue",
          "1 of another virtual host", "bindings[6] \"delayed\" -> \"parked\""}) {
        EXPECT_TRUE(noted(i, expected)) << "no note saying " << expected;
    }
    const DefinitionsImport unknown = imported(R"({ "queues": [], "shovels": [{}] })");
    EXPECT_TRUE(noted(unknown, "\"shovels\": unknown field")) << "an unknown field";
    EXPECT_TRUE(std::holds_alternative<std::string>(
        importRabbitMqDefinitions(R"({ "name": "a scenario" })", "/", "t")));
    // A field of the wrong type is an error to report, not a crash.
    EXPECT_TRUE(std::holds_alternative<std::string>(importRabbitMqDefinitions(
        R"({ "queues": [], "policies": [{ "name": "p", "pattern": ".", "priority": "high" }] })",
        "/", "t")));
}

// A binding names amq.topic, which an export leaves out: it is declared as RabbitMQ has it.
TEST(DefinitionsImport, PredeclaredExchangesAreDeclaredWhenABindingNamesThem) {
    const Scenario s = loaded(imported(R"({ "queues": [{ "name": "q", "vhost": "/" }],
        "bindings": [{ "source": "amq.topic", "vhost": "/", "destination": "q",
                       "destination_type": "queue", "routing_key": "a.#", "arguments": {} }] })"));
    ASSERT_EQ(s.broker.amqp.exchanges.size(), 1u);
    EXPECT_EQ(s.broker.amqp.exchanges[0].name, "amq.topic");
    EXPECT_EQ(s.broker.amqp.exchanges[0].type, ExchangeType::Topic);
}

// Every bundled scenario's topology survives export and import unchanged, with nothing noted.
TEST(DefinitionsImport, EveryBundledTopologyRoundTrips) {
    int scenarios = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        LoadResult<Scenario> original = loadScenarioFile(entry.path().string());
        ASSERT_TRUE(original.ok()) << entry.path();
        const DefinitionsImport back = imported(exportRabbitMqDefinitions(*original.value));
        EXPECT_TRUE(back.notes.empty()) << entry.path() << ": " << back.notes.front();
        const Scenario again = loaded(back);
        const AmqpSpec& a = original.value->broker.amqp;
        const AmqpSpec& b = again.broker.amqp;
        ASSERT_EQ(a.exchanges.size(), b.exchanges.size()) << entry.path();
        for (std::size_t k = 0; k < a.exchanges.size(); ++k) {
            EXPECT_EQ(a.exchanges[k].name, b.exchanges[k].name);
            EXPECT_EQ(a.exchanges[k].type, b.exchanges[k].type);
            EXPECT_EQ(a.exchanges[k].alternateExchange, b.exchanges[k].alternateExchange);
        }
        ASSERT_EQ(a.queues.size(), b.queues.size()) << entry.path();
        for (std::size_t k = 0; k < a.queues.size(); ++k) {
            const QueueSpec& p = a.queues[k];
            const QueueSpec& q = b.queues[k];
            EXPECT_EQ(p.name, q.name);
            EXPECT_EQ(p.type, q.type) << p.name;
            EXPECT_EQ(p.durable, q.durable) << p.name;
            EXPECT_EQ(p.arguments.messageTtl, q.arguments.messageTtl) << p.name;
            EXPECT_EQ(p.arguments.maxLength, q.arguments.maxLength) << p.name;
            EXPECT_EQ(p.arguments.maxLengthBytes, q.arguments.maxLengthBytes) << p.name;
            EXPECT_EQ(p.arguments.overflow, q.arguments.overflow) << p.name;
            EXPECT_EQ(p.arguments.deadLetterExchange, q.arguments.deadLetterExchange) << p.name;
            EXPECT_EQ(p.arguments.deadLetterRoutingKey, q.arguments.deadLetterRoutingKey);
            EXPECT_EQ(p.arguments.deliveryLimit, q.arguments.deliveryLimit) << p.name;
        }
        ASSERT_EQ(a.bindings.size(), b.bindings.size()) << entry.path();
        for (std::size_t k = 0; k < a.bindings.size(); ++k) {
            EXPECT_EQ(a.bindings[k].exchange, b.bindings[k].exchange);
            EXPECT_EQ(a.bindings[k].queue, b.bindings[k].queue);
            EXPECT_EQ(a.bindings[k].toExchange, b.bindings[k].toExchange);
            const auto args = [](const BindingSpec& x) {
                return x.arguments.empty() ? std::string("{}") : x.arguments; // none is {}
            };
            EXPECT_EQ(args(a.bindings[k]), args(b.bindings[k]));
            const bool keyed =
                a.exchanges.empty() ||
                std::none_of(a.exchanges.begin(), a.exchanges.end(), [&](auto& e) {
                    return e.name == a.bindings[k].exchange && e.type == ExchangeType::Headers;
                });
            if (keyed) {
                EXPECT_EQ(a.bindings[k].key, b.bindings[k].key);
            }
        }
        ++scenarios;
    }
    EXPECT_GE(scenarios, 12);
}

} // namespace
} // namespace evsim
