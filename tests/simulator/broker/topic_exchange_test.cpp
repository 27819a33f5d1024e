// Topic exchanges (AMQP02), as RabbitMQ 3.10 matches them: keys and patterns split on '.',
// `*` one word, `#` zero or more, empty words being words; and a run through one.
#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/broker/amqp/topic_matcher.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

using testkit::publishTo;

// Whether `pattern` alone matches `key`.
bool matches(std::string_view pattern, std::string_view key) {
    TopicMatcher m;
    m.add(pattern, 7);
    std::vector<std::uint32_t> found;
    m.match(key, found);
    return found == std::vector<std::uint32_t>{7};
}

TEST(TopicExchange, AMQP02_KeysSplitOnDotsAsRabbitMqSplitsThem) {
    using Words = std::vector<std::string_view>;
    EXPECT_EQ(TopicMatcher::words(""), Words{});
    EXPECT_EQ(TopicMatcher::words("a"), Words{"a"});
    EXPECT_EQ(TopicMatcher::words("a.b"), (Words{"a", "b"}));
    EXPECT_EQ(TopicMatcher::words("a..b"), (Words{"a", "", "b"}));
    EXPECT_EQ(TopicMatcher::words("a."), (Words{"a", ""}));
    EXPECT_EQ(TopicMatcher::words("."), (Words{"", ""}));
}

TEST(TopicExchange, AMQP02_StarMatchesExactlyOneWord) {
    EXPECT_TRUE(matches("a.*", "a.b"));
    EXPECT_FALSE(matches("a.*", "a")) << "a.b.* does not match a.b";
    EXPECT_FALSE(matches("a.*", "a.b.c"));
    EXPECT_TRUE(matches("*", "a"));
    EXPECT_FALSE(matches("*", ""));
    EXPECT_FALSE(matches("*", "a.b"));
    EXPECT_TRUE(matches("*.b", ".b")) << "an empty word is a word";
    EXPECT_TRUE(matches("*.*", "."));
    EXPECT_FALSE(matches("*", "."));
    EXPECT_TRUE(matches("a.*.c", "a..c"));
}

TEST(TopicExchange, AMQP02_HashMatchesZeroOrMoreWords) {
    for (const char* key : {"", "a", "a.b.c", ".", "a..b"}) {
        EXPECT_TRUE(matches("#", key)) << key;
        EXPECT_TRUE(matches("#.#", key)) << key;
    }
    EXPECT_TRUE(matches("a.#", "a"));
    EXPECT_TRUE(matches("a.#", "a.b.c"));
    EXPECT_FALSE(matches("a.#", "b.a"));
    EXPECT_TRUE(matches("#.a", "a"));
    EXPECT_TRUE(matches("#.a", "x.y.a"));
    EXPECT_FALSE(matches("#.a", "a.x"));
    EXPECT_TRUE(matches("*.#", "a")) << "one or more";
    EXPECT_TRUE(matches("*.#", "a.b.c"));
    EXPECT_FALSE(matches("*.#", ""));
    EXPECT_TRUE(matches("a.#.b", "a.b"));
    EXPECT_TRUE(matches("a.#.b", "a.x.y.b"));
    EXPECT_TRUE(matches("a.#.b", "a.b.b"));
    EXPECT_FALSE(matches("a.#.b", "a.b.c"));
    EXPECT_TRUE(matches("#.*.#", "a"));
    EXPECT_FALSE(matches("#.*.#", ""));
}

TEST(TopicExchange, AMQP02_LiteralWordsMatchExactly) {
    EXPECT_TRUE(matches("a.b", "a.b"));
    EXPECT_FALSE(matches("a.b", "a..b"));
    EXPECT_TRUE(matches("a..b", "a..b"));
    EXPECT_FALSE(matches("a", "a.b"));
    EXPECT_FALSE(matches("a", "A"));
    EXPECT_TRUE(matches("", "")) << "the empty pattern matches the empty key only";
    EXPECT_FALSE(matches("", "a"));
    EXPECT_FALSE(matches("a", ""));
}

