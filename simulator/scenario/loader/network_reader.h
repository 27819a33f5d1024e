#pragma once

#include "simulator/scenario/loader/distribution_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/scenario.h"

#include <map>
#include <string>
#include <utility>

// The "network" section: the default latency and the links between services and the broker.

namespace evsim::loader {

// Reads $.network into a NetworkSpec. Services must be declared in the registry before it, so
// that links can be checked against them; each direction of a link may be given once.
class NetworkReader {
public:
    NetworkReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_distributions(context), m_names(names) {}

    void read(const Json& v, const std::string& path, NetworkSpec& network);

private:
    void readLink(const Json& v, const std::string& path, NetworkSpec& network);

    LoadContext& m_context;
    ValueReader m_values;
    DistributionReader m_distributions;
    NameRegistry& m_names;
    std::map<std::pair<std::string, std::string>, std::string> m_links; // (from, to) -> path
};

} // namespace evsim::loader
