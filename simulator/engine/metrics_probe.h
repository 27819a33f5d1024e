#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/engine/consumers.h"
#include "simulator/engine/engine_core.h"
#include "simulator/observe/alert_monitor.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/scenario/alert_rule.h"

#include <cstdint>
#include <vector>

namespace evsim {

// Samples the run's metrics every interval of virtual time - queue depths, rates, oldest
// message age, latency percentiles, messages on each link - and evaluates the alert rules on
// each sample, recording alerts as they are raised and resolved. It samples only when there
// is something to feed (alert rules, or a sink); sampling reads and never changes the run, so
// a sink does not change a run's digest.
class MetricsProbe {
public:
    MetricsProbe(EngineCore& core, Consumers& consumers, const MetricsSpec& spec,
                 const std::vector<AlertRule>& rules);

    // `sink` gets every sample from now on (sampling starts if it had not), until detached.
    // Not owned.
    void attach(MetricsSink* sink);
    void detach(MetricsSink* sink);
    void onSample();
    const std::vector<AlertEvent>& alertEvents() const { return m_events; }
    const AlertMonitor& monitor() const { return m_monitor; }
    EntityId alertEntity(std::uint32_t rule) const { return m_alertEntities[rule]; }

private:
    void startIfNeeded();
    double valueOf(std::uint32_t rule, const QueueSample& q) const;

    EngineCore& m_core;
    Consumers& m_consumers;
    SimTime m_interval;
    std::vector<MetricsSink*> m_sinks; // in the order attached
    AlertMonitor m_monitor;
    std::vector<EntityId> m_alertEntities;
    std::vector<std::uint32_t> m_alertQueues;
    std::vector<QueueGauge> m_previous;
    std::vector<AlertEvent> m_events;
    MetricsSample m_sample; // reused: no allocation per sample once sized
    bool m_scheduled = false;
};

} // namespace evsim
