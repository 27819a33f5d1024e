#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim kafka-partition`: the partition each record key lands on in a topic of N
// partitions under Kafka's default partitioner (KAFKA01), as the Java client and librdkafka
// compute it. One line a key: `KEY -> P`. Keys come as arguments, as hex bytes with
// --key-hex, or one a line from standard input with `-`. Exit 2 for a bad count or hex key.
Command addKafkaPartitionCommand(CLI::App& app);

} // namespace evsim
