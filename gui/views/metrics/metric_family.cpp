#include "gui/views/metrics/metric_family.h"

#include "gui/theme/theme.h"
#include "gui/views/axis_ticks.h"

#include <QCoreApplication>

namespace evsim::gui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("evsim::gui::MetricFamily", text);
}

double seconds(SimTime t) {
    return t.seconds();
}

// Okabe-Ito colours by their place in Theme::eventType: blue, green and purple. Orange
// and vermillion are left out: they mean "warning" and "error" on the same charts.
constexpr int kBlue = 1;
constexpr int kGreen = 3;
constexpr int kPurple = 4;

// Okabe-Ito blue is too dark to read on a dark chart: a lighter blue there.
QColor blue() {
    const QColor c = Theme::eventType(kBlue);
    return Theme::dark() ? c.lighter(145) : c;
}

QString withHold(const QString& text, const AlertRule& rule) {
    if (rule.forDuration <= SimTime::zero()) {
        return text;
    }
    return tr("%1 for %2").arg(text, formatSeconds(seconds(rule.forDuration)));
}

} // namespace

QString familyTitle(MetricFamily family, bool groups) {
    switch (family) {
    case MetricFamily::Depth:
        return groups ? tr("Group lag") : tr("Queue depth");
    case MetricFamily::Rates:
        return tr("Message rates");
    case MetricFamily::Latency:
        return tr("End-to-end latency");
    case MetricFamily::OldestAge:
        return groups ? tr("Time lag") : tr("Oldest waiting message");
    }
    return {};
}

QString familyUnit(MetricFamily family) {
    switch (family) {
    case MetricFamily::Depth:
        return tr("messages");
    case MetricFamily::Rates:
        return tr("messages per second of virtual time");
    case MetricFamily::Latency:
        return tr("publish to processed, of the messages processed in each sampling interval; "
                  "intervals where nothing was processed are left out");
    case MetricFamily::OldestAge:
        return tr("how long the oldest ready message has waited");
    }
    return {};
}

ValueKind familyValueKind(MetricFamily family) {
    return family == MetricFamily::Latency || family == MetricFamily::OldestAge ? ValueKind::Seconds
                                                                                : ValueKind::Count;
}

std::vector<MetricCurve> familyCurves(MetricFamily family) {
    switch (family) {
    case MetricFamily::Depth:
        return {{QStringLiteral("ready"), tr("waiting to be delivered"), blue()},
                {QStringLiteral("unacked"), tr("delivered, not yet acknowledged"),
                 Theme::eventType(kPurple)}};
    case MetricFamily::Rates:
        return {
            {QStringLiteral("publish"), tr("copies entering the queue per second"), blue()},
            {QStringLiteral("deliver"), tr("deliveries to consumers per second"),
             Theme::eventType(kGreen)},
            {QStringLiteral("ack"), tr("acknowledgements per second"), Theme::eventType(kPurple)}};
    case MetricFamily::Latency:
        return {
            {QStringLiteral("p50"), tr("half of the messages took less"), Theme::eventType(kGreen)},
            {QStringLiteral("p99"), tr("99% of the messages took less"), blue()}};
    case MetricFamily::OldestAge:
        return {{QStringLiteral("oldest ready"), tr("age of the oldest message waiting"), blue()}};
    }
    return {};
}

std::optional<double> curveValue(MetricFamily family, int curve, const QueueSample& s) {
    switch (family) {
    case MetricFamily::Depth:
        return static_cast<double>(curve == 0 ? s.ready : s.unacked);
    case MetricFamily::Rates:
        return curve == 0 ? s.publishRate : curve == 1 ? s.deliverRate : s.ackRate;
    case MetricFamily::Latency:
        if (s.processed == 0) {
            return std::nullopt;
        }
        return seconds(curve == 0 ? s.latencyP50 : s.latencyP99);
    case MetricFamily::OldestAge:
        return seconds(s.oldestAge);
    }
    return std::nullopt;
}

RuleMark ruleMark(MetricFamily family, const AlertRule& rule, bool groups) {
    const QString name = QString::fromStdString(rule.name);
    using Condition = AlertRule::Condition;
    switch (rule.condition) {
    case Condition::DepthAbove:
        if (family != MetricFamily::Depth) {
            return {};
        }
        return {RuleMark::Kind::Threshold, rule.threshold,
                withHold((groups ? tr("%1: lag > %2") : tr("%1: depth > %2"))
                             .arg(name, formatCount(rule.threshold)),
                         rule)};
    case Condition::NotEmpty:
        if (family != MetricFamily::Depth) {
            return {};
        }
        return {RuleMark::Kind::Note, 0, withHold(tr("alert %1 when not empty").arg(name), rule)};
    case Condition::NoConsumer:
        if (family != MetricFamily::Depth) {
            return {};
        }
        return {RuleMark::Kind::Note, 0, withHold(tr("alert %1 when no consumer").arg(name), rule)};
    case Condition::OldestMessageAgeAbove: {
        if (family != MetricFamily::OldestAge) {
            return {};
        }
        const double limit = rule.threshold / 1e9; // the rule holds nanoseconds
        return {RuleMark::Kind::Threshold, limit,
                withHold((groups ? tr("%1: time lag > %2") : tr("%1: oldest > %2"))
                             .arg(name, formatSeconds(limit)),
                         rule)};
    }
    case Condition::PublishRateBelow:
        if (family != MetricFamily::Rates) {
            return {};
        }
        return {RuleMark::Kind::Threshold, rule.threshold,
                withHold(tr("%1: publish < %2/s").arg(name, formatCount(rule.threshold)), rule)};
    case Condition::LatencyAbove: {
        if (family != MetricFamily::Latency) {
            return {};
        }
        const double limit = rule.threshold / 1e9;
        return {RuleMark::Kind::Threshold, limit,
                withHold(tr("%1: p%2 > %3")
                             .arg(name, QString::number(rule.percentile), formatSeconds(limit)),
                         rule)};
    }
    }
    return {};
}

} // namespace evsim::gui
