// Replaces the global (unaligned) allocation functions to count calls, so `evsim bench` can
// show that a run allocates nothing per event in steady state. Every form of new is replaced,
// nothrow included, so each pairs with its delete. Linked into the evsim executable only.
#include "harness/benchmark/allocation_counter.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {
// Per thread: one counter shared by the threads of `evsim sweep -j` would bounce its cache
// line between cores on every allocation.
thread_local std::uint64_t t_allocations = 0;
thread_local std::uint64_t t_bytes = 0;

void* allocate(std::size_t size) {
    ++t_allocations;
    t_bytes += size;
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
} // namespace

namespace evsim {
std::uint64_t heapAllocations() {
    return t_allocations;
}
const std::uint64_t* threadAllocatedBytes() {
    return &t_bytes;
}
} // namespace evsim

void* operator new(std::size_t size) {
    return allocate(size);
}
void* operator new[](std::size_t size) {
    return allocate(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++t_allocations;
    t_bytes += size;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
    return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
