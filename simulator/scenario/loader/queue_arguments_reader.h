#pragma once

#include "simulator/scenario/amqp_spec.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <string>
#include <utility>
#include <vector>

// A queue's type, durability and RabbitMQ arguments ("x-message-ttl", "x-max-length", …).

namespace evsim::loader {

// Reads the "type", "durable" and "arguments" members of a queue object into its QueueSpec,
// with RabbitMQ's names, defaults and rules: a quorum queue is durable; "x-delivery-limit" is
// for quorum queues; "x-dead-letter-routing-key" needs "x-dead-letter-exchange", which names a
// declared exchange or "" (the default exchange). The exchanges must be declared before.
//
// A dead-letter routing key for the default exchange must name a queue, which may be declared
// after the queue that uses it: those are checked by checkDeadLetterQueues(), to be called once
// every queue is declared.
class QueueArgumentsReader {
public:
    QueueArgumentsReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    void read(const Json& queue, const std::string& path, QueueSpec& spec);
    void checkDeadLetterQueues();

private:
    void readArguments(const Json& v, const std::string& path, QueueSpec& spec);
    void checkQueueType(const Json& v, const std::string& path, const QueueSpec& spec);

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
    std::vector<std::pair<std::string, std::string>> m_deadLetterKeys; // (key, its path)
};

} // namespace evsim::loader
