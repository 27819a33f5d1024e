#include "simulator/scenario/loader/expectation_reader.h"

#include "simulator/scenario/loader/message_text.h"
#include "simulator/scenario/loader/percentile.h"

#include <algorithm>
#include <array>
#include <span>
#include <utility>
#include <vector>

namespace evsim::loader {
namespace {

// "group" is a partitioned log's source, as "queue" is AMQP's: the same metrics.
constexpr std::array<std::string_view, 11> kSubjects{
    "queue",     "group", "consumer",     "producer",           "no_loss",
    "accounted", "alert", "intervention", "no_schema_mismatch", "contracts_compatible",
    "trace"};
// "after" and "of" are not metrics but go with "drained_within" and "fired_within".
constexpr std::array<std::string_view, 13> kQueueMetrics{
    "published",   "delivered",      "acked",   "requeued",  "dropped",
    "redelivered", "expired",        "refused", "max_depth", "dead_lettered",
    "latency",     "drained_within", "after"};
// A group's: what a queue has, and a log's own figures (KAFKA06, INV03).
constexpr std::array<std::string_view, 17> kGroupMetrics{
    "published", "delivered", "acked",     "requeued",      "dropped",        "redelivered",
    "expired",   "refused",   "max_depth", "dead_lettered", "latency",        "drained_within",
    "after",     "lag",       "max_lag",   "committed",     "partition_order"};
constexpr std::array<std::string_view, 6> kConsumerMetrics{
    "processed",    "failed",    "duplicates_processed",
    "deduplicated", "key_order", "schema_mismatches"};
// What an order expectation says of the run's order.
constexpr std::array<std::string_view, 2> kOrderOutcomes{"holds", "broken"};
constexpr std::array<std::string_view, 5> kProducerMetrics{
    "returned", "not_found", "gave_up", "transactions_committed", "transactions_aborted"};
constexpr std::array<std::string_view, 4> kAlertMetrics{"fired", "fired_within", "of",
                                                        "resolved_by"};
constexpr std::array<std::string_view, 1> kInterventionMetrics{"lost"};
// A trace's (TRACE02): the event types it must reach, its end-to-end latency.
constexpr std::array<std::string_view, 2> kTraceMetrics{"reaches", "latency"};
// The subjects first, then every metric.
constexpr std::array<std::string_view, 45> kExpectKeys{"queue",
                                                       "group",
                                                       "consumer",
                                                       "producer",
                                                       "no_loss",
                                                       "accounted",
                                                       "alert",
                                                       "intervention",
                                                       "no_schema_mismatch",
                                                       "contracts_compatible",
                                                       "trace",
                                                       "published",
                                                       "delivered",
                                                       "acked",
                                                       "requeued",
                                                       "dropped",
                                                       "redelivered",
                                                       "expired",
                                                       "refused",
                                                       "max_depth",
                                                       "dead_lettered",
                                                       "latency",
                                                       "drained_within",
                                                       "after",
                                                       "lag",
                                                       "max_lag",
                                                       "committed",
                                                       "partition_order",
                                                       "processed",
                                                       "failed",
                                                       "duplicates_processed",
                                                       "deduplicated",
                                                       "key_order",
                                                       "schema_mismatches",
                                                       "fired",
                                                       "fired_within",
                                                       "of",
                                                       "resolved_by",
                                                       "lost",
                                                       "reaches",
                                                       "returned",
                                                       "not_found",
                                                       "gave_up",
                                                       "transactions_committed",
                                                       "transactions_aborted"};

bool isOrderMetric(std::string_view metric) {
    return metric == "partition_order" || metric == "key_order";
}

Keys metricsOf(std::string_view subject) {
    return subject == "queue"          ? Keys(kQueueMetrics)
           : subject == "group"        ? Keys(kGroupMetrics)
           : subject == "consumer"     ? Keys(kConsumerMetrics)
           : subject == "producer"     ? Keys(kProducerMetrics)
           : subject == "alert"        ? Keys(kAlertMetrics)
           : subject == "intervention" ? Keys(kInterventionMetrics)
           : subject == "trace"        ? Keys(kTraceMetrics)
                                       : Keys();
}

// The metrics of a subject, as a message lists them: without the companion keys.
std::vector<std::string_view> listedMetrics(Keys metrics) {
    std::vector<std::string_view> listed;
    for (const std::string_view m : metrics) {
        if (!FailureExpectationReader::isCompanion(m)) {
            listed.push_back(m);
        }
    }
    return listed;
}

// Read by FailureExpectationReader rather than as plain counts.
bool isFailureMetric(std::string_view metric) {
    return metric == "dead_lettered" || metric == "drained_within" ||
           FailureExpectationReader::isCompanion(metric);
}

} // namespace

void ExpectationReader::read(const Json& v, const std::string& path,
                             std::vector<Expectation>& out) const {
    if (!m_values.isObject(v, path, kExpectKeys)) {
        return;
    }
    std::vector<std::string_view> subjects;
    for (const std::string_view s : kSubjects) {
        if (v.contains(s)) {
            subjects.push_back(s);
        }
    }
    if (subjects.empty()) {
        // The broker's own word for a source: "queue", or a log's "group".
        std::vector<std::string_view> own;
        for (const std::string_view s : kSubjects) {
            if (s != (m_names.logWords() ? "queue" : "group")) {
                own.push_back(s);
            }
        }
        m_context.fail(Code::MissingKey, path, "an expectation needs a subject: " + listOf(own));
        return;
    }
    if (subjects.size() > 1) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, subjects[1]),
                            "an expectation has one subject, but " + quote(subjects[0]) + " and " +
                                quote(subjects[1]) + " are both set",
                            "split it into one expectation per subject");
        return;
    }
    const std::string_view subject = subjects[0] == "group" ? "queue" : subjects[0];
    if (subjects[0] == "group" && !m_names.logWords()) {
        m_context.failAtKey(Code::BadExpectation, at(path, "group"),
                            "\"group\" names a consumer group of a partitioned log, and this "
                            "broker has queues",
                            "write \"queue\"");
        return;
    }
    const Keys metrics = metricsOf(subjects[0]);
    const std::string article =
        subject == "accounted" || subject == "alert" || subject == "intervention" ? "an " : "a ";
    bool any = false;
    bool companion = false;
    for (const std::string_view key : std::span(kExpectKeys).subspan(kSubjects.size())) {
        const bool allowed = std::find(metrics.begin(), metrics.end(), key) != metrics.end();
        const bool given = allowed && v.contains(key);
        any = any || (given && !FailureExpectationReader::isCompanion(key));
        companion = companion || (given && FailureExpectationReader::isCompanion(key));
        if (v.contains(key) && !allowed) {
            m_context.failAtKey(Code::BadExpectation, at(path, key),
                                quote(key) + " is not a metric of " + article +
                                    std::string(subject) + " expectation",
                                metrics.empty()
                                    ? quote(subject) + " stands alone; put " + quote(key) +
                                          " in an expectation on a queue or a consumer"
                                    : article + std::string(subject) + " expectation checks " +
                                          listOf(listedMetrics(metrics)));
        }
    }
    const std::string subjectPath = at(path, subjects[0]);
    const Json& value = v[std::string(subjects[0])];
    // Checks of the whole run, written as `true`.
    if (subject == "no_loss" || subject == "accounted" || subject == "no_schema_mismatch" ||
        subject == "contracts_compatible") {
        if (!value.is_boolean()) {
            m_context.fail(Code::WrongType, subjectPath,
                           quote(subject) + " must be true, got " + describe(value));
        } else if (!value.get<bool>()) {
            m_context.fail(Code::BadExpectation, subjectPath, quote(subject) + " must be true",
                           "leave the expectation out to not check it");
        }
        const auto kind = subject == "no_loss"     ? Expectation::Kind::NoLoss
                          : subject == "accounted" ? Expectation::Kind::Accounted
                          : subject == "no_schema_mismatch"
                              ? Expectation::Kind::NoSchemaMismatch
                              : Expectation::Kind::ContractsCompatible;
        Expectation e;
        e.kind = kind;
        e.metric = std::string(subject);
        e.jsonPath = subjectPath;
        out.push_back(std::move(e));
        return;
    }
    const auto name = m_values.readString(value, subjectPath, true);
    if (subject == "trace") {
        readTrace(v, path, name.value_or(""), out);
        return;
    }
    if (name && subject == "queue") {
        m_names.check(NameKind::Queue, *name, subjectPath);
    } else if (name && subject == "alert") {
        m_names.check(NameKind::Alert, *name, subjectPath);
    } else if (name && subject == "intervention") {
        m_names.check(NameKind::Intervention, *name, subjectPath);
    } else if (name && subject == "producer") {
        if (m_names.check(NameKind::Service, *name, subjectPath) &&
            m_names.complete(NameKind::Service) && !m_names.produces(*name)) {
            m_context.fail(Code::BadExpectation, subjectPath,
                           "service " + quote(*name) + " produces nothing",
                           "\"returned\", \"not_found\" and \"gave_up\" count what a service's "
                           "producers hear back from the broker");
        }
    } else if (name && m_names.check(NameKind::Service, *name, subjectPath) &&
               m_names.complete(NameKind::Service) && !m_names.consumes(*name)) {
        m_context.fail(Code::BadExpectation, subjectPath,
                       "service " + quote(*name) + " consumes no queue",
                       "\"processed\" and \"failed\" count the messages a service consumes");
    }
    // A lone "after" or "of" is reported by the failure reader, as missing its metric.
    if (!any && !companion) {
        m_context.fail(Code::BadExpectation, path, "this expectation checks nothing",
                       "add one of " + listOf(listedMetrics(metrics)));
    }
    if (subject == "alert") {
        m_failures.readAlert(v, path, name.value_or(""), out);
        return;
    }
    if (subject == "intervention") {
        m_failures.readLost(v, path, name.value_or(""), out);
        return;
    }
    for (const std::string_view metric : metrics) {
        if (!v.contains(metric) || metric == "latency" || isFailureMetric(metric)) {
            continue;
        }
        if (isOrderMetric(metric)) {
            readOrder(v[std::string(metric)], at(path, metric), name.value_or(""), metric, out);
            continue;
        }
        const auto kind = subject == "consumer"   ? Expectation::Kind::ConsumerCount
                          : subject == "producer" ? Expectation::Kind::ProducerCount
                          : metric == "max_depth" || metric == "max_lag"
                              ? Expectation::Kind::MaxDepth
                              : Expectation::Kind::QueueCount;
        const std::string p = at(path, metric);
        const auto range = m_values.readRange(v[std::string(metric)], p, false);
        Expectation e;
        e.kind = kind;
        e.subject = name.value_or("");
        e.metric = std::string(metric);
        e.range = range.value_or(Range{});
        e.jsonPath = p;
        out.push_back(std::move(e));
    }
    if (subject == "queue" && v.contains("dead_lettered")) {
        m_failures.readDeadLettered(v["dead_lettered"], at(path, "dead_lettered"),
                                    name.value_or(""), out);
    }
    if (v.contains("latency")) {
        readLatency(v["latency"], at(path, "latency"), name.value_or(""), out);
    }
    if (subject == "queue" && (v.contains("drained_within") || v.contains("after"))) {
        m_failures.readDrained(v, path, name.value_or(""), out);
    }
}

