#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/loader/fault_reader.h"
#include "simulator/scenario/loader/link_fault_reader.h"
#include "simulator/scenario/loader/message_fault_reader.h"
#include "simulator/scenario/loader/message_properties_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/publication_reader.h"
#include "simulator/scenario/loader/seek_reader.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/scenario.h"

#include <optional>
#include <string>
#include <string_view>

// The "timeline" section: hand-written interventions, each an "at", an optional "name" and
// exactly one action (a publish or a fault).

namespace evsim::loader {

// Reads one element of $.timeline. The broker and the services must be read before (actions
// name exchanges, queues and services). `runEnd` is the scenario's duration when it is known,
// and entries after it are errors; nullopt when the duration itself was broken (its error is
// already reported). Declares each entry's name as an intervention, so that expectations can
// refer to it, and tells the registry about the entries without one.
class TimelineReader {
public:
    TimelineReader(LoadContext& context, NameRegistry& names, std::optional<SimTime> runEnd)
        : m_context(context), m_values(context), m_publications(context, names),
          m_properties(context), m_faults(context, names), m_linkFaults(context, names),
          m_messageFaults(context), m_seeks(context, names), m_names(names), m_runEnd(runEnd) {}

    // nullopt when the entry has no readable action; otherwise the entry as far as it could
    // be read (errors are in the context).
    std::optional<Intervention> read(const Json& v, const std::string& path) const;

private:
    void readName(const Json& v, const std::string& path, std::string_view action,
                  Intervention& entry) const;
    std::optional<InterventionAction> readPublish(const Json& v, const std::string& path) const;

    LoadContext& m_context;
    ValueReader m_values;
    PublicationReader m_publications;
    MessagePropertiesReader m_properties;
    FaultReader m_faults;
    LinkFaultReader m_linkFaults;
    MessageFaultReader m_messageFaults;
    SeekReader m_seeks;
    NameRegistry& m_names;
    std::optional<SimTime> m_runEnd;
};

} // namespace evsim::loader
