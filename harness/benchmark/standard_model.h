#pragma once

#include "simulator/scenario/scenario.h"

#include <cstdint>

namespace evsim {

// The benchmark model (scenarios/bench/standard.json describes the same thing as a file):
// 10 producers publish with Exp(mean 1 ms) gaps through a U(1 ms, 5 ms) hop into one queue;
// 8 consumers (prefetch 10) process for Exp(mean 0.5 ms) and ack over a U(1 ms, 5 ms) hop.
// `messages` is rounded down to a multiple of the 10 producers.
Scenario standardModel(std::uint64_t messages, std::uint64_t seed = 1);

} // namespace evsim
