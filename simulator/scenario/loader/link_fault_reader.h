#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/distribution_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/target_reader.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// The network faults a timeline entry can inject: "network" (conditions on the link between an
// instance and the broker) and "heal" (back to the declared conditions).

namespace evsim::loader {

// Reads the object of a "network" action into a LinkFault, or of a "heal" action into a Heal.
// A network fault must change something. The services must be read before. nullopt after
// reporting what is wrong.
class LinkFaultReader {
public:
    LinkFaultReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_distributions(context),
          m_targets(context, names) {}

    std::optional<LinkFault> readNetwork(const Json& v, const std::string& path) const;
    std::optional<Heal> readHeal(const Json& v, const std::string& path) const;

private:
    // "direction" if the object has one; false after an error.
    bool readDirection(const Json& v, const std::string& path, LinkDirection& out) const;

    LoadContext& m_context;
    ValueReader m_values;
    DistributionReader m_distributions;
    TargetReader m_targets;
};

} // namespace evsim::loader
