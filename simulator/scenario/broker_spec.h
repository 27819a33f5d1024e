#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/amqp_spec.h"
#include "simulator/scenario/kafka_spec.h"

#include <array>
#include <optional>
#include <string_view>

namespace evsim {

// Which model of a broker a scenario runs ("kind" in its broker object). Each kind has its own
// spec below, its own reader in the loader and its own BrokerModel, made by makeBroker()
// (broker/broker_factory.h); the engine and the app see only what all kinds share.
enum class BrokerKind {
    Amqp,  // "amqp": RabbitMQ exchanges, queues and bindings (the default)
    Kafka, // "kafka": partitioned logs (topics) read by consumer groups
};

// "amqp", as the format writes it.
std::string_view brokerKindName(BrokerKind kind);
// The kind a name writes, or nullopt.
std::optional<BrokerKind> brokerKindNamed(std::string_view name);
// Every kind's name, in the order they were added (for messages and hints).
std::array<std::string_view, 2> brokerKindNames();

// The broker of a scenario: its kind and that kind's spec.
struct BrokerSpec {
    BrokerKind kind = BrokerKind::Amqp;
    AmqpSpec amqp;   // kind Amqp
    KafkaSpec kafka; // kind Kafka

    // What the kind calls what publishes go to and what consumers read, singular: "exchange"
    // and "queue", or a log's "topic" and "group".
    std::string_view targetNoun() const { return kind == BrokerKind::Kafka ? "topic" : "exchange"; }
    std::string_view sourceNoun() const { return kind == BrokerKind::Kafka ? "group" : "queue"; }

    // How long a connection whose peer cannot be reached stays open (missed heartbeats), in
    // every kind: the engine closes it then.
    SimTime heartbeat() const { return amqp.heartbeat; }
};

} // namespace evsim