// RabbitMQ's own topic-matching test (test_topic_matching, in rabbitmq-server's rabbit_tests):
// 26 bindings t1..t26 and the queues each of 11 keys reaches.
TEST(TopicExchange, AMQP02_RabbitMqsOwnMatchingTableAgrees) {
    const std::vector<std::string> patterns{
        "a.b.c",         "a.*.c", "a.#.b", "a.b.b.c", "#",     "#.#",   "#.b", "*.*",  "a.*",
        "*.b.c",         "a.#",   "a.#.#", "b.b.c",   "a.b.b", "a.b",   "b.c", "",     "*.*.*",
        "vodka.martini", "a.b.c", "*.#",   "#.*.#",   "*.#.#", "#.#.#", "*",   "#.b.#"};
    TopicMatcher m;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        m.add(patterns[i], static_cast<std::uint32_t>(i + 1)); // t1 is binding 1
    }
    const std::vector<std::pair<std::string, std::vector<std::uint32_t>>> expected{
        {"a.b.c", {1, 2, 5, 6, 10, 11, 12, 18, 20, 21, 22, 23, 24, 26}},
        {"a.b", {3, 5, 6, 7, 8, 9, 11, 12, 15, 21, 22, 23, 24, 26}},
        {"a.b.b", {3, 5, 6, 7, 11, 12, 14, 18, 21, 22, 23, 24, 26}},
        {"", {5, 6, 17, 24}},
        {"b.c.c", {5, 6, 18, 21, 22, 23, 24, 26}},
        {"a.a.a.a.a", {5, 6, 11, 12, 21, 22, 23, 24}},
        {"vodka.gin", {5, 6, 8, 21, 22, 23, 24}},
        {"vodka.martini", {5, 6, 8, 19, 21, 22, 23, 24}},
        {"b.b.c", {5, 6, 10, 13, 18, 21, 22, 23, 24, 26}},
        {"nothing.here.at.all", {5, 6, 21, 22, 23, 24}},
        {"oneword", {5, 6, 21, 22, 23, 24, 25}},
    };
    std::vector<std::uint32_t> found;
    for (const auto& [key, bindings] : expected) {
        m.match(key, found);
        EXPECT_EQ(found, bindings) << "key \"" << key << "\"";
    }
}

// A pattern of many `#` against a long key that does not match: trying every way to split
// the words among the `#`s would take longer than the universe; a trie walk visiting each
// (node, word) once answers at once.
TEST(TopicExchange, AMQP02_ManyHashesAgainstALongKeyAnswerInBoundedWork) {
    std::string pattern;
    for (int i = 0; i < 40; ++i) {
        pattern += "#.";
    }
    pattern += "z";
    std::string key;
    for (int i = 0; i < 300; ++i) {
        key += "a.";
    }
    EXPECT_FALSE(matches(pattern, key + "a"));
    EXPECT_TRUE(matches(pattern, key + "z"));
    EXPECT_TRUE(matches("#.a.#.a.#.a.#", key + "a"));
}

// RabbitMQ's own tutorial (five): Q1 gets "*.orange.*", Q2 "*.*.rabbit" and "lazy.#". A key
// that two of Q2's patterns match still gives Q2 one copy; queues come in binding order.
TEST(TopicExchange, AMQP02_TheTutorialsRoutesWithOneCopyPerQueue) {
    AmqpSpec spec;
    spec.exchanges.push_back({"topic_logs", ExchangeType::Topic});
    spec.queues = {{"Q1"}, {"Q2"}};
    spec.bindings = {{"topic_logs", "Q2", "lazy.#"},
                     {"topic_logs", "Q1", "*.orange.*"},
                     {"topic_logs", "Q2", "*.*.rabbit"}};
    StringTable strings;
    const ExchangeRouter router(spec, {{"Q1", 0}, {"Q2", 1}}, {1, 2}, strings);
    const auto routed = [&](std::string_view key) {
        std::vector<std::uint32_t> queues;
        router.route(1, strings.intern(key), strings.intern("{}"), queues);
        std::string names;
        for (const std::uint32_t q : queues) {
            names += (names.empty() ? "" : ",") + std::string(q == 0 ? "Q1" : "Q2");
        }
        return names;
    };
    EXPECT_EQ(routed("quick.orange.rabbit"), "Q1,Q2");
    EXPECT_EQ(routed("lazy.orange.elephant"), "Q2,Q1") << "in binding order";
    EXPECT_EQ(routed("quick.orange.fox"), "Q1");
    EXPECT_EQ(routed("lazy.brown.fox"), "Q2");
    EXPECT_EQ(routed("lazy.pink.rabbit"), "Q2") << "two patterns, one copy";
    EXPECT_EQ(routed("quick.brown.fox"), "");
    EXPECT_EQ(routed("orange"), "");
    EXPECT_EQ(routed("quick.orange.male.rabbit"), "");
    EXPECT_EQ(routed("lazy.orange.male.rabbit"), "Q2");
    EXPECT_EQ(routed("lazy.pink.rabbit"), "Q2") << "the second time, from what was worked out";
}

// Through a whole run: what each queue gets, and a key nothing matches counted unroutable.
TEST(TopicExchange, AMQP02_ARunRoutesEachPublishByPattern) {
    Scenario s;
    s.name = "topic";
    s.broker.amqp.exchanges.push_back({"events", ExchangeType::Topic});
    s.broker.amqp.queues = {{"orders"}, {"audit"}, {"eu"}};
    s.broker.amqp.bindings = {
        {"events", "orders", "order.*"}, {"events", "audit", "#"}, {"events", "eu", "*.*.eu"}};
    for (const char* key : {"order.placed", "order.placed.eu", "payment.taken.eu", "order"}) {
        s.timeline.push_back({SimTime::zero(), publishTo("events", key)});
    }
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("orders")->published, 1u);
    EXPECT_EQ(r.queue("audit")->published, 4u);
    EXPECT_EQ(r.queue("eu")->published, 2u);
    EXPECT_EQ(r.conservation.unroutable, 0u);
}

} // namespace
} // namespace evsim
