#pragma once

#include <cstdint>
#include <string_view>

namespace evsim {

// Where a partitioned log puts a keyed record, as Kafka's clients do, so that a scenario's
// partitions hold the same keys as the real cluster's and `evsim kafka-partition` answers
// "where will this key land?" as a producer would.

// Kafka's murmur2 hash of a key's bytes (org.apache.kafka.common.utils.Utils.murmur2, and
// librdkafka's rd_murmur2): seed 0x9747b28c, four bytes at a time read little-endian. The
// 32-bit pattern Java holds in a signed int.
std::uint32_t kafkaMurmur2(std::string_view key);

// The partition of a keyed record under Kafka's default partitioner (KAFKA01):
// toPositive(murmur2(key)) % partitions. toPositive clears the sign bit; it is not abs(),
// which would send half of all keys elsewhere. `partitions` is at least 1.
std::uint32_t partitionForKey(std::string_view key, std::uint32_t partitions);

} // namespace evsim
