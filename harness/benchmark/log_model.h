#pragma once

#include "simulator/scenario/scenario.h"

#include <cstdint>

namespace evsim {

// The partitioned-log benchmark model: 10 producers publish keyed records (1,000 keys each)
// with Exp(mean 10 ms) gaps through a U(1 ms, 5 ms) hop into one topic of 12 partitions, read by
// three consumer groups of 4 members, each processing for Exp(mean 0.5 ms) and committing over a
// U(1 ms, 5 ms) hop. Every record is delivered to each group: 3 deliveries per message.
// `messages` is rounded down to a multiple of the 10 producers.
Scenario logModel(std::uint64_t messages, std::uint64_t seed = 1);

} // namespace evsim
