#include "harness/run/expectations.h"

#include "harness/query/loss_report.h"
#include "harness/query/queue_metrics.h"
#include "harness/run/failure_expectations.h"
#include "harness/run/order_watch.h"
#include "harness/run/trace_watch.h"
#include "simulator/engine/simulation.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <set>

namespace evsim {
namespace {

std::string formatValue(const Expectation& e, std::int64_t v) {
    return e.kind == Expectation::Kind::Latency || e.kind == Expectation::Kind::TraceLatency
               ? formatDurationShort(SimTime::fromNanos(v))
               : std::to_string(v);
}

std::string describeRange(const Expectation& e) {
    const Range& r = e.range;
    if (r.min && r.max) {
        if (*r.min == *r.max) {
            return "= " + formatValue(e, *r.min);
        }
        return "between " + formatValue(e, *r.min) + " and " + formatValue(e, *r.max);
    }
    if (r.min) {
        return ">= " + formatValue(e, *r.min);
    }
    if (r.max) {
        return "<= " + formatValue(e, *r.max);
    }
    return "anything";
}

// The first three distinct message ids among the records that `matches`.
template <typename Match>
std::vector<std::uint32_t> firstIds(const std::vector<Record>& records, Match matches) {
    std::vector<std::uint32_t> ids;
    std::set<std::uint32_t> seen;
    for (const Record& r : records) {
        if (matches(r) && seen.insert(r.message).second) {
            ids.push_back(r.message);
            if (ids.size() == 3) {
                break;
            }
        }
    }
    return ids;
}

// Messages that entered `queue` and never reached `settled` there.
std::vector<std::uint32_t> idsNotReaching(const std::vector<Record>& records, EntityId queue,
                                          RecordKind settled) {
    std::set<std::uint32_t> entered;
    std::set<std::uint32_t> done;
    for (const Record& r : records) {
        if (r.entity != queue) {
            continue;
        }
        if (r.kind == RecordKind::Enqueued) {
            entered.insert(r.message);
        } else if (r.kind == settled) {
            done.insert(r.message);
        }
    }
    std::vector<std::uint32_t> ids;
    for (std::uint32_t id : entered) {
        if (!done.count(id) && ids.size() < 3) {
            ids.push_back(id);
        }
    }
    return ids;
}

// The slowest messages from publish to successful processing through `queue`.
std::vector<std::uint32_t> slowestThrough(const std::vector<Record>& records, EntityId queue) {
    std::map<std::uint32_t, SimTime> publishedAt;
    std::vector<std::pair<std::int64_t, std::uint32_t>> latencies;
    for (const Record& r : records) {
        if (r.kind == RecordKind::Published) {
            publishedAt[r.message] = r.time;
        } else if (r.kind == RecordKind::Processed && r.aux == queue) {
            latencies.emplace_back(-(r.time - publishedAt[r.message]).nanos(), r.message);
        }
    }
    std::sort(latencies.begin(), latencies.end());
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; i < latencies.size() && i < 3; ++i) {
        ids.push_back(latencies[i].second);
    }
    return ids;
}

// "3 lost: 2 unroutable (e.g. msg-4, msg-9), 1 rejected (e.g. msg-12)"
ExpectationResult checkNoLoss(const LossReport& losses, ExpectationResult result) {
    result.subject = "no_loss";
    result.expected = "no message copy lost";
    result.passed = losses.none();
    result.seen = std::to_string(losses.total) + " lost";
    const std::string causes = losses.causesText();
    result.seen += causes.empty() ? "" : ": " + causes;
    return result;
}

ExpectationResult checkContractsExpectation(const ContractReport* contracts,
                                            ExpectationResult result) {
    result.subject = "contracts";
    result.expected = "every pair that meets compatible, every version taken by the registry";
    result.passed = contracts != nullptr && contracts->compatible();
    result.seen = contracts == nullptr
                      ? std::string("no contracts checked")
                      : fmt::format("{} incompatible pair(s) that meet, {} refused by the registry "
                                    "(evsim contracts shows which)",
                                    contracts->brokenPairs(), contracts->refusedVersions());
    return result;
}

ExpectationResult checkTraces(const Expectation& e, const std::optional<TraceReport>& report,
                              ExpectationResult result) {
    if (!report || report->traces == 0) {
        result.subject = "traces of " + e.subject;
        result.seen = "no trace rooted at " + e.subject;
        result.passed = false;
        return result;
    }
    if (e.kind == Expectation::Kind::TracesComplete) {
        std::string reaches;
        for (const std::string& t : e.events) {
            reaches += (reaches.empty() ? "" : " or ") + t;
        }
        result.subject = "traces of " + e.subject + " reach " + reaches;
        result.expected = "every one";
        result.passed = report->incomplete == 0;
        result.seen = fmt::format("{} of {} did not", report->incomplete, report->traces);
        result.examples = report->firstIncomplete;
        return result;
    }
    char p[32];
    const auto end = std::to_chars(p, p + sizeof p, e.percentile).ptr; // never localised
    result.subject = "traces of " + e.subject + " latency p" + std::string(p, end);
    const std::int64_t value = report->latency.percentile(e.percentile).nanos();
    result.passed = e.range.contains(value);
    result.seen = formatValue(e, value) + fmt::format(" over {} traces", report->traces);
    return result;
}

ExpectationResult check(const Expectation& e, std::size_t index, const Simulation& sim,
                        const RunSummary& summary, const ExpectationInputs& inputs) {
    ExpectationResult result;
    result.expectation = e;
    result.expected = describeRange(e);
    const auto& records = sim.log().records();
    std::int64_t value = 0;
    switch (e.kind) {
    case Expectation::Kind::QueueCount:
    case Expectation::Kind::MaxDepth: {
        result.subject = std::string(summary.sourceNoun) + " " + e.subject + " " + e.metric +
                         (e.reason.empty() ? "" : " (" + e.reason + ")");
        const QueueStats* q = summary.queue(e.subject);
        // The loader accepts only known metrics and reasons, so a count is always found.
        value = !q ? 0 : static_cast<std::int64_t>(queueMetric(*q, e.metric, e.reason).value_or(0));
        result.passed = e.range.contains(value);
        if (!result.passed && q) {
            const EntityId qe = q->entity;
            if (e.metric == "dropped" || e.metric == "requeued" || e.metric == "expired" ||
                e.metric == "dead_lettered") {
                const RecordKind kind = e.metric == "dropped"    ? RecordKind::Dropped
                                        : e.metric == "requeued" ? RecordKind::Requeued
                                        : e.metric == "expired"  ? RecordKind::Expired
                                                                 : RecordKind::DeadLettered;
                result.examples = firstIds(
                    records, [&](const Record& r) { return r.kind == kind && r.entity == qe; });
            } else if (e.metric == "acked") {
                result.examples = idsNotReaching(records, qe, RecordKind::Acked);
            } else if (e.metric == "delivered") {
                result.examples = idsNotReaching(records, qe, RecordKind::Delivered);
            }
        }
        break;
    }
    case Expectation::Kind::ConsumerCount: {
        result.subject = "consumer " + e.subject + " " + e.metric;
        const ConsumerStats c = summary.consumer(e.subject);
        value = static_cast<std::int64_t>(consumerMetric(c, e.metric).value_or(0));
        result.passed = e.range.contains(value);
        if (!result.passed && e.metric == "failed") {
            const EntityId service = sim.entities().find(EntityKind::Service, e.subject);
            result.examples = firstIds(records, [&](const Record& r) {
                return r.kind == RecordKind::Failed && sim.entities()[r.entity].parent == service;
            });
        }
        break;
    }
    case Expectation::Kind::ProducerCount: {
        result.subject = "producer " + e.subject + " " + e.metric;
        value = static_cast<std::int64_t>(
            producerMetric(summary.producer(e.subject), e.metric).value_or(0));
        result.passed = e.range.contains(value);
        break;
    }
    case Expectation::Kind::Latency: {
        char p[32];
        const auto end = std::to_chars(p, p + sizeof p, e.percentile).ptr; // never localised
        result.subject = "queue " + e.subject + " latency p" + std::string(p, end);
        const QueueStats* q = summary.queue(e.subject);
        if (q == nullptr || q->latency.count() == 0) {
            result.seen = "no message processed";
            result.passed = false;
            return result;
        }
        value = q->latency.percentile(e.percentile).nanos();
        result.passed = e.range.contains(value);
        if (!result.passed) {
            result.examples = slowestThrough(records, q->entity);
        }
        break;
    }
    case Expectation::Kind::NoLoss:
        return checkNoLoss(lossReport(sim.losses()), std::move(result));
    case Expectation::Kind::AlertFired:
    case Expectation::Kind::AlertFiredWithin:
    case Expectation::Kind::AlertResolvedBy:
    case Expectation::Kind::LostByIntervention:
    case Expectation::Kind::DrainedWithin:
        return checkFailure(e, sim, std::move(result));
    case Expectation::Kind::Order: {
        const bool byKey = e.metric == "key_order";
        result.subject =
            byKey ? "consumer " + e.subject + " key order"
                  : std::string(summary.sourceNoun) + " " + e.subject + " partition order";
        result.expected = e.orderBroken ? "broken" : "held";
        const OrderReport* report =
            inputs.orders != nullptr ? inputs.orders->report(index) : nullptr;
        if (report == nullptr) {
            result.seen = "not watched: the run was not started with its order watch";
            return result;
        }
        result.passed = report->first.has_value() == e.orderBroken;
        result.seen = describeOrder(*report);
        return result;
    }
    case Expectation::Kind::NoSchemaMismatch: {
        result.subject = "no schema mismatch";
        result.expected = "no event a consumer could not read";
        for (const ConsumerStats& c : summary.consumers) {
            value += static_cast<std::int64_t>(c.schemaMismatches);
        }
        result.passed = value == 0;
        result.examples = firstIds(records, [](const Record& r) {
            return r.kind == RecordKind::Failed &&
                   r.detail == static_cast<std::uint8_t>(FailureCause::SchemaMismatch);
        });
        result.seen = fmt::format("{} schema mismatches", value);
        return result;
    }
    case Expectation::Kind::ContractsCompatible:
        return checkContractsExpectation(inputs.contracts, std::move(result));
    case Expectation::Kind::TracesComplete:
    case Expectation::Kind::TraceLatency:
        return checkTraces(e, inputs.traces ? inputs.traces->report(index) : std::nullopt,
                           std::move(result));
    case Expectation::Kind::Accounted: {
        const Conservation& k = summary.conservation;
        result.subject = "accounted";
        result.expected = "every message and copy accounted for";
        result.passed = k.balanced();
        result.seen = accountingText(k);
        return result;
    }
    }
    result.seen = formatValue(e, value);
    return result;
}

} // namespace

std::vector<ExpectationResult> checkExpectations(const std::vector<Expectation>& expectations,
                                                 const Simulation& simulation,
                                                 const RunSummary& summary,
                                                 const ExpectationInputs& inputs) {
    std::vector<ExpectationResult> results;
    results.reserve(expectations.size());
    for (std::size_t i = 0; i < expectations.size(); ++i) {
        results.push_back(check(expectations[i], i, simulation, summary, inputs));
    }
    return results;
}

std::string describe(const ExpectationResult& r) {
    std::string out = r.subject + ": expected " + r.expected + ", saw " + r.seen;
    if (!r.examples.empty()) {
        out += " (e.g.";
        for (std::size_t i = 0; i < r.examples.size(); ++i) {
            out += (i ? ", msg-" : " msg-") + std::to_string(r.examples[i]);
        }
        out += ")";
    }
    return out;
}

} // namespace evsim
