#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// The "message" action of a timeline entry: one message singled out on its next hop.

namespace evsim::loader {

// Reads { "id": "msg-1234", "action": "drop" | "duplicate" | "delay" | "crash_receiver",
// "by": duration (delay only), "restart_after": duration (crash_receiver only) } into a
// MessageFault. nullopt after reporting what is wrong.
class MessageFaultReader {
public:
    explicit MessageFaultReader(LoadContext& context) : m_context(context), m_values(context) {}

    std::optional<MessageFault> read(const Json& v, const std::string& path) const;

private:
    std::optional<std::uint32_t> readId(const Json& v, const std::string& path) const;

    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
