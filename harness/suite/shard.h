#pragma once

#include <cstddef>
#include <cstdint>

namespace evsim {

// One slice of a suite or a sweep, for a CI matrix that spreads the work over many machines:
// shard I of N (1 <= I <= N) takes the items whose 0-based position p in the sorted list (or
// the seeds whose offset p from the first seed) has p % N == I - 1. The slices of 1..N are
// disjoint, cover everything, differ in size by at most one, and depend on nothing but the
// list, so every machine agrees on them without talking to the others.
struct Shard {
    std::uint64_t index = 1; // I, from 1
    std::uint64_t count = 1; // N
    bool includes(std::uint64_t position) const { return position % count == index - 1; }
    bool whole() const { return count == 1; }
};

} // namespace evsim