void ExpectationReader::readTrace(const Json& v, const std::string& path, const std::string& root,
                                  std::vector<Expectation>& out) const {
    if (!v.contains("reaches") && !v.contains("latency")) {
        m_context.fail(Code::BadExpectation, path, "this expectation checks nothing",
                       "add \"reaches\" (the event types every such trace must publish) or "
                       "\"latency\" (percentiles of its end-to-end time)");
        return;
    }
    if (v.contains("reaches")) {
        const std::string p = at(path, "reaches");
        Expectation e;
        e.kind = Expectation::Kind::TracesComplete;
        e.subject = root;
        e.metric = "reaches";
        e.jsonPath = p;
        const Json& reaches = v["reaches"];
        if (reaches.is_string()) {
            e.events.push_back(m_values.readString(reaches, p, true).value_or(""));
        } else {
            m_values.forEach(v, path, "reaches", [&](const Json& t, const std::string& tp) {
                if (auto type = m_values.readString(t, tp, true)) {
                    e.events.push_back(*type);
                }
            });
        }
        if (e.events.empty() && reaches.is_array()) {
            m_context.fail(
                Code::BadExpectation, p, "\"reaches\" names no event type",
                "e.g. [\"OrderShipped\", \"OrderCancelled\"]: each trace must reach one");
        }
        out.push_back(std::move(e));
    }
    if (v.contains("latency")) {
        std::vector<Expectation> latency;
        readLatency(v["latency"], at(path, "latency"), root, latency);
        for (Expectation& e : latency) {
            e.kind = Expectation::Kind::TraceLatency;
            out.push_back(std::move(e));
        }
    }
}

