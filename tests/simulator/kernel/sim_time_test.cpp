#include "simulator/kernel/sim_time.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(SimTime, ParsesEveryUnit) {
    EXPECT_EQ(parseDuration("10ns"), SimTime::fromNanos(10));
    EXPECT_EQ(parseDuration("250us"), SimTime::fromMicros(250));
    EXPECT_EQ(parseDuration("5ms"), SimTime::fromMillis(5));
    EXPECT_EQ(parseDuration("1.5s"), SimTime::fromMillis(1500));
    EXPECT_EQ(parseDuration("2m"), SimTime::fromSeconds(120));
    EXPECT_EQ(parseDuration("1h"), SimTime::fromSeconds(3600));
    EXPECT_EQ(parseDuration("0"), SimTime::zero());
}

TEST(SimTime, DecimalsAreExactWithoutFloatingPoint) {
    EXPECT_EQ(parseDuration("0.1s"), SimTime::fromMillis(100));
    EXPECT_EQ(parseDuration("0.000000001s"), SimTime::fromNanos(1));
    EXPECT_EQ(parseDuration("1.25ms"), SimTime::fromMicros(1250));
}

TEST(SimTime, ZerosPastTheNanosecondChangeNothing) {
    EXPECT_EQ(parseDuration("1.0000000000s"), SimTime::fromSeconds(1));
    EXPECT_EQ(parseDuration("0.0000000010000s"), SimTime::fromNanos(1));
    EXPECT_EQ(parseDuration("1.5000ns"), std::nullopt) << "half a nanosecond, written long";
    EXPECT_EQ(parseDuration("0.0000000001s"), std::nullopt);
    EXPECT_EQ(parseDuration("0.00000000000000000000000000001s"), std::nullopt);
}

TEST(SimTime, RejectsWhatIsNotADuration) {
    for (const char* bad : {"", "5", "ms", "-5ms", "5 ms", "5sec", "1.2.3s", ".5s", "5.s", "1.5ns",
                            "99999999999999999999h", "2562047.9h", "1e3ms", "nan", "5msx"}) {
        EXPECT_FALSE(parseDuration(bad).has_value()) << bad;
    }
}

TEST(SimTime, FormatAndParseRoundTrip) {
    for (std::int64_t ns : {1LL, 999LL, 1000LL, 1500LL, 1500000LL, 61000000000LL, 5400000000000LL,
                            3600000000000LL, 123456789LL, 7LL * 24 * 3600 * 1000000000LL}) {
        const SimTime t = SimTime::fromNanos(ns);
        const auto parsed = parseDuration(formatDuration(t));
        ASSERT_TRUE(parsed.has_value()) << formatDuration(t);
        EXPECT_EQ(*parsed, t) << formatDuration(t);
    }
    EXPECT_EQ(formatDuration(SimTime::fromMicros(1500)), "1.5ms");
    EXPECT_EQ(formatDuration(SimTime::fromSeconds(90)), "1.5m");
    EXPECT_EQ(formatDuration(SimTime::fromSeconds(61)), "61s");
    EXPECT_EQ(formatDuration(SimTime::zero()), "0");
}

TEST(SimTime, ShortFormatKeepsThreeDigitsInAReadableUnit) {
    EXPECT_EQ(formatDurationShort(SimTime::fromMicros(12345)), "12.3ms");
    EXPECT_EQ(formatDurationShort(SimTime::fromSeconds(72)), "72s");
    EXPECT_EQ(formatDurationShort(SimTime::fromSeconds(3600)), "1h");
    EXPECT_EQ(formatDurationShort(SimTime::fromSeconds(900)), "15m");
    EXPECT_EQ(formatDurationShort(SimTime::fromNanos(850)), "850ns");
}

TEST(SimTime, AdditionSaturatesInsteadOfOverflowing) {
    EXPECT_EQ(SimTime::max() + SimTime::fromSeconds(1), SimTime::max());
    EXPECT_EQ(SimTime::fromNanos(INT64_MAX - 5) + SimTime::fromNanos(10), SimTime::max());
    EXPECT_EQ(SimTime::fromSeconds(1) + SimTime::fromSeconds(2), SimTime::fromSeconds(3));
    EXPECT_EQ(parseRate("1e-300/s")->gap(), SimTime::max());
}

TEST(SimTime, ParsesRatesAsMeanGaps) {
    EXPECT_EQ(parseRate("200/s")->gap(), SimTime::fromMillis(5));
    EXPECT_EQ(parseRate("3/ms")->gap(), SimTime::fromNanos(333333));
    EXPECT_DOUBLE_EQ(parseRate("0.5/s")->perSecond, 0.5);
    EXPECT_DOUBLE_EQ(parseRate("60/m")->perSecond, 1.0);
    for (const char* bad : {"", "200", "/s", "0/s", "-1/s", "abc/s", "5/parsec", "2e9/s"}) {
        EXPECT_FALSE(parseRate(bad).has_value()) << bad;
    }
}

TEST(SimTime, RateRoundTripsThroughItsFormat) {
    for (const char* text : {"200/s", "0.5/s", "1234/s"}) {
        const auto r = parseRate(text);
        ASSERT_TRUE(r);
        EXPECT_DOUBLE_EQ(parseRate(formatRate(*r))->perSecond, r->perSecond);
    }
}

} // namespace
} // namespace evsim
