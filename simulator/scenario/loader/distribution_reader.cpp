#include "simulator/scenario/loader/distribution_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 6> kDistributions{"constant", "uniform",   "exponential",
                                                         "normal",   "lognormal", "empirical"};

} // namespace

std::optional<Distribution> DistributionReader::read(const Json& v, const std::string& path) const {
    if (v.is_string() || v.is_number()) {
        const auto d = m_values.readDuration(v, path);
        return d ? std::optional(Distribution::constant(*d)) : std::nullopt;
    }
    if (!v.is_object()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must be a duration or a distribution object, got " +
                           describe(v),
                       "e.g. \"5ms\" or { \"dist\": \"exponential\", \"mean\": \"5ms\" }");
        return std::nullopt;
    }
    const Json* distValue = m_values.require(v, path, "dist");
    const std::string distPath = at(path, "dist");
    if (!distValue) {
        return std::nullopt;
    }
    if (distValue->is_string() && distValue->get_ref<const std::string&>() == "gaussian") {
        m_context.fail(Code::UnknownChoice, distPath, "unknown distribution \"gaussian\"",
                       "did you mean \"normal\"?");
        return std::nullopt;
    }
    const auto dist = m_values.readChoice(*distValue, distPath, "distribution", kDistributions);
    if (!dist) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 2> kConstant{"dist", "value"};
    static constexpr std::array<std::string_view, 3> kUniform{"dist", "min", "max"};
    static constexpr std::array<std::string_view, 2> kExponential{"dist", "mean"};
    static constexpr std::array<std::string_view, 3> kNormal{"dist", "mean", "stddev"};
    static constexpr std::array<std::string_view, 3> kLogNormal{"dist", "median", "p99"};
    static constexpr std::array<std::string_view, 2> kEmpirical{"dist", "table"};
    const Keys keys = *dist == "constant"      ? Keys(kConstant)
                      : *dist == "uniform"     ? Keys(kUniform)
                      : *dist == "exponential" ? Keys(kExponential)
                      : *dist == "normal"      ? Keys(kNormal)
                      : *dist == "lognormal"   ? Keys(kLogNormal)
                                               : Keys(kEmpirical);
    m_values.isObject(v, path, keys);
    if (*dist == "empirical") {
        return readEmpirical(v, path);
    }
    // The parameters, in the order of `keys`; all are required durations.
    std::array<std::optional<SimTime>, 2> p;
    bool complete = true;
    for (std::size_t i = 1; i < keys.size(); ++i) {
        if (const Json* value = m_values.require(v, path, keys[i])) {
            p[i - 1] = m_values.readDuration(*value, at(path, keys[i]));
        }
        complete = complete && p[i - 1].has_value();
    }
    if (!complete) {
        return std::nullopt;
    }
    const auto notBelow = [&](std::size_t hi, std::size_t lo) {
        if (*p[hi - 1] >= *p[lo - 1]) {
            return true;
        }
        m_context.fail(Code::BadDistribution, at(path, keys[hi]),
                       quote(keys[hi]) + " (" + formatDuration(*p[hi - 1]) + ") is less than " +
                           quote(keys[lo]) + " (" + formatDuration(*p[lo - 1]) + ")");
        return false;
    };
    const auto positive = [&](std::size_t i) {
        if (*p[i - 1] > SimTime::zero()) {
            return true;
        }
        m_context.fail(Code::BadDistribution, at(path, keys[i]),
                       "the " + std::string(*dist) + " " + std::string(keys[i]) +
                           " must be greater than 0");
        return false;
    };
    if (*dist == "constant") {
        return Distribution::constant(*p[0]);
    }
    if (*dist == "uniform") {
        return notBelow(2, 1) ? std::optional(Distribution::uniform(*p[0], *p[1])) : std::nullopt;
    }
    if (*dist == "exponential") {
        return positive(1) ? std::optional(Distribution::exponential(*p[0])) : std::nullopt;
    }
    if (*dist == "normal") {
        return Distribution::normal(*p[0], *p[1]);
    }
    const bool ok = positive(1) && notBelow(2, 1);
    return ok ? std::optional(Distribution::logNormal(*p[0], *p[1])) : std::nullopt;
}

std::optional<Distribution> DistributionReader::readEmpirical(const Json& v,
                                                              const std::string& path) const {
    const Json* table = m_values.require(v, path, "table");
    const std::string tablePath = at(path, "table");
    if (!table || !m_values.isArray(*table, tablePath) ||
        !m_values.withinLimit(*table, tablePath, kMaxEmpiricalPoints)) {
        return std::nullopt;
    }
    if (table->empty()) {
        m_context.fail(
            Code::BadDistribution, tablePath, "an empirical table needs at least one point",
            "e.g. [[0.5, \"1ms\"], [1.0, \"5ms\"]]: half the values up to 1ms, all up to 5ms");
        return std::nullopt;
    }
    std::vector<Distribution::CdfPoint> points;
    bool ok = true;
    for (std::size_t i = 0; i < table->size() && !m_context.enough(); ++i) {
        const Json& entry = (*table)[i];
        const std::string entryPath = JsonSourceMap::elementPath(tablePath, i);
        if (!entry.is_array() || entry.size() != 2) {
            m_context.fail(Code::BadDistribution, entryPath,
                           label(entryPath) + " must be a [probability, duration] pair, got " +
                               describe(entry));
            ok = false;
            continue;
        }
        const std::string pPath = JsonSourceMap::elementPath(entryPath, 0);
        const std::string vPath = JsonSourceMap::elementPath(entryPath, 1);
        const auto p = m_values.readProbability(entry[0], pPath);
        const auto value = m_values.readDuration(entry[1], vPath);
        if (!p || !value) {
            ok = false;
            continue;
        }
        if (!points.empty() && *p <= points.back().probability) {
            m_context.fail(
                Code::BadDistribution, pPath,
                "probability " + numberText(*p) + " is not above the one before it (" +
                    numberText(points.back().probability) + ")",
                "an empirical table is a cumulative distribution: probabilities strictly rise");
            ok = false;
        } else if (!points.empty() && *value < points.back().value) {
            m_context.fail(
                Code::BadDistribution, vPath,
                "value " + formatDuration(*value) + " is less than the one before it (" +
                    formatDuration(points.back().value) + ")",
                "an empirical table is a cumulative distribution: values never decrease");
            ok = false;
        }
        points.push_back({*p, *value});
    }
    if (ok && points.back().probability != 1.0) {
        const std::string last =
            JsonSourceMap::elementPath(JsonSourceMap::elementPath(tablePath, table->size() - 1), 0);
        m_context.fail(Code::BadDistribution, last,
                       "the last probability must be 1, got " +
                           numberText(points.back().probability),
                       "end the table with the largest value, e.g. [1.0, \"20ms\"]");
        ok = false;
    }
    return ok ? std::optional(Distribution::empirical(std::move(points))) : std::nullopt;
}

} // namespace evsim::loader
