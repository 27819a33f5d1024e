#pragma once

#include "simulator/kernel/distribution.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// Distributions of durations: processing times, gaps between publishes, network latencies.

namespace evsim::loader {

// Reads a distribution: a duration (a constant) or an object naming it in "dist" with its
// parameters (docs/scenario-format.md, "Distributions"). Reports what is wrong through the
// context and returns nullopt then.
class DistributionReader {
public:
    explicit DistributionReader(LoadContext& context) : m_context(context), m_values(context) {}

    std::optional<Distribution> read(const Json& v, const std::string& path) const;

private:
    std::optional<Distribution> readEmpirical(const Json& v, const std::string& path) const;

    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
