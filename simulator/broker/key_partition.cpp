#include "simulator/broker/key_partition.h"

#include <cassert>

namespace evsim {

std::uint32_t kafkaMurmur2(std::string_view key) {
    // Unsigned 32-bit arithmetic wraps as Java's int does, and >> on it is Java's >>>.
    constexpr std::uint32_t kSeed = 0x9747b28c;
    constexpr std::uint32_t kM = 0x5bd1e995;
    constexpr int kR = 24;
    const auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(key[i]));
    };
    const std::size_t length = key.size();
    std::uint32_t h = kSeed ^ static_cast<std::uint32_t>(length);
    const std::size_t whole = length & ~std::size_t{3};
    for (std::size_t i = 0; i < whole; i += 4) {
        std::uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
        k *= kM;
        k ^= k >> kR;
        k *= kM;
        h *= kM;
        h ^= k;
    }
    switch (length & 3) {
    case 3:
        h ^= byte(whole + 2) << 16;
        [[fallthrough]];
    case 2:
        h ^= byte(whole + 1) << 8;
        [[fallthrough]];
    case 1:
        h ^= byte(whole);
        h *= kM;
        break;
    default:
        break;
    }
    h ^= h >> 13;
    h *= kM;
    h ^= h >> 15;
    return h;
}

std::uint32_t partitionForKey(std::string_view key, std::uint32_t partitions) {
    assert(partitions > 0);
    return (kafkaMurmur2(key) & 0x7fffffffu) % partitions;
}

} // namespace evsim
