#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// The "seek" action of a timeline entry: a partitioned log's consumer group moves its offsets.

namespace evsim::loader {

// Reads { "group": name, "partition": n (optional), and one of "to": "earliest" | "latest",
// "offset": n, "time": duration } into a Seek. The group must be a partitioned log's, declared
// before. nullopt after reporting what is wrong.
class SeekReader {
public:
    SeekReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    std::optional<Seek> read(const Json& v, const std::string& path) const;

private:
    bool readGroup(const Json& v, const std::string& path, Seek& seek) const;
    bool readWhere(const Json& v, const std::string& path, Seek& seek) const;

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
