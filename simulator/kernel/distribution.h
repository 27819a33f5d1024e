#pragma once

#include "simulator/kernel/random.h"
#include "simulator/kernel/sim_time.h"

#include <cmath>
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

    // The common kinds are inline so that each call site, which always samples the same
    // distribution, gets its own well-predicted branch instead of one shared jump table.
    SimTime sample(RandomStream& rng) const {
        switch (m_kind) {
        case Kind::Constant:
            return toTime(m_a);
        case Kind::Uniform:
            return toTime(m_a + (m_b - m_a) * rng.uniform01());
        case Kind::Exponential:
            // 1 - u lies in (0, 1], so the logarithm is finite.
            return toTime(-m_a * std::log(1.0 - rng.uniform01()));
        default:
            return sampleOther(rng);
        }
    }

    // True when (practically) every sample is 0 ns: such a gap never lets time pass.
    bool isEffectivelyZero() const;

    // The analytic mean, for documentation and tests.
    double meanNanos() const;
    // "exponential(mean=1ms)" and the like.
    std::string describe() const;
    // The scenario format's way of writing it: "\"5ms\"" for a constant, otherwise an object
    // such as {"dist": "uniform", "min": "1ms", "max": "3ms"}. A lognormal's median and p99
    // are recomputed from its parameters, to the nearest nanosecond.
    std::string json() const;

    bool operator==(const Distribution&) const = default;

private:
    // Rounds to whole nanoseconds, half up, clamped to [0, max]: cheaper than llround, which
    // is a libm call.
    static SimTime toTime(double ns) {
        if (!(ns > 0)) {
            return SimTime::zero();
        }
        if (ns >= 9.2e18) {
            return SimTime::max();
        }
        return SimTime::fromNanos(static_cast<std::int64_t>(ns + 0.5));
    }
    SimTime sampleOther(RandomStream& rng) const;

    Kind m_kind = Kind::Constant;
    double m_a = 0; // constant/min/mean/mu
    double m_b = 0; // max/stddev/sigma
    std::vector<CdfPoint> m_table;
};

bool operator==(const Distribution::CdfPoint& a, const Distribution::CdfPoint& b);

} // namespace evsim
