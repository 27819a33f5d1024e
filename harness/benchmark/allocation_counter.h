#pragma once

#include <cstdint>

namespace evsim {

// Heap allocations made by the calling thread so far (a benchmark's run happens on one
// thread). Defined in allocation_counter.cpp, which replaces the global operator new and is
// linked into the evsim executable only.
std::uint64_t heapAllocations();

// The bytes the calling thread has asked the heap for so far, as a counter that stays at this
// address for the thread's life (for PauseAt: a run's memory budget is checked as it grows).
const std::uint64_t* threadAllocatedBytes();

} // namespace evsim
