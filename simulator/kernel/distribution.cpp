#include "simulator/kernel/distribution.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace evsim {
namespace {

// z such that P(Z <= z) = 0.99 for a standard normal.
constexpr double kZ99 = 2.3263478740408408;

double nanos(SimTime t) {
    return static_cast<double>(t.nanos());
}

} // namespace

bool operator==(const Distribution::CdfPoint& a, const Distribution::CdfPoint& b) {
    return a.probability == b.probability && a.value == b.value;
}

Distribution Distribution::constant(SimTime value) {
    Distribution d;
    d.m_kind = Kind::Constant;
    d.m_a = nanos(value);
    return d;
}

Distribution Distribution::uniform(SimTime min, SimTime max) {
    Distribution d;
    d.m_kind = Kind::Uniform;
    d.m_a = nanos(min);
    d.m_b = nanos(max);
    return d;
}

Distribution Distribution::exponential(SimTime mean) {
    Distribution d;
    d.m_kind = Kind::Exponential;
    d.m_a = nanos(mean);
    return d;
}

Distribution Distribution::normal(SimTime mean, SimTime stddev) {
    Distribution d;
    d.m_kind = Kind::Normal;
    d.m_a = nanos(mean);
    d.m_b = nanos(stddev);
    return d;
}

Distribution Distribution::logNormal(SimTime median, SimTime p99) {
    Distribution d;
    d.m_kind = Kind::LogNormal;
    d.m_a = std::log(std::max(1.0, nanos(median)));
    d.m_b = std::max(0.0, (std::log(std::max(1.0, nanos(p99))) - d.m_a) / kZ99);
    return d;
}

Distribution Distribution::empirical(std::vector<CdfPoint> points) {
    Distribution d;
    d.m_kind = Kind::Empirical;
    d.m_table = std::move(points);
    return d;
}

SimTime Distribution::sampleOther(RandomStream& rng) const {
    switch (m_kind) {
    case Kind::Constant:
    case Kind::Uniform:
    case Kind::Exponential:
        return sample(rng);
    case Kind::Normal:
    case Kind::LogNormal: {
        // Box-Muller, one value per pair: simpler state, and the stream stays easy to reason about.
        const double u1 = 1.0 - rng.uniform01();
        const double u2 = rng.uniform01();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
        if (m_kind == Kind::Normal) {
            return toTime(m_a + m_b * z);
        }
        return toTime(std::exp(m_a + m_b * z));
    }
    case Kind::Empirical: {
        const double u = rng.uniform01();
        const auto it =
            std::lower_bound(m_table.begin(), m_table.end(), u,
                             [](const CdfPoint& p, double v) { return p.probability < v; });
        if (it == m_table.begin()) {
            return it->value;
        }
        if (it == m_table.end()) {
            return m_table.back().value;
        }
        const CdfPoint& lo = *(it - 1);
        const double span = it->probability - lo.probability;
        const double f = span > 0 ? (u - lo.probability) / span : 1.0;
        return toTime(nanos(lo.value) + f * (nanos(it->value) - nanos(lo.value)));
    }
    }
    return SimTime::zero();
}

bool Distribution::isEffectivelyZero() const {
    switch (m_kind) {
    case Kind::Constant:
        return m_a < 0.5;
    case Kind::Uniform:
        return m_b < 0.5;
    case Kind::Exponential:
        return m_a <= 0;
    case Kind::Normal:
        return m_a + 6 * m_b < 0.5; // six standard deviations: never above 0 in practice
    case Kind::LogNormal:
        return std::exp(m_a + 6 * m_b) < 0.5;
    case Kind::Empirical:
        return m_table.empty() || m_table.back().value < SimTime::fromNanos(1);
    }
    return false;
}

double Distribution::meanNanos() const {
    switch (m_kind) {
    case Kind::Constant:
    case Kind::Exponential:
    case Kind::Normal:
        return m_a;
    case Kind::Uniform:
        return (m_a + m_b) / 2;
    case Kind::LogNormal:
        return std::exp(m_a + m_b * m_b / 2);
    case Kind::Empirical: {
        double mean = 0;
        double prevP = 0;
        double prevV = m_table.empty() ? 0 : nanos(m_table.front().value);
        for (const CdfPoint& p : m_table) {
            mean += (p.probability - prevP) * (prevV + nanos(p.value)) / 2;
            prevP = p.probability;
            prevV = nanos(p.value);
        }
        return mean;
    }
    }
    return 0;
}

std::string Distribution::describe() const {
    auto t = [](double ns) {
        return formatDurationShort(toTime(ns));
    };
    switch (m_kind) {
    case Kind::Constant:
        return "constant(" + t(m_a) + ")";
    case Kind::Uniform:
        return "uniform(" + t(m_a) + ", " + t(m_b) + ")";
    case Kind::Exponential:
        return "exponential(mean=" + t(m_a) + ")";
    case Kind::Normal:
        return "normal(mean=" + t(m_a) + ", stddev=" + t(m_b) + ")";
    case Kind::LogNormal:
        return "lognormal(median=" + t(std::exp(m_a)) + ", p99=" + t(std::exp(m_a + kZ99 * m_b)) +
               ")";
    case Kind::Empirical:
        return "empirical(" + std::to_string(m_table.size()) + " points)";
    }
    return "?";
}

} // namespace evsim

namespace evsim {

std::string Distribution::json() const {
    const auto d = [](double ns) {
        return "\"" + formatDuration(toTime(ns)) + "\"";
    };
    switch (m_kind) {
    case Kind::Constant:
        return d(m_a);
    case Kind::Uniform:
        return "{\"dist\": \"uniform\", \"min\": " + d(m_a) + ", \"max\": " + d(m_b) + "}";
    case Kind::Exponential:
        return "{\"dist\": \"exponential\", \"mean\": " + d(m_a) + "}";
    case Kind::Normal:
        return "{\"dist\": \"normal\", \"mean\": " + d(m_a) + ", \"stddev\": " + d(m_b) + "}";
    case Kind::LogNormal:
        return "{\"dist\": \"lognormal\", \"median\": " + d(std::exp(m_a)) +
               ", \"p99\": " + d(std::exp(m_a + kZ99 * m_b)) + "}";
    case Kind::Empirical: {
        std::string out = "{\"dist\": \"empirical\", \"table\": [";
        for (std::size_t i = 0; i < m_table.size(); ++i) {
            char p[32];
            const auto end = std::to_chars(p, p + sizeof p, m_table[i].probability).ptr;
            out += (i ? ", [" : "[") + std::string(p, end) + ", " +
                   d(static_cast<double>(m_table[i].value.nanos())) + "]";
        }
        return out + "]}";
    }
    }
    return "\"0\"";
}

} // namespace evsim
