#pragma once

#include <cstdint>

namespace evsim {

// Heap allocations made by this process so far. Defined in allocation_counter.cpp, which
// replaces the global operator new and is linked into the evsim executable only.
std::uint64_t heapAllocations();

} // namespace evsim
