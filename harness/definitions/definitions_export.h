#pragma once

#include "simulator/scenario/scenario.h"

#include <string>

// A scenario's RabbitMQ topology as the definitions file a real broker imports.

namespace evsim {

// The scenario's exchanges, queues (with their type and arguments) and bindings as RabbitMQ
// 3.10 definitions of the virtual host "/", for `rabbitmqctl import_definitions FILE` or the
// management API's POST /api/definitions. Services, faults and expectations have no place
// there and are left out; importRabbitMqDefinitions reads the topology back unchanged.
std::string exportRabbitMqDefinitions(const Scenario& scenario);

// A queue's arguments as RabbitMQ names them (x-queue-type, x-message-ttl, ...), as the compact
// JSON object text the definitions carry.
std::string rabbitMqQueueArguments(const QueueSpec& queue);

} // namespace evsim
