#pragma once

#include <cstdint>
#include <string_view>

namespace evsim {

// SplitMix64 step: used to expand seeds, never as a simulation stream itself.
constexpr std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// FNV-1a over bytes: a stable 64-bit key for an entity name, identical on every platform.
constexpr std::uint64_t stableHash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// xoshiro256** 1.0 (Blackman & Vigna). Each simulated entity owns one stream derived from
// (run seed, entity key), so adding an entity leaves every other entity's draws unchanged.
class RandomStream {
public:
    RandomStream() : RandomStream(0, 0) {}
    RandomStream(std::uint64_t seed, std::uint64_t streamKey);

    // A stream with an exact internal state, for checking against published test vectors.
    static RandomStream fromState(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                  std::uint64_t s3) {
        RandomStream r;
        r.m_s[0] = s0;
        r.m_s[1] = s1;
        r.m_s[2] = s2;
        r.m_s[3] = s3;
        return r;
    }

    // The stream for an entity with a stable name such as "link:orders->broker".
    static RandomStream forEntity(std::uint64_t seed, std::string_view entityName) {
        return RandomStream(seed, stableHash(entityName));
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, bound) by Lemire's multiply-shift; bound must be > 0.
    std::uint64_t below(std::uint64_t bound) {
        __extension__ using Wide = unsigned __int128;
        return static_cast<std::uint64_t>((static_cast<Wide>(next()) * bound) >> 64);
    }

    // True with probability p (p <= 0 never, p >= 1 always).
    bool chance(double p) { return uniform01() < p; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t m_s[4];
};

} // namespace evsim