void ExpectationReader::readOrder(const Json& v, const std::string& path,
                                  const std::string& subject, std::string_view metric,
                                  std::vector<Expectation>& out) const {
    const auto outcome = m_values.readChoice(v, path, "order", kOrderOutcomes);
    if (!outcome) {
        return;
    }
    Expectation e;
    e.kind = Expectation::Kind::Order;
    e.subject = subject;
    e.metric = std::string(metric);
    e.orderBroken = *outcome == "broken";
    e.jsonPath = path;
    out.push_back(std::move(e));
}

void ExpectationReader::readLatency(const Json& v, const std::string& path,
                                    const std::string& queue, std::vector<Expectation>& out) const {
    if (!v.is_object() || v.empty()) {
        m_context.fail(v.is_object() ? Code::BadExpectation : Code::WrongType, path,
                       label(path) + " must be an object of percentiles, got " +
                           (v.is_object() ? std::string("an empty one") : describe(v)),
                       "e.g. \"latency\": { \"p99\": { \"max\": \"50ms\" } }");
        return;
    }
    std::vector<Expectation> found;
    for (const auto& [key, range] : v.items()) {
        if (m_context.enough()) {
            break;
        }
        const std::string p = at(path, key);
        const auto percentile = percentileOf(key);
        if (!percentile) {
            m_context.failAtKey(Code::BadExpectation, p, "invalid percentile " + quote(key),
                                std::string(kPercentileHint));
            continue;
        }
        const auto r = m_values.readRange(range, p, true);
        Expectation e;
        e.kind = Expectation::Kind::Latency;
        e.subject = queue;
        e.metric = "latency";
        e.percentile = *percentile;
        e.range = r.value_or(Range{});
        e.jsonPath = p;
        found.push_back(std::move(e));
    }
    std::stable_sort(found.begin(), found.end(), [](const Expectation& a, const Expectation& b) {
        return a.percentile < b.percentile;
    });
    for (Expectation& e : found) {
        out.push_back(std::move(e));
    }
}

} // namespace evsim::loader
