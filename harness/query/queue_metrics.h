#pragma once

#include "simulator/observe/run_summary.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace evsim {

// A queue's or consumer's count named as scenario expectations name it ("acked",
// "dead_lettered", "processed", …): the one reading of RunSummary's figures behind the
// `expect` section, the query API and the test matchers.

// published, delivered, acked, requeued, dropped, redelivered, expired, refused, max_depth,
// dead_lettered, and the final gauges ready, unacked and depth (ready + unacked at the end).
std::span<const std::string_view> queueMetricNames();
// processed, failed, duplicates_processed, deduplicated.
std::span<const std::string_view> consumerMetricNames();
// rejected, expired, maxlen, delivery_limit: what `dead_lettered` may be narrowed to.
std::span<const std::string_view> deadLetterReasonNames();

// The count, or nullopt when `metric` is not a queue metric or `reason` (dead_lettered only;
// "" for every reason) is not a dead-letter reason.
std::optional<std::uint64_t> queueMetric(const QueueStats& queue, std::string_view metric,
                                         std::string_view reason = {});
// The count, or nullopt when `metric` is not a consumer metric.
std::optional<std::uint64_t> consumerMetric(const ConsumerStats& consumer, std::string_view metric);
// returned, not_found, gave_up; nullopt for anything else.
std::optional<std::uint64_t> producerMetric(const ProducerStats& producer, std::string_view metric);

} // namespace evsim
