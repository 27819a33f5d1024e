// Headers exchanges (AMQP03), as RabbitMQ 3.10's rabbit_exchange_type_headers matches: the
// routing key plays no part; x-match all or any; x- arguments only with all-with-x or
// any-with-x; a null argument asks for presence; values compare as Erlang's == does.
#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/broker/amqp/headers_matcher.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

using testkit::publishTo;

// Whether a binding with `arguments` routes a message with `headers` (both JSON objects).
bool routes(std::string_view arguments, std::string_view headers) {
    AmqpSpec spec;
    spec.exchanges.push_back({"h", ExchangeType::Headers});
    spec.queues = {{"q"}};
    BindingSpec b{"h", "q", "ignored"};
    b.arguments = arguments;
    spec.bindings.push_back(b);
    StringTable strings;
    const ExchangeRouter router(spec, {{"q", 0}}, {1, 2}, strings);
    std::vector<std::uint32_t> queues;
    router.route(1, strings.intern("any.key"), strings.intern(headers), queues);
    return !queues.empty();
}

TEST(HeadersExchange, AMQP03_AllWantsEveryArgumentAmongTheHeadersWithAnEqualValue) {
    const char* both = R"({"x-match":"all","format":"pdf","type":"report"})";
    EXPECT_TRUE(routes(both, R"({"format":"pdf","type":"report"})"));
    EXPECT_TRUE(routes(both, R"({"type":"report","format":"pdf","extra":1})"))
        << "headers the binding does not name do not matter";
    EXPECT_FALSE(routes(both, R"({"format":"pdf"})")) << "one missing";
    EXPECT_FALSE(routes(both, R"({"format":"pdf","type":"log"})")) << "one different";
    EXPECT_FALSE(routes(both, "{}"));
    EXPECT_TRUE(
        routes(R"({"format":"pdf","type":"report"})", R"({"format":"pdf","type":"report"})"))
        << "without x-match, all";
    EXPECT_FALSE(routes(R"({"format":"pdf","type":"report"})", R"({"format":"pdf"})"))
        << "without x-match, all, not any";
}

TEST(HeadersExchange, AMQP03_AnyWantsOneArgumentAmongTheHeadersWithAnEqualValue) {
    const char* either = R"({"x-match":"any","format":"pdf","type":"report"})";
    EXPECT_TRUE(routes(either, R"({"format":"pdf"})"));
    EXPECT_TRUE(routes(either, R"({"type":"report","format":"zip"})"));
    EXPECT_FALSE(routes(either, R"({"format":"zip","type":"log"})"));
    EXPECT_FALSE(routes(either, R"({"other":"pdf"})"));
}

TEST(HeadersExchange, AMQP03_XArgumentsTakePartOnlyWithAllWithXOrAnyWithX) {
    // Under all, x-trace is not asked for: the message need not carry it.
    EXPECT_TRUE(routes(R"({"x-match":"all","x-trace":"on","a":1})", R"({"a":1})"));
    EXPECT_FALSE(routes(R"({"x-match":"all-with-x","x-trace":"on","a":1})", R"({"a":1})"));
    EXPECT_TRUE(
        routes(R"({"x-match":"all-with-x","x-trace":"on","a":1})", R"({"a":1,"x-trace":"on"})"));
    // Under any, a matching x- header alone is not enough; under any-with-x it is.
    EXPECT_FALSE(routes(R"({"x-match":"any","x-trace":"on","a":1})", R"({"x-trace":"on"})"));
    EXPECT_TRUE(routes(R"({"x-match":"any-with-x","x-trace":"on","a":1})", R"({"x-trace":"on"})"));
    // x-match itself is never a header to match, even with x.
    EXPECT_TRUE(routes(R"({"x-match":"all-with-x","a":1})", R"({"a":1})"));
}

TEST(HeadersExchange, AMQP03_ANullArgumentAsksOnlyThatTheHeaderBeThere) {
    EXPECT_TRUE(routes(R"({"tenant":null})", R"({"tenant":"acme"})"));
    EXPECT_TRUE(routes(R"({"tenant":null})", R"({"tenant":7})"));
    EXPECT_FALSE(routes(R"({"tenant":null})", R"({"region":"eu"})"));
    EXPECT_TRUE(routes(R"({"x-match":"any","tenant":null,"a":1})", R"({"tenant":false})"));
}

TEST(HeadersExchange, AMQP03_NothingToMatchRoutesEveryMessageUnderAllAndNoneUnderAny) {
    for (const char* headers : {"{}", R"({"a":1})", ""}) {
        EXPECT_TRUE(routes("", headers)) << "no arguments: all, vacuously";
        EXPECT_TRUE(routes("{}", headers));
        EXPECT_TRUE(routes(R"({"x-match":"all","x-only":1})", headers));
        EXPECT_FALSE(routes(R"({"x-match":"any"})", headers));
        EXPECT_FALSE(routes(R"({"x-match":"any","x-only":1})", headers));
    }
}

