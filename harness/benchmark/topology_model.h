#pragma once

#include "simulator/scenario/scenario.h"

#include <cstdint>

namespace evsim {

// A wide system, for measuring how cost grows with the number of entities: `queues` queues,
// each bound to one direct exchange by its own key, each with its own producer service and
// its own consumer service (so 2 × `queues` services). Each producer publishes
// messages / queues messages with Exp(1 ms) gaps over a U(1 ms, 5 ms) hop; each consumer
// (prefetch 10) processes for Exp(0.5 ms) and acks over the same hop: per queue, the same
// load as one producer of the standard model.
Scenario topologyModel(std::uint32_t queues, std::uint64_t messages, std::uint64_t seed = 1);

} // namespace evsim
