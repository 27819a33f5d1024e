#pragma once

// Queue and topology specs the broker's row tests share.
#include "simulator/scenario/amqp_spec.h"

#include <string>
#include <utility>

namespace evsim::testkit {

inline QueueSpec queue(const std::string& name, QueueType type = QueueType::Classic) {
    QueueSpec q(name);
    q.type = type;
    return q;
}

// A work queue that dead-letters to exchange "dlx", which routes everything to "dlq".
inline AmqpSpec withDeadLetterQueue(QueueSpec work) {
    AmqpSpec spec;
    work.arguments.deadLetterExchange = "dlx";
    spec.queues.push_back(std::move(work));
    spec.queues.push_back(queue("dlq"));
    spec.exchanges.push_back({"dlx", ExchangeType::Fanout});
    spec.bindings.push_back({"dlx", "dlq", ""});
    return spec;
}

} // namespace evsim::testkit
