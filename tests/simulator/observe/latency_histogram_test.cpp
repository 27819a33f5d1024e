#include "simulator/observe/latency_histogram.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(LatencyHistogram, SmallValuesAreExact) {
    LatencyHistogram h;
    for (int i = 1; i <= 50; ++i) {
        h.add(SimTime::fromNanos(i));
    }
    EXPECT_EQ(h.percentile(50).nanos(), 25);
    EXPECT_EQ(h.percentile(100).nanos(), 50);
    EXPECT_EQ(h.min().nanos(), 1);
}

TEST(LatencyHistogram, PercentilesAreWithinThreePercent) {
    LatencyHistogram h;
    for (int i = 1; i <= 100000; ++i) {
        h.add(SimTime::fromMicros(i));
    }
    EXPECT_EQ(h.count(), 100000u);
    for (double p : {50.0, 90.0, 99.0, 99.9}) {
        const double exact = p / 100 * 100000 * 1000;
        EXPECT_NEAR(static_cast<double>(h.percentile(p).nanos()), exact, exact * 0.03) << p;
    }
    EXPECT_EQ(h.percentile(100), h.max());
}

TEST(LatencyHistogram, EmptyReportsZero) {
    LatencyHistogram h;
    EXPECT_EQ(h.percentile(99), SimTime::zero());
    EXPECT_EQ(h.max(), SimTime::zero());
}

} // namespace
// Counts are 32-bit until one would wrap: then every count moves to 64 bits, and nothing is
// lost on the way (a wrapped count would make the 99th percentile jump to the smallest value).
TEST(LatencyHistogram, ACountThatWouldWrapMovesEveryCountToSixtyFourBits) {
    LatencyHistogram narrow(3);
    LatencyHistogram wide;
    const auto addBoth = [&](SimTime t) {
        narrow.add(t);
        wide.add(t);
    };
    for (int i = 0; i < 5; ++i) {
        addBoth(SimTime::fromMicros(10));
    }
    addBoth(SimTime::fromMicros(1)); // extends the range down, after the move
    addBoth(SimTime::fromMillis(2)); // and up
    for (int i = 0; i < 4; ++i) {
        addBoth(SimTime::fromMillis(2));
    }
    EXPECT_EQ(narrow.count(), 11u);
    for (const double p : {1.0, 10.0, 50.0, 54.0, 55.0, 60.0, 99.0, 100.0}) {
        EXPECT_EQ(narrow.percentile(p), wide.percentile(p)) << "p" << p;
    }
    EXPECT_EQ(narrow.percentile(50), wide.percentile(50));
    EXPECT_GT(narrow.memoryBytes(), wide.memoryBytes()) << "64-bit counts take twice the room";
    LatencyHistogram copied(5);
    copied = narrow; // RunSummary copies histograms: the 64-bit counts go with it
    EXPECT_EQ(copied.percentile(99), wide.percentile(99));
    EXPECT_EQ(copied.memoryBytes(), narrow.memoryBytes());
}

} // namespace evsim
