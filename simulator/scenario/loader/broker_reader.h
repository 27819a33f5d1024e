#pragma once

#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/queue_arguments_reader.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/scenario.h"

#include <string>

// The "broker" section: its kind ("amqp", the default and only one so far) and that kind's
// spec: for AMQP, exchanges, queues and the bindings between them, and the broker's consumer
// timeout and heartbeat.

namespace evsim::loader {

// Reads $.broker into a BrokerSpec, declaring every exchange and queue in the registry (so that
// later sections can refer to them) and checking the bindings' references.
class BrokerReader {
public:
    BrokerReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    void read(const Json& v, const std::string& path, BrokerSpec& spec) const;

private:
    void readAmqp(const Json& v, const std::string& path, AmqpSpec& broker) const;
    void readExchange(const Json& v, const std::string& path, AmqpSpec& broker) const;
    void readQueue(const Json& v, const std::string& path, QueueArgumentsReader& arguments,
                   AmqpSpec& broker) const;
    void readBinding(const Json& v, const std::string& path, AmqpSpec& broker) const;
    // A binding's arguments as compact JSON text, checked; "" after an error.
    std::string readArguments(const Json& v, const std::string& path) const;

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
