#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/loader/value_reader.h"

#include <optional>
#include <string>

// The AMQP properties a publisher sets on a message: persistence, expiration, headers.

namespace evsim::loader {

struct MessageProperties {
    bool persistent = false;           // delivery_mode 2
    std::optional<SimTime> expiration; // per-message TTL
    std::string headers = "{}";        // compact JSON text of an object
};

// Reads "persistent", "expiration" and "headers" of a publishing object (a producer or a
// timeline publish; its other keys belong to the caller). Values that cannot be read keep
// their defaults after their error is reported.
class MessagePropertiesReader {
public:
    explicit MessagePropertiesReader(LoadContext& context)
        : m_context(context), m_values(context) {}

    MessageProperties read(const Json& v, const std::string& path) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
