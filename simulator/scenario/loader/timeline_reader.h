#pragma once

#include "kernel/sim_time.h"
#include "scenario/loader/name_registry.h"
#include "scenario/loader/publication_reader.h"
#include "scenario/loader/value_reader.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>

// The "timeline" section: hand-written interventions.

namespace evsim::loader {

// Reads one element of $.timeline. The broker must be read before (a publish names its
// exchange or queue). `runEnd` is the scenario's duration when it is known, and entries after
// it are errors; nullopt when the duration itself was broken (its error is already reported).
class TimelineReader {
public:
    TimelineReader(LoadContext& context, NameRegistry& names, std::optional<SimTime> runEnd)
        : m_context(context), m_values(context), m_publications(context, names), m_runEnd(runEnd) {}

    // nullopt when the entry has no readable publish; otherwise the entry as far as it could
    // be read (errors are in the context).
    std::optional<Intervention> read(const Json& v, const std::string& path) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
    PublicationReader m_publications;
    std::optional<SimTime> m_runEnd;
};

} // namespace evsim::loader
