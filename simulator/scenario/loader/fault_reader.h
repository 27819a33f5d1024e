#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/poison_rule_reader.h"
#include "simulator/scenario/loader/target_reader.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>
#include <string_view>

// The faults a timeline entry can inject into services, the broker and queues (the network's
// are LinkFaultReader's).

namespace evsim::loader {

// Reads the object of one fault action ("crash", "restart", "slow_down", "pause", "hang",
// "error_burst", "poison", "cancel", "broker_restart", "purge", "delete_exchange",
// "declare_exchange", "broker_down", "slow_broker", "rolling_deploy") into its Intervention
// action.
// Services and queues must be declared before. A duration that outlasts the run is fine (the effect
// is cut at the end). nullopt after reporting what is wrong.
class FaultReader {
public:
    FaultReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_targets(context, names), m_poisonRules(context),
          m_names(names) {}

    // Whether `action` is one of the keys above.
    static bool handles(std::string_view action);
    std::optional<InterventionAction> read(std::string_view action, const Json& v,
                                           const std::string& path) const;

private:
    std::optional<InterventionAction> readPoison(const Json& v, const std::string& path) const;
    std::optional<InterventionAction> readClusterFault(std::string_view action, const Json& v,
                                                       const std::string& path) const;
    std::optional<InterventionAction> readRollingDeploy(const Json& v,
                                                        const std::string& path) const;
    std::optional<InterventionAction> readPurge(const Json& v, const std::string& path) const;
    std::optional<std::string> readDeletableExchange(const Json& v, const std::string& path) const;
    bool consumesWhatItCancels(const Cancel& cancel, const std::string& path) const;

    LoadContext& m_context;
    ValueReader m_values;
    TargetReader m_targets;
    PoisonRuleReader m_poisonRules;
    NameRegistry& m_names;
};

} // namespace evsim::loader
