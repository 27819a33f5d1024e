#include "harness/query/queue_metrics.h"

#include <array>

namespace evsim {
namespace {

// The last three are a consumer group's words (KAFKA06): its lag at the end, its largest lag,
// and the records its committed offsets passed (processed or skipped).
constexpr std::array<std::string_view, 16> kQueueMetrics{
    "published", "delivered", "acked",     "requeued",      "dropped", "redelivered",
    "expired",   "refused",   "max_depth", "dead_lettered", "ready",   "unacked",
    "depth",     "lag",       "max_lag",   "committed"};
constexpr std::array<std::string_view, 5> kConsumerMetrics{
    "processed", "failed", "duplicates_processed", "deduplicated", "schema_mismatches"};
constexpr std::array<std::string_view, 4> kReasons{"rejected", "expired", "maxlen",
                                                   "delivery_limit"};

std::optional<std::uint64_t> deadLettered(const QueueStats& q, std::string_view reason) {
    if (reason.empty()) {
        return q.deadLetteredTotal();
    }
    for (std::size_t r = 1; r < kDeadLetterReasonCount; ++r) {
        if (deadLetterReasonName(static_cast<DeadLetterReason>(r)) == reason) {
            return q.deadLettered[r];
        }
    }
    return std::nullopt;
}

} // namespace

std::span<const std::string_view> queueMetricNames() {
    return kQueueMetrics;
}

std::span<const std::string_view> consumerMetricNames() {
    return kConsumerMetrics;
}

std::span<const std::string_view> deadLetterReasonNames() {
    return kReasons;
}

std::optional<std::uint64_t> queueMetric(const QueueStats& q, std::string_view metric,
                                         std::string_view reason) {
    if (metric == "dead_lettered") {
        return deadLettered(q, reason);
    }
    if (!reason.empty()) {
        return std::nullopt;
    }
    const std::array<std::uint64_t, 16> values{
        q.published,         q.delivered,           q.acked,    q.requeued,
        q.dropped,           q.redelivered,         q.expired,  q.refused,
        q.maxDepth,          q.deadLetteredTotal(), q.ready,    q.unacked,
        q.ready + q.unacked, q.ready + q.unacked,   q.maxDepth, q.acked + q.dropped};
    for (std::size_t i = 0; i < kQueueMetrics.size(); ++i) {
        if (kQueueMetrics[i] == metric) {
            return values[i];
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> consumerMetric(const ConsumerStats& c, std::string_view metric) {
    const std::array<std::uint64_t, 5> values{c.processed, c.failed, c.duplicatesProcessed,
                                              c.deduplicated, c.schemaMismatches};
    for (std::size_t i = 0; i < kConsumerMetrics.size(); ++i) {
        if (kConsumerMetrics[i] == metric) {
            return values[i];
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> producerMetric(const ProducerStats& p, std::string_view metric) {
    return metric == "returned"                 ? std::optional(p.returned)
           : metric == "not_found"              ? std::optional(p.notFound)
           : metric == "gave_up"                ? std::optional(p.gaveUp)
           : metric == "transactions_committed" ? std::optional(p.transactionsCommitted)
           : metric == "transactions_aborted"   ? std::optional(p.transactionsAborted)
                                                : std::nullopt;
}

} // namespace evsim
