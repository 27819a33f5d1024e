#pragma once

#include "random.h"
#include "sim_time.h"

#include <string>
#include <vector>

namespace evsim {

// A distribution of durations, sampled with our own code so that a seed gives the same
// values with every standard library. Every sample is clamped to >= 0 ns.
class Distribution {
public:
    enum class Kind { Constant, Uniform, Exponential, Normal, LogNormal, Empirical };

    // One point of an empirical CDF: P(X <= value) = probability.
    struct CdfPoint {
        double probability;
        SimTime value;
    };

    Distribution() = default;
    static Distribution constant(SimTime value);
    static Distribution uniform(SimTime min, SimTime max);
    static Distribution exponential(SimTime mean);
    static Distribution normal(SimTime mean, SimTime stddev);
    // Parameterised the way people measure latency: the median and the 99th percentile.
    static Distribution logNormal(SimTime median, SimTime p99);
    // Points sorted by probability, ending at probability 1; linear between points.
    static Distribution empirical(std::vector<CdfPoint> points);

    Kind kind() const { return m_kind; }
    SimTime sample(RandomStream& rng) const;

    // The analytic mean, for documentation and tests.
    double meanNanos() const;
    // "exponential(mean=1ms)" and the like.
    std::string describe() const;

    bool operator==(const Distribution&) const = default;

private:
    Kind m_kind = Kind::Constant;
    double m_a = 0; // constant/min/mean/mu
    double m_b = 0; // max/stddev/sigma
    std::vector<CdfPoint> m_table;
};

bool operator==(const Distribution::CdfPoint& a, const Distribution::CdfPoint& b);

} // namespace evsim
