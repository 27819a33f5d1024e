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
} // namespace evsim
