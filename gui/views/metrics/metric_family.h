#pragma once

#include "simulator/observe/metrics_sink.h"
#include "simulator/scenario/alert_rule.h"

#include <QColor>
#include <QString>
#include <optional>
#include <vector>

namespace evsim::gui {

// What the metrics view charts for each queue, one family at a time so that each small chart
// keeps two or three curves. The values are those `evsim run --metrics` writes as CSV (same
// names: ready, unacked, publish_per_s, …, latency_p50_ms), with times in seconds.
enum class MetricFamily {
    Depth,     // ready and unacked messages (their sum is the queue's depth)
    Rates,     // publish, deliver and ack per second of virtual time
    Latency,   // end-to-end latency p50 and p99 of what was processed in each interval
    OldestAge, // how long the oldest ready message has waited
};

inline constexpr MetricFamily kMetricFamilies[] = {MetricFamily::Depth, MetricFamily::Rates,
                                                   MetricFamily::Latency, MetricFamily::OldestAge};

enum class ValueKind {
    Count,   // messages, or messages per second
    Seconds, // a duration
};

// One curve of a family.
struct MetricCurve {
    QString name;    // as in the CSV column, shown in the view's key
    QString caption; // what it means, for the key's tooltip
    QColor colour;
};

// "Queue depth", for the family selector; with `groups` (a log's consumer groups) "Group lag".
QString familyTitle(MetricFamily family, bool groups = false);
QString familyUnit(MetricFamily family); // "messages", shown next to the key
ValueKind familyValueKind(MetricFamily family);
std::vector<MetricCurve> familyCurves(MetricFamily family); // colours from the current Theme

// The value of curve `curve` of `family` in one queue's sample; nullopt when the sample has
// none (a latency when nothing was processed in the interval: a gap, not a zero).
std::optional<double> curveValue(MetricFamily family, int curve, const QueueSample& sample);

// Where an alert rule shows in a family: as a threshold line at `value` (in the family's
// unit), as a note on the chart (a condition with no line to draw), or not at all.
struct RuleMark {
    enum class Kind { None, Threshold, Note };
    Kind kind = Kind::None;
    double value = 0;
    QString text; // "deep-backlog: depth > 10k", plain text
};
RuleMark ruleMark(MetricFamily family, const AlertRule& rule, bool groups = false);

} // namespace evsim::gui
