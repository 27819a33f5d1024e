#pragma once

#include "harness/trace/span_builder.h"

#include <cstddef>
#include <vector>

namespace evsim {

// The spans of one trace, by start time (then by the order they began).
struct TraceGroup {
    std::uint32_t root = 0;
    std::vector<std::size_t> spans; // indices into TraceSet::spans
};

// The set's traces in the order they began, each with its spans by start time.
std::vector<TraceGroup> tracesInOrder(const TraceSet& set);

} // namespace evsim
