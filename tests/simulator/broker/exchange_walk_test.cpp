// Exchange-to-exchange bindings (AMQP04) and alternate exchanges (AMQP05), as RabbitMQ 3.10's
// rabbit_exchange:route walks them: every exchange reached once, an exchange whose own
// bindings lead nowhere hands the message to its alternate, each queue reached once.
#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

using testkit::publishTo;

BindingSpec toExchange(std::string from, std::string to, std::string key = {}) {
    BindingSpec b{std::move(from), "", std::move(key)};
    b.toExchange = std::move(to);
    return b;
}

// Routes `key` through exchange `from` of `spec` and names the queues reached, sorted.
class Walk {
public:
    explicit Walk(AmqpSpec spec) : m_spec(std::move(spec)) {
        ExchangeRouter::QueueNames names;
        for (std::size_t i = 0; i < m_spec.queues.size(); ++i) {
            names.emplace_back(m_spec.queues[i].name, static_cast<std::uint32_t>(i));
        }
        std::sort(names.begin(), names.end());
        std::vector<EntityId> entities(m_spec.exchanges.size() + 1);
        m_router = std::make_unique<ExchangeRouter>(m_spec, names, entities, m_strings);
    }
    std::string operator()(std::string_view from, std::string_view key) {
        std::vector<std::uint32_t> queues;
        m_router->route(*m_router->index(from), m_strings.intern(key), m_strings.intern("{}"),
                        queues);
        std::vector<std::string> names;
        for (const std::uint32_t q : queues) {
            names.push_back(m_spec.queues[q].name);
        }
        const std::size_t reached = names.size();
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        EXPECT_EQ(names.size(), reached) << "a queue reached twice in one publish";
        std::string joined;
        for (const std::string& n : names) {
            joined += (joined.empty() ? "" : ",") + n;
        }
        return joined;
    }

private:
    AmqpSpec m_spec;
    StringTable m_strings;
    std::unique_ptr<ExchangeRouter> m_router;
};

TEST(ExchangeBindings, AMQP04_RoutingFollowsABindingOnToAnotherExchangeWithTheSameKey) {
    AmqpSpec spec;
    spec.exchanges = {{"events", ExchangeType::Topic}, {"eu", ExchangeType::Direct}};
    spec.queues = {{"all"}, {"eu.orders"}, {"eu.payments"}};
    spec.bindings = {{"events", "all", "#"},
                     toExchange("events", "eu", "*.*.eu"),
                     {"eu", "eu.orders", "order.placed.eu"},
                     {"eu", "eu.payments", "payment.taken.eu"}};
    Walk route(spec);
    EXPECT_EQ(route("events", "order.placed.eu"), "all,eu.orders");
    EXPECT_EQ(route("events", "payment.taken.eu"), "all,eu.payments");
    EXPECT_EQ(route("events", "order.placed.us"), "all") << "the topic binding did not match";
    EXPECT_EQ(route("eu", "order.placed.eu"), "eu.orders") << "bindings lead one way";
}

// Two ways to one queue (directly and through another exchange), and a cycle of exchanges:
// each queue gets one copy, and the walk ends.
TEST(ExchangeBindings, AMQP04_EachQueueGetsAtMostOneCopyPerPublishAndCyclesEnd) {
    AmqpSpec spec;
    spec.exchanges = {
        {"a", ExchangeType::Fanout}, {"b", ExchangeType::Fanout}, {"c", ExchangeType::Fanout}};
    spec.queues = {{"q"}, {"r"}};
    spec.bindings = {{"a", "q", ""},       toExchange("a", "b"), toExchange("b", "c"),
                     toExchange("c", "a"), {"b", "q", ""},       {"c", "r", ""}};
    Walk route(spec);
    EXPECT_EQ(route("a", "k"), "q,r");
    EXPECT_EQ(route("c", "k"), "q,r");
    AmqpSpec self;
    self.exchanges = {{"x", ExchangeType::Fanout}};
    self.queues = {{"q"}};
    self.bindings = {toExchange("x", "x"), {"x", "q", ""}};
    EXPECT_EQ(Walk(self)("x", "k"), "q") << "an exchange bound to itself";
}

TEST(AlternateExchange, AMQP05_WhatAnExchangesBindingsRouteNowhereGoesToItsAlternate) {
    AmqpSpec spec;
    spec.exchanges = {{"orders", ExchangeType::Direct, "unrouted"},
                      {"unrouted", ExchangeType::Fanout}};
    spec.queues = {{"placed"}, {"unrouted.orders"}};
    spec.bindings = {{"orders", "placed", "order.placed"}, {"unrouted", "unrouted.orders", ""}};
    Walk route(spec);
    EXPECT_EQ(route("orders", "order.placed"), "placed") << "routed: the alternate takes nothing";
    EXPECT_EQ(route("orders", "order.cancelled"), "unrouted.orders");
}

// RabbitMQ asks for the alternate only when the exchange's own bindings give no destination
// at all: a binding to an exchange that itself routes nowhere is a destination, so that
// exchange's alternate (if any) applies, not the first one's. Alternates chain, and a cycle
// of alternates ends.
TEST(AlternateExchange, AMQP05_OnlyAnExchangeWithNoDestinationAsksItsAlternate) {
    AmqpSpec spec;
    spec.exchanges = {
        {"front", ExchangeType::Direct, "front.ae"}, {"inner", ExchangeType::Direct},
        {"front.ae", ExchangeType::Fanout},          {"loop1", ExchangeType::Direct, "loop2"},
        {"loop2", ExchangeType::Direct, "loop1"},    {"chain", ExchangeType::Direct, "loop1"}};
    spec.queues = {{"caught"}, {"inner.q"}};
    spec.bindings = {toExchange("front", "inner", "k"),
                     {"inner", "inner.q", "only-this"},
                     {"front.ae", "caught", ""},
                     {"loop2", "inner.q", "loop"}};
    Walk route(spec);
    EXPECT_EQ(route("front", "k"), "") << "front had a destination (inner): no alternate";
    EXPECT_EQ(route("front", "other"), "caught");
    EXPECT_EQ(route("chain", "loop"), "inner.q") << "chain -> loop1 -> loop2 routes it";
    EXPECT_EQ(route("loop1", "nothing"), "") << "a cycle of alternates ends";
}

// Through a whole run: the alternate exchange keeps what would have been unroutable, and an
// exchange-to-exchange binding feeds a second exchange's queues.
TEST(AlternateExchange, AMQP05_ARunCountsWhatTheAlternateCatchesAsRouted) {
    Scenario s;
    s.name = "walk";
    s.broker.amqp.exchanges = {{"orders", ExchangeType::Direct, "unrouted"},
                               {"unrouted", ExchangeType::Fanout},
                               {"copies", ExchangeType::Fanout}};
    s.broker.amqp.queues = {{"placed"}, {"unrouted.orders"}, {"audit"}};
    s.broker.amqp.bindings = {{"orders", "placed", "order.placed"},
                              toExchange("orders", "copies", "order.placed"),
                              {"copies", "audit", ""},
                              {"unrouted", "unrouted.orders", ""}};
    for (const char* key : {"order.placed", "order.lost", "order.placed", "order.odd"}) {
        s.timeline.push_back({SimTime::zero(), publishTo("orders", key)});
    }
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("placed")->published, 2u);
    EXPECT_EQ(r.queue("audit")->published, 2u);
    EXPECT_EQ(r.queue("unrouted.orders")->published, 2u);
    EXPECT_EQ(r.conservation.unroutable, 0u);
}

} // namespace
} // namespace evsim
