#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/intervention.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

struct Scenario;

// The names an intervention may refer to in one run, asked for one by one: a run of thousands
// of services answers from the tables it has anyway, keeping no second copy of every name.
class InterventionTargets {
public:
    virtual ~InterventionTargets() = default;
    virtual SimTime duration() const = 0;
    // How many instances the service named so has; nullopt when there is no such service.
    virtual std::optional<std::uint32_t> instancesOf(std::string_view service) const = 0;
    // Whether the service consumes `queue` ("" any queue).
    virtual bool consumes(std::string_view service, std::string_view queue) const = 0;
    virtual bool hasQueue(std::string_view queue) const = 0;
    // A declared exchange (the default exchange "" is always there and never asked about).
    virtual bool hasExchange(std::string_view exchange) const = 0;
    // The brokers of a partitioned-log cluster, numbered from 1; 0 for a kind that is one node.
    virtual std::uint32_t brokerNodes() const = 0;
    // How many partitions a partitioned log's consumer group reads; 0 for no such group.
    virtual std::uint32_t groupPartitions(std::string_view group) const = 0;
};

// The targets of a scenario as written, for checks made before any run exists (a session
// that edits its interventions). Searches the scenario: meant for one check at a time.
class ScenarioTargets final : public InterventionTargets {
public:
    explicit ScenarioTargets(const Scenario& scenario) : m_scenario(scenario) {}
    SimTime duration() const override;
    std::optional<std::uint32_t> instancesOf(std::string_view service) const override;
    bool consumes(std::string_view service, std::string_view queue) const override;
    bool hasQueue(std::string_view queue) const override;
    bool hasExchange(std::string_view exchange) const override;
    std::uint32_t brokerNodes() const override;
    std::uint32_t groupPartitions(std::string_view group) const override;

private:
    const Scenario& m_scenario;
};

// Why `intervention` cannot be applied to a run of the scenario ("no service named …",
// "billing has 2 instances; there is no #3", "after the end of the run"), or "" when it can.
// The loader checks a file's timeline the same way, with locations; this is for interventions
// made elsewhere (a live session, a test).
std::string checkIntervention(const InterventionTargets& targets, const Intervention& intervention);

} // namespace evsim
