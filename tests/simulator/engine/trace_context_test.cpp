#include "simulator/engine/trace_context.h"

#include <gtest/gtest.h>
#include <regex>
#include <string>

namespace evsim {
namespace {

Message rootMessage(std::uint32_t id) {
    Message m;
    m.id = id;
    m.traceRoot = id;
    m.eventId = id;
    return m;
}

TEST(TraceContext, TRACE01_TraceparentHasTheW3CFormat) {
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        const TraceContext t = traceContextOf(seed, rootMessage(7), 3);
        ASSERT_TRUE(
            std::regex_match(t.traceparent(), std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-01")))
            << t.traceparent();
        EXPECT_NE(t.traceId, std::string(32, '0'));
        EXPECT_NE(t.spanId, std::string(16, '0'));
        EXPECT_TRUE(t.parentSpanId.empty()) << "a root has no parent";
        std::string error;
        const auto parsed = parseTraceparent(t.traceparent(), error);
        ASSERT_TRUE(parsed.has_value()) << error;
        EXPECT_EQ(hexId(parsed->traceId), t.traceId);
        EXPECT_EQ(hexId(parsed->parentId), t.spanId);
        EXPECT_EQ(parsed->flags, 1);
    }
}

TEST(TraceContext, TRACE01_MalformedTraceparentsAreRejected) {
    const std::string good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    std::string error;
    ASSERT_TRUE(parseTraceparent(good, error).has_value()) << error;
    const std::pair<std::string, std::string> bad[] = {
        {"", "55 characters"},
        {good.substr(0, 54), "55 characters"},
        {good + "-", "55 characters"},
        {"ff" + good.substr(2), "version ff"},
        {"01" + good.substr(2), "version 00"},
        {"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "lowercase"},
        {"00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", "hexadecimal"},
        {"00-00000000000000000000000000000000-00f067aa0ba902b7-01", "trace id is all zeros"},
        {"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "parent id is all zeros"},
        {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0z", "hexadecimal"},
        {"00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "55 characters"},
    };
    for (const auto& [text, why] : bad) {
        error.clear();
        EXPECT_FALSE(parseTraceparent(text, error).has_value()) << text;
        EXPECT_NE(error.find(why), std::string::npos) << text << ": " << error;
    }
}

TEST(TraceContext, TRACE01_ATraceIdAloneIsThirtyTwoHexDigitsNotAllZero) {
    std::string error;
    const auto id = parseTraceId("4BF92F3577B34DA6A3CE929D0E0E4736", error);
    ASSERT_TRUE(id.has_value()) << error;
    EXPECT_EQ(hexId(*id), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_FALSE(parseTraceId(std::string(32, '0'), error).has_value());
    EXPECT_FALSE(parseTraceId("4bf92f3577b34da6", error).has_value());
    EXPECT_FALSE(parseTraceId("4bf92f3577b34da6a3ce929d0e0e473x", error).has_value());
}

// An emitted event's parent span is the span that processed the delivery that emitted it:
// another delivery of the same message, or another consumer, is another span.
TEST(TraceContext, TRACE02_AnEmittedEventsParentIsTheSpanThatProcessedItsParent) {
    Message child;
    child.id = 20;
    child.parent = 5;
    child.traceRoot = 5;
    child.eventId = 20;
    child.parentAttempt = 2;
    const TraceContext parent = traceContextOf(9, rootMessage(5), 3);
    const TraceContext c = traceContextOf(9, child, 11);
    EXPECT_EQ(c.traceId, parent.traceId) << "one trace";
    EXPECT_EQ(c.parentSpanId, hexId(processSpanIdOf(9, 5, 11, 2)));
    EXPECT_NE(c.parentSpanId, parent.spanId);
    EXPECT_NE(processSpanIdOf(9, 5, 11, 1), processSpanIdOf(9, 5, 11, 2));
    EXPECT_NE(processSpanIdOf(9, 5, 11, 2), processSpanIdOf(9, 5, 12, 2));
    EXPECT_NE(processSpanIdOf(9, 5, 11, 2), processSpanIdOf(9, 6, 11, 2));
}

// A producer's retry of an unconfirmed publish is a new span of the same trace, under the first
// attempt's.
TEST(TraceContext, TRACE02_APublishRetryIsANewSpanUnderTheFirstAttempt) {
    Message retry;
    retry.id = 30;
    retry.traceRoot = 4;
    retry.eventId = 4;
    const TraceContext first = traceContextOf(9, rootMessage(4), 3);
    const TraceContext again = traceContextOf(9, retry, 3);
    EXPECT_EQ(again.traceId, first.traceId);
    EXPECT_NE(again.spanId, first.spanId);
    EXPECT_EQ(again.parentSpanId, first.spanId);
}

} // namespace
} // namespace evsim
