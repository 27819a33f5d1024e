#include "simulator/engine/metrics_probe.h"

#include <algorithm>
#include <cassert>

namespace evsim {

MetricsProbe::MetricsProbe(EngineCore& core, Consumers& consumers, const MetricsSpec& spec,
                           const std::vector<AlertRule>& rules)
    : m_core(core), m_consumers(consumers), m_interval(spec.interval), m_monitor(rules) {
    for (const AlertRule& rule : rules) {
        m_alertEntities.push_back(m_core.entities.add(EntityKind::Alert, rule.name));
        const std::optional<QueueIndex> queue = m_core.broker->queueIndex(rule.queue);
        assert(queue && "the loader checks that an alert's queue exists");
        m_alertQueues.push_back(queue->value());
    }
    startIfNeeded();
}

void MetricsProbe::attach(MetricsSink* sink) {
    m_sinks.push_back(sink);
    startIfNeeded();
}

void MetricsProbe::detach(MetricsSink* sink) {
    const auto at = std::find(m_sinks.begin(), m_sinks.end(), sink);
    if (at != m_sinks.end()) {
        m_sinks.erase(at);
    }
}

void MetricsProbe::startIfNeeded() {
    if (m_scheduled || (m_sinks.empty() && m_monitor.rules().empty())) {
        return;
    }
    m_scheduled = true;
    m_consumers.trackWindows();
    m_previous.resize(m_core.broker->queueCount());
    for (std::uint32_t q = 0; q < m_previous.size(); ++q) {
        m_previous[q] = m_core.broker->gauge(QueueIndex(q));
    }
    // On the interval's grid, so samples fall at the same times whenever sampling started.
    const std::int64_t step = m_interval.nanos();
    const std::int64_t next = (m_core.now().nanos() / step + 1) * step;
    m_core.scheduler.schedule(SimTime::fromNanos(next), EventKind::MetricsSample, 0, 0);
}

double MetricsProbe::valueOf(std::uint32_t rule, const QueueSample& q) const {
    const AlertRule& r = m_monitor.rules()[rule];
    switch (r.condition) {
    case AlertRule::Condition::DepthAbove:
    case AlertRule::Condition::NotEmpty:
        return static_cast<double>(q.ready + q.unacked);
    case AlertRule::Condition::NoConsumer:
        return q.consumers;
    case AlertRule::Condition::OldestMessageAgeAbove:
        return static_cast<double>(q.oldestAge.nanos());
    case AlertRule::Condition::PublishRateBelow:
        return q.publishRate;
    case AlertRule::Condition::LatencyAbove:
        return static_cast<double>(
            m_consumers.window(m_alertQueues[rule]).percentile(r.percentile).nanos());
    }
    return 0;
}

void MetricsProbe::onSample() {
    const SimTime now = m_core.now();
    const double seconds = m_interval.seconds();
    const BrokerModel& broker = *m_core.broker;
    m_sample.time = now;
    m_sample.queues.resize(broker.queueCount());
    for (std::uint32_t q = 0; q < m_sample.queues.size(); ++q) {
        const QueueGauge g = broker.gauge(QueueIndex(q));
        const QueueGauge& before = m_previous[q];
        QueueSample& s = m_sample.queues[q];
        s.ready = g.ready;
        s.unacked = g.unacked;
        s.consumers = g.consumers;
        s.publishRate = static_cast<double>(g.published - before.published) / seconds;
        s.deliverRate = static_cast<double>(g.delivered - before.delivered) / seconds;
        s.ackRate = static_cast<double>(g.acked - before.acked) / seconds;
        s.redeliverRate = static_cast<double>(g.redelivered - before.redelivered) / seconds;
        s.deadLettered = g.deadLettered;
        s.oldestAge = g.ready > 0 ? now - g.oldestReadySince : SimTime::zero();
        const LatencyHistogram& window = m_consumers.window(q);
        s.processed = window.count();
        s.latencyP50 = window.percentile(50);
        s.latencyP99 = window.percentile(99);
        m_previous[q] = g;
    }
    broker.samplePartitions(m_sample.partitions, m_sample.groupPartitions);
    m_sample.links.resize(m_core.network->linkCount());
    for (std::uint32_t l = 0; l < m_sample.links.size(); ++l) {
        m_sample.links[l].inFlight = m_core.network->inFlight(l);
    }
    for (std::uint32_t r = 0; r < m_monitor.rules().size(); ++r) {
        const std::uint32_t q = m_alertQueues[r];
        const std::optional<AlertEvent> e =
            m_monitor.observe(r, now, valueOf(r, m_sample.queues[q]));
        if (e) {
            m_events.push_back(*e);
            m_core.recordAbout(e->raised ? RecordKind::AlertRaised : RecordKind::AlertResolved,
                               m_alertEntities[r],
                               m_core.entities.find(EntityKind::Queue, m_monitor.rules()[r].queue));
        }
    }
    for (MetricsSink* sink : m_sinks) {
        sink->onSample(m_sample);
    }
    m_consumers.resetWindows();
    m_core.scheduler.schedule(now + m_interval, EventKind::MetricsSample, 0, 0);
}

} // namespace evsim
