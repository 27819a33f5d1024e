#include "simulator/kernel/random.h"

namespace evsim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t streamKey) {
    std::uint64_t sm = seed ^ (streamKey * 0xd6e8feb86659fd93ULL);
    for (auto& word : m_s) {
        word = splitMix64(sm);
    }
}

} // namespace evsim
