#pragma once

#include "simulator/engine/envelope.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// What application code decides for one delivery: basic.ack, basic.nack with requeue, or
// basic.reject (dead-lettered when the queue has a dead-letter exchange, else dropped).
enum class HandlerVerdict : std::uint8_t { Ack, Requeue, Reject };

// One delivery as the consumer's code sees it. The references live for the call only.
struct HandlerDelivery {
    // CloudEvents view: id (the event id, the same for a redelivery, a duplicate or a retry),
    // type, subject (the routing key), data (the JSON body), headers, trace context. `source`
    // names the publishing service when the run keeps its messages (the default), "/" if not.
    const Envelope& envelope;
    std::string_view queue;
    std::string_view instance; // "payments#0": the service and the instance number
    std::uint32_t attempt = 1; // the broker's delivery count: 1 first, more when redelivered
    bool redelivered = false;
    SimTime now;
};

// An event the handler publishes while handling; it leaves with the verdict, over the
// consumer's connection, as the scenario's `emits` do.
struct HandlerPublish {
    std::string exchange; // "" is the default exchange (routing key = queue name)
    std::string routingKey;
    std::string eventType;
    std::string body = "{}"; // JSON text
};

// A consumer's behaviour written as C++ instead of the scenario's model: it replaces the
// model's failure probability, poison rules, idempotency store, retries and emits, while the
// processing time, prefetch, ack mode and everything around (network, broker, faults) stay
// simulated. Attach it with Simulation::setHandler before the run starts.
//
// Contract: the run stays deterministic only if the handler is: its verdict and publishes
// must depend on its own state and the delivery alone (no clocks, threads or unseeded
// randomness). An exception thrown by a handler leaves the run through the call that fired
// the event (step(), runUntil()); the simulation must not be used after that.
class ConsumerHandler {
public:
    virtual ~ConsumerHandler() = default;
    virtual HandlerVerdict handle(const HandlerDelivery& delivery,
                                  std::vector<HandlerPublish>& publish) = 0;
};

} // namespace evsim
