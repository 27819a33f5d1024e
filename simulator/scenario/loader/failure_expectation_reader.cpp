#include "simulator/scenario/loader/failure_expectation_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 4> kReasons{"rejected", "expired", "maxlen",
                                                   "delivery_limit"};

Expectation make(Expectation::Kind kind, const std::string& subject, std::string_view metric,
                 std::string path) {
    Expectation e;
    e.kind = kind;
    e.subject = subject;
    e.metric = std::string(metric);
    e.jsonPath = std::move(path);
    return e;
}

} // namespace

bool FailureExpectationReader::isCompanion(std::string_view metric) {
    return metric == "after" || metric == "of";
}

void FailureExpectationReader::readDeadLettered(const Json& v, const std::string& path,
                                                const std::string& queue,
                                                std::vector<Expectation>& out) const {
    // A count, { "min", "max" }, or ranges by reason: the keys tell the two objects apart.
    if (!v.is_object() || v.contains("min") || v.contains("max")) {
        Expectation e = make(Expectation::Kind::QueueCount, queue, "dead_lettered", path);
        e.range = m_values.readRange(v, path, false).value_or(Range{});
        out.push_back(std::move(e));
        return;
    }
    m_values.isObject(v, path, kReasons);
    if (v.empty()) {
        m_context.fail(Code::BadExpectation, path, "\"dead_lettered\" checks nothing",
                       "give a count range, or a range for some of " + listOf(kReasons));
        return;
    }
    for (const std::string_view reason : kReasons) {
        if (!v.contains(reason)) {
            continue;
        }
        const std::string p = at(path, reason);
        Expectation e = make(Expectation::Kind::QueueCount, queue, "dead_lettered", p);
        e.reason = std::string(reason);
        e.range = m_values.readRange(v[std::string(reason)], p, false).value_or(Range{});
        out.push_back(std::move(e));
    }
}

bool FailureExpectationReader::readTimed(const Json& obj, const std::string& path,
                                         std::string_view metric, std::string_view companion,
                                         Expectation& e) const {
    const std::string metricPath = at(path, metric);
    const std::string companionPath = at(path, companion);
    if (!obj.contains(metric)) {
        m_context.failAtKey(Code::MissingKey, companionPath,
                            quote(companion) + " goes with " + quote(metric),
                            "add " + quote(metric) + ", or remove " + quote(companion));
        return false;
    }
    const auto within = m_values.readDuration(obj[std::string(metric)], metricPath);
    e.within = within.value_or(SimTime::zero()).nanos();
    if (!obj.contains(companion)) {
        m_context.fail(Code::MissingKey, path,
                       quote(metric) + " needs " + quote(companion) +
                           ": the name of the timeline entry it counts from",
                       "e.g. " + quote(companion) +
                           ": \"billing-down\", with \"name\": "
                           "\"billing-down\" in that timeline entry");
        return false;
    }
    const auto name = m_values.readString(obj[std::string(companion)], companionPath, true);
    if (name) {
        m_names.check(NameKind::Intervention, *name, companionPath);
        e.intervention = *name;
    }
    return within && name;
}

void FailureExpectationReader::readDrained(const Json& obj, const std::string& path,
                                           const std::string& queue,
                                           std::vector<Expectation>& out) const {
    Expectation e =
        make(Expectation::Kind::DrainedWithin, queue, "drained_within", at(path, "drained_within"));
    if (readTimed(obj, path, "drained_within", "after", e)) {
        out.push_back(std::move(e));
    }
}

void FailureExpectationReader::readAlert(const Json& obj, const std::string& path,
                                         const std::string& alert,
                                         std::vector<Expectation>& out) const {
    if (obj.contains("fired")) {
        const std::string p = at(path, "fired");
        const Json& v = obj["fired"];
        Expectation e = make(Expectation::Kind::AlertFired, alert, "fired", p);
        // true: at least once; false: never; otherwise how many times.
        if (v.is_boolean()) {
            e.range = v.get<bool>() ? Range{1, std::nullopt} : Range{std::nullopt, 0};
        } else {
            e.range = m_values.readRange(v, p, false).value_or(Range{});
        }
        out.push_back(std::move(e));
    }
    if (obj.contains("fired_within") || obj.contains("of")) {
        Expectation e = make(Expectation::Kind::AlertFiredWithin, alert, "fired_within",
                             at(path, "fired_within"));
        if (readTimed(obj, path, "fired_within", "of", e)) {
            out.push_back(std::move(e));
        }
    }
    if (obj.contains("resolved_by")) {
        const std::string p = at(path, "resolved_by");
        Expectation e = make(Expectation::Kind::AlertResolvedBy, alert, "resolved_by", p);
        e.within = m_values.readDuration(obj["resolved_by"], p).value_or(SimTime::zero()).nanos();
        out.push_back(std::move(e));
    }
}

void FailureExpectationReader::readLost(const Json& obj, const std::string& path,
                                        const std::string& intervention,
                                        std::vector<Expectation>& out) const {
    if (!obj.contains("lost")) {
        return;
    }
    const std::string p = at(path, "lost");
    Expectation e = make(Expectation::Kind::LostByIntervention, intervention, "lost", p);
    e.intervention = intervention;
    e.range = m_values.readRange(obj["lost"], p, false).value_or(Range{});
    out.push_back(std::move(e));
}

} // namespace evsim::loader