TEST(HeadersExchange, AMQP03_ValuesCompareAsRabbitMqComparesFieldValues) {
    EXPECT_TRUE(routes(R"({"n":10})", R"({"n":10.0})")) << "Erlang: 10 == 10.0";
    EXPECT_TRUE(routes(R"({"n":-2.5})", R"({"n":-2.50})"));
    EXPECT_FALSE(routes(R"({"n":10})", R"({"n":"10"})")) << "a string is not a number";
    EXPECT_FALSE(routes(R"({"n":"10"})", R"({"n":10})"));
    EXPECT_FALSE(routes(R"({"b":true})", R"({"b":1})")) << "a boolean is not a number";
    EXPECT_TRUE(routes(R"({"b":false})", R"({"b":false})"));
    EXPECT_FALSE(routes(R"({"s":"EU"})", R"({"s":"eu"})")) << "case matters";
    EXPECT_TRUE(routes(R"({"t":{"k":[1,2]}})", R"({"t":{"k":[1,2]}})")) << "tables and arrays";
    EXPECT_FALSE(routes(R"({"t":{"k":[1,2]}})", R"({"t":{"k":[2,1]}})"));
    EXPECT_FALSE(routes(R"({"v":null})", R"({})"));
    EXPECT_TRUE(sameFieldValue("1e2", "100"));
    EXPECT_FALSE(sameFieldValue("\"1e2\"", "100"));
}

// Several bindings: the routing key plays no part, queues come in binding order, and a queue
// two bindings match gets one copy; a route worked out once is remembered, and the same
// headers written in another order are the same headers.
TEST(HeadersExchange, AMQP03_TheKeyIsIgnoredAndAQueueTwoBindingsMatchGetsOneCopy) {
    AmqpSpec spec;
    spec.exchanges.push_back({"h", ExchangeType::Headers});
    spec.queues = {{"eu"}, {"gold"}};
    BindingSpec gold{"h", "gold", "gold"};
    gold.arguments = R"({"tier":"gold"})";
    BindingSpec eu{"h", "eu", "eu"};
    eu.arguments = R"({"region":"eu"})";
    BindingSpec euAgain{"h", "eu", ""};
    euAgain.arguments = R"({"x-match":"any","region":"eu","country":"fr"})";
    spec.bindings = {gold, eu, euAgain};
    StringTable strings;
    const ExchangeRouter router(spec, {{"eu", 0}, {"gold", 1}}, {1, 2}, strings);
    const auto routed = [&](std::string_view key, std::string_view headers) {
        std::vector<std::uint32_t> queues;
        router.route(1, strings.intern(key), strings.intern(headers), queues);
        std::string names;
        for (const std::uint32_t q : queues) {
            names += (names.empty() ? "" : ",") + std::string(q == 0 ? "eu" : "gold");
        }
        return names;
    };
    EXPECT_EQ(routed("gold", R"({"region":"eu"})"), "eu") << "the key plays no part";
    EXPECT_EQ(routed("", R"({"region":"eu","tier":"gold","country":"fr"})"), "gold,eu");
    EXPECT_EQ(routed("", R"({"country":"fr","tier":"gold","region":"eu"})"), "gold,eu");
    EXPECT_EQ(routed("x", R"({"country":"fr"})"), "eu");
    EXPECT_EQ(routed("x", "{}"), "");
    EXPECT_EQ(routed("y", R"({"country":"fr"})"), "eu") << "remembered, and no other key matters";
}

// Through a whole run: producers' headers decide where copies go; a message no binding
// matches is unroutable.
TEST(HeadersExchange, AMQP03_ARunRoutesEachPublishByItsHeaders) {
    Scenario s;
    s.name = "headers";
    s.broker.amqp.exchanges.push_back({"docs", ExchangeType::Headers});
    s.broker.amqp.queues = {{"pdf"}, {"reports"}};
    BindingSpec pdf{"docs", "pdf", ""};
    pdf.arguments = R"({"format":"pdf"})";
    BindingSpec reports{"docs", "reports", ""};
    reports.arguments = R"({"x-match":"any","type":"report","urgent":true})";
    s.broker.amqp.bindings = {pdf, reports};
    for (const char* headers :
         {R"({"format":"pdf","type":"report"})", R"({"format":"zip","urgent":true})",
          R"({"format":"pdf"})", R"({"format":"zip"})"}) {
        PublishMessage p = publishTo("docs", "ignored");
        p.headers = headers;
        s.timeline.push_back({SimTime::zero(), p});
    }
    Simulation sim(s);
    sim.run();
    const RunSummary r = sim.summary();
    EXPECT_EQ(r.queue("pdf")->published, 2u);
    EXPECT_EQ(r.queue("reports")->published, 2u);
    EXPECT_EQ(r.conservation.unroutable, 1u);
}

} // namespace
} // namespace evsim
