#include "simulator/kernel/distribution.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <vector>

namespace evsim {
namespace {

constexpr int kSamples = 200000;

std::vector<double> draw(const Distribution& d, std::uint64_t seed = 1) {
    RandomStream r(seed, 99);
    std::vector<double> v;
    v.reserve(kSamples);
    for (int i = 0; i < kSamples; ++i) {
        v.push_back(static_cast<double>(d.sample(r).nanos()));
    }
    std::sort(v.begin(), v.end());
    return v;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) {
        s += x;
    }
    return s / static_cast<double>(v.size());
}

double quantile(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

const SimTime ms = SimTime::fromMillis(1);

TEST(Distribution, ConstantAlwaysGivesItsValue) {
    const auto v = draw(Distribution::constant(SimTime::fromMicros(250)));
    EXPECT_EQ(v.front(), 250000);
    EXPECT_EQ(v.back(), 250000);
}

TEST(Distribution, UniformHasItsMeanAndBounds) {
    const auto v = draw(Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5)));
    EXPECT_NEAR(mean(v), 3e6, 3e6 * 0.01);
    EXPECT_GE(v.front(), 1e6);
    EXPECT_LE(v.back(), 5e6);
    EXPECT_NEAR(quantile(v, 0.5), 3e6, 3e6 * 0.01);
}

TEST(Distribution, ExponentialHasItsMeanAndMedian) {
    const auto v = draw(Distribution::exponential(ms));
    EXPECT_NEAR(mean(v), 1e6, 1e6 * 0.01);
    EXPECT_NEAR(quantile(v, 0.5), 1e6 * std::log(2.0), 1e6 * 0.02);
    EXPECT_NEAR(quantile(v, 0.99), 1e6 * std::log(100.0), 1e6 * 0.15);
}

TEST(Distribution, NormalHasItsMeanAndSpread) {
    const auto v = draw(Distribution::normal(SimTime::fromMillis(10), SimTime::fromMillis(2)));
    EXPECT_NEAR(mean(v), 10e6, 10e6 * 0.01);
    EXPECT_NEAR(quantile(v, 0.5), 10e6, 10e6 * 0.01);
    EXPECT_NEAR(quantile(v, 0.99), 10e6 + 2.326 * 2e6, 2e6 * 0.1);
}

TEST(Distribution, LogNormalHitsTheMedianAndP99ItWasGiven) {
    const Distribution d = Distribution::logNormal(SimTime::fromMillis(8), SimTime::fromMillis(40));
    const auto v = draw(d);
    EXPECT_NEAR(quantile(v, 0.5), 8e6, 8e6 * 0.02);
    EXPECT_NEAR(quantile(v, 0.99), 40e6, 40e6 * 0.05);
    EXPECT_NEAR(mean(v), d.meanNanos(), d.meanNanos() * 0.02);
}

TEST(Distribution, EmpiricalInterpolatesItsTable) {
    const Distribution d = Distribution::empirical({{0.0, SimTime::fromMillis(1)},
                                                    {0.5, SimTime::fromMillis(2)},
                                                    {1.0, SimTime::fromMillis(10)}});
    const auto v = draw(d);
    EXPECT_NEAR(quantile(v, 0.25), 1.5e6, 1.5e6 * 0.02);
    EXPECT_NEAR(quantile(v, 0.5), 2e6, 2e6 * 0.02);
    EXPECT_NEAR(quantile(v, 0.75), 6e6, 6e6 * 0.02);
    EXPECT_GE(v.front(), 1e6);
    EXPECT_LE(v.back(), 10e6);
    EXPECT_NEAR(mean(v), d.meanNanos(), d.meanNanos() * 0.02);
}

TEST(Distribution, SamplesAreNeverNegative) {
    const auto v = draw(Distribution::normal(SimTime::fromMillis(1), SimTime::fromMillis(5)));
    EXPECT_GE(v.front(), 0);
}

TEST(Distribution, SameSeedGivesSameSamples) {
    const Distribution d = Distribution::exponential(ms);
    EXPECT_EQ(draw(d, 5), draw(d, 5));
    EXPECT_NE(draw(d, 5), draw(d, 6));
}

TEST(Distribution, DescribesItself) {
    EXPECT_EQ(Distribution::exponential(ms).describe(), "exponential(mean=1ms)");
    EXPECT_EQ(Distribution::uniform(ms, SimTime::fromMillis(5)).describe(), "uniform(1ms, 5ms)");
}

} // namespace
} // namespace evsim
