#pragma once

#include <cstdint>

namespace evsim {

// Heap allocations made by the calling thread so far (a benchmark's run happens on one
// thread). Defined in allocation_counter.cpp, which replaces the global operator new and is
// linked into the evsim executable only.
std::uint64_t heapAllocations();

} // namespace evsim
