#pragma once

#include "simulator/broker/broker_topology.h"
#include "simulator/scenario/kafka_spec.h"

namespace evsim {

// A partitioned-log broker's topics and consumer groups as a BrokerTopology: topics are its
// targets, groups its sources, and each group is reached from the topic it reads.
BrokerTopology describeKafka(const KafkaSpec& spec);

// "range", "roundrobin", "cooperative-sticky": as the format writes it.
const char* assignorName(AssignorKind kind);

} // namespace evsim
