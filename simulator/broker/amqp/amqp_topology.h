#pragma once

#include "simulator/broker/broker_topology.h"
#include "simulator/scenario/amqp_spec.h"

namespace evsim {

// An AMQP broker's exchanges, queues and bindings as a BrokerTopology: the default exchange
// first (it routes by queue name), then the declared exchanges; queues in declaration order.
BrokerTopology describeAmqp(const AmqpSpec& spec);

} // namespace evsim
