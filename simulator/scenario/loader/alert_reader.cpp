#include "simulator/scenario/loader/alert_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"
#include "simulator/scenario/loader/percentile.h"

#include <array>
#include <iterator>
#include <span>
#include <vector>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 1> kMetricsKeys{"interval"};
constexpr std::array<std::string_view, 6> kAlertConditions{
    "depth_above",        "not_empty",    "no_consumer", "oldest_message_age_above",
    "publish_rate_below", "latency_above"};
// A partitioned log's alerts watch a group: its lag in records (ready + unsettled, as a queue's
// depth) and in time (how long its oldest unread record has waited).
constexpr std::array<std::string_view, 6> kLogAlertConditions{
    "lag_above",      "not_empty",          "no_consumer",
    "time_lag_above", "publish_rate_below", "latency_above"};
constexpr std::array<std::string_view, 9> kLogAlertKeys{"name",
                                                        "group",
                                                        "for",
                                                        "lag_above",
                                                        "not_empty",
                                                        "no_consumer",
                                                        "time_lag_above",
                                                        "publish_rate_below",
                                                        "latency_above"};
constexpr std::array<std::string_view, 9> kAlertKeys{"name",
                                                     "queue",
                                                     "for",
                                                     "depth_above",
                                                     "not_empty",
                                                     "no_consumer",
                                                     "oldest_message_age_above",
                                                     "publish_rate_below",
                                                     "latency_above"};

} // namespace

void AlertReader::readMetrics(const Json& v, const std::string& path, MetricsSpec& metrics) const {
    if (m_values.isObject(v, path, kMetricsKeys)) {
        MemberReader(m_values, v, path).positiveDuration("interval", metrics.interval);
    }
}

std::optional<AlertRule> AlertReader::read(const Json& v, const std::string& path) const {
    const bool logs = m_names.logWords();
    if (!(logs ? m_values.isObject(v, path, kLogAlertKeys)
               : m_values.isObject(v, path, kAlertKeys))) {
        m_names.markIncomplete(NameKind::Alert);
        return std::nullopt;
    }
    AlertRule rule;
    const Json* name = m_values.require(v, path, "name");
    const auto n = name ? m_values.readString(*name, at(path, "name"), true) : std::nullopt;
    if (n) {
        m_names.declare(NameKind::Alert, *n, at(path, "name"));
        rule.name = *n;
    } else {
        m_names.markIncomplete(NameKind::Alert);
    }
    const std::string_view source = logs ? "group" : "queue";
    if (const Json* queue = m_values.require(v, path, source)) {
        rule.queue = m_values.readString(*queue, at(path, source), true).value_or("");
        if (!rule.queue.empty()) {
            m_names.check(NameKind::Queue, rule.queue, at(path, source));
        }
    }
    MemberReader(m_values, v, path).duration("for", rule.forDuration);
    const std::span<const std::string_view> allConditions =
        logs ? std::span<const std::string_view>(kLogAlertConditions)
             : std::span<const std::string_view>(kAlertConditions);
    std::vector<std::string_view> conditions;
    for (const std::string_view c : allConditions) {
        if (v.contains(c)) {
            conditions.push_back(c);
        }
    }
    if (conditions.empty()) {
        m_context.fail(Code::MissingKey, path,
                       "an alert needs a condition: one of " + listOf(allConditions),
                       logs ? "e.g. \"lag_above\": 1000" : "e.g. \"depth_above\": 1000");
        return std::nullopt;
    }
    if (conditions.size() > 1) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, conditions[1]),
                            "an alert has one condition, but " + quote(conditions[0]) + " and " +
                                quote(conditions[1]) + " are both set",
                            "split it into two alerts, one per condition");
        return std::nullopt;
    }
    if (!readCondition(v[std::string(conditions[0])], at(path, conditions[0]), conditions[0],
                       rule)) {
        return std::nullopt;
    }
    return rule;
}

bool AlertReader::readCondition(const Json& v, const std::string& path, std::string_view key,
                                AlertRule& rule) const {
    using Condition = AlertRule::Condition;
    if (key == "depth_above" || key == "lag_above") {
        rule.condition = Condition::DepthAbove;
        const auto n = m_values.readInteger(v, path, 0, INT64_MAX);
        rule.threshold = static_cast<double>(n.value_or(0));
        return n.has_value();
    }
    if (key == "not_empty" || key == "no_consumer") {
        rule.condition = key == "not_empty" ? Condition::NotEmpty : Condition::NoConsumer;
        // A flag that could only be true: false would be an alert that never fires.
        if (!v.is_boolean() || !v.get<bool>()) {
            m_context.fail(Code::WrongType, path, quote(key) + " must be true, got " + describe(v),
                           v.is_boolean() ? "leave the alert out rather than turn it off" : "");
            return false;
        }
        return true;
    }
    if (key == "oldest_message_age_above" || key == "time_lag_above") {
        rule.condition = Condition::OldestMessageAgeAbove;
        const auto d = m_values.readDuration(v, path);
        rule.threshold = static_cast<double>(d.value_or(SimTime::zero()).nanos());
        return d.has_value();
    }
    if (key == "publish_rate_below") {
        rule.condition = Condition::PublishRateBelow;
        const auto r = m_values.readRate(v, path);
        rule.threshold = r ? r->perSecond : 0;
        return r.has_value();
    }
    rule.condition = Condition::LatencyAbove;
    return readLatency(v, path, rule);
}

// { "p99": "250ms" }: one percentile, like a latency expectation's but with one duration.
bool AlertReader::readLatency(const Json& v, const std::string& path, AlertRule& rule) const {
    if (!v.is_object() || v.empty()) {
        m_context.fail(v.is_object() ? Code::MissingKey : Code::WrongType, path,
                       "\"latency_above\" must be an object with one percentile, got " +
                           (v.is_object() ? std::string("an empty one") : describe(v)),
                       "e.g. \"latency_above\": { \"p99\": \"250ms\" }");
        return false;
    }
    if (v.size() > 1) {
        const std::string second = std::next(v.begin()).key();
        m_context.failAtKey(Code::ConflictingKeys, at(path, second),
                            "\"latency_above\" checks one percentile, but " +
                                quote(v.begin().key()) + " and " + quote(second) + " are both set",
                            "split it into one alert per percentile");
        return false;
    }
    const std::string key = v.begin().key();
    const std::string p = at(path, key);
    const auto percentile = percentileOf(key);
    if (!percentile) {
        m_context.failAtKey(Code::UnknownKey, p, "invalid percentile " + quote(key),
                            std::string(kPercentileHint));
        return false;
    }
    const auto d = m_values.readDuration(v.begin().value(), p);
    rule.percentile = *percentile;
    rule.threshold = static_cast<double>(d.value_or(SimTime::zero()).nanos());
    return d.has_value();
}

} // namespace evsim::loader
