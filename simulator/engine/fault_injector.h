#pragma once

#include "simulator/engine/consumers.h"
#include "simulator/engine/engine_core.h"
#include "simulator/engine/publishers.h"
#include "simulator/scenario/intervention.h"
#include "simulator/scenario/intervention_check.h"
#include "simulator/scenario/scenario.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evsim {

// Applies interventions (the scenario's timeline and live ones alike) to a running
// simulation: crashes and restarts, slow-downs, pauses, hangs and error bursts, poison rules,
// broker restarts and purges, link faults, and the reconnects that follow a dropped
// connection. Each fault is recorded as it starts and ends.
class FaultInjector {
public:
    FaultInjector(EngineCore& core, Publishers& publishers, Consumers& consumers,
                  const Scenario& scenario);

    // Why `intervention` cannot be applied to this run ("no service named …"), or "".
    std::string check(const Intervention& intervention) const;

    void apply(std::uint32_t intervention);
    void end(std::uint32_t intervention);
    void onReconnect(std::uint32_t instance, std::uint32_t epoch);
    void onHeartbeatTimeout(std::uint32_t instance, std::uint32_t intervention);
    // A message fault's message reached `instance`, which crashes
    // (MessageFaultKind::CrashReceiver).
    void crashOnArrival(std::uint32_t instance, std::uint32_t intervention);
    // Rolling deploy `intervention` reaches `instance`: it runs the deploy's version from now.
    void deploy(std::uint32_t instance, std::uint32_t intervention);

private:
    struct ServiceRange {
        std::uint32_t firstInstance = 0;
        std::uint32_t instances = 0;
        bool consumes = false;
    };
    // What an intervention may name, answered from the run's own tables.
    class Targets final : public InterventionTargets {
    public:
        explicit Targets(const FaultInjector& run) : m_run(run) {}
        SimTime duration() const override { return m_run.m_duration; }
        std::optional<std::uint32_t> instancesOf(std::string_view service) const override;
        bool consumes(std::string_view service, std::string_view queue) const override;
        bool hasQueue(std::string_view queue) const override;
        bool hasExchange(std::string_view exchange) const override;
        std::uint32_t brokerNodes() const override { return m_run.m_core.broker->nodeCount(); }
        std::uint32_t groupPartitions(std::string_view group) const override;

    private:
        const FaultInjector& m_run;
    };

    // The index of the service named so, if there is one.
    std::optional<std::uint32_t> serviceIndex(std::string_view name) const;

    std::vector<std::uint32_t> instancesOf(const InstanceTarget& target) const;
    void publish(const PublishMessage& p);
    void crash(ServiceInstance& instance);
    void start(ServiceInstance& instance); // a restart: a new process that connects
    void disconnect(ServiceInstance& instance, ChannelCloseCause cause);
    void scheduleReconnect(ServiceInstance& instance);
    void connect(ServiceInstance& instance);
    bool partitioned(const ServiceInstance& instance) const;
    // A Cancel (intervention `index`) begins, consuming false, or ends.
    void setConsuming(const Cancel& cancel, std::uint32_t index, bool consuming);
    // A deleted exchange is declared again: by a DeclareExchange (`deletion` nullopt), or as
    // deletion `deletion` (an intervention's index) ends, if no later deletion replaced it.
    void declareExchange(const std::string& exchange, std::optional<std::uint32_t> deletion);
    void faultStarted(FaultKind kind, EntityId entity, std::uint32_t intervention);
    void faultEnded(FaultKind kind, EntityId entity, std::uint32_t intervention);

    EngineCore& m_core;
    Publishers& m_publishers;
    Consumers& m_consumers;
    std::vector<ServiceRange> m_services;  // by service index
    std::vector<EntityId> m_serviceEntity; // by service index, ascending
    std::vector<Backoff> m_reconnect;      // by service
    // (intervention, instance) of each crash a message caused that restarts on its own.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_crashedByMessage;
    SimTime m_duration;
};

} // namespace evsim
