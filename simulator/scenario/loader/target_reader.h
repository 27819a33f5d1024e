#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// What a fault acts on: a service, or one of its instances.

namespace evsim::loader {

// Reads "service" (required) and "instance" (optional) of a fault's object into an
// InstanceTarget. The service must be declared (an unknown one gets the nearest name as a
// hint); an instance is numbered from 0 and must be below the service's "instances". The
// services must be read before. Reports what is wrong through the context; nullopt then.
class TargetReader {
public:
    TargetReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    std::optional<InstanceTarget> read(const Json& v, const std::string& path) const;
    // Just the "service" member, which must be present: the declared service's name, or
    // nullopt after an error.
    std::optional<std::string> readService(const Json& v, const std::string& path) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
