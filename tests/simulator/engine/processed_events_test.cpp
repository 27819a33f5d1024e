#include "simulator/engine/processed_events.h"

#include <gtest/gtest.h>
#include <set>
#include <utility>

namespace evsim {
namespace {

TEST(ProcessedEvents, ARepeatIsSeenOnlyByThePairThatProcessedIt) {
    ProcessedEvents processed;
    EXPECT_FALSE(processed.mark(0, 7));
    EXPECT_TRUE(processed.mark(0, 7));
    EXPECT_FALSE(processed.mark(1, 7)) << "another queue's first processing of the event";
    EXPECT_TRUE(processed.mark(1, 7));
    EXPECT_FALSE(processed.mark(2, 7));
    EXPECT_FALSE(processed.mark(0, 8));
}

// The same answers as a plain set of pairs, over many pairs and interleaved event ids, through
// the hash set's growth.
TEST(ProcessedEvents, AnswersAsASetOfPairsWould) {
    ProcessedEvents processed;
    std::set<std::pair<std::uint32_t, std::uint32_t>> reference;
    std::uint64_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        const auto pair = static_cast<std::uint32_t>((x >> 33) % 50);
        const auto event = static_cast<std::uint32_t>((x >> 13) % 20000);
        const bool seen = !reference.insert({pair, event}).second;
        ASSERT_EQ(processed.mark(pair, event), seen) << "pair " << pair << " event " << event;
    }
}

// Ten thousand pairs, each processing every ten-thousandth event of a million: memory follows
// the events, not pairs times the highest event id.
TEST(ProcessedEvents, MemoryGrowsWithTheEventsNotWithThePairs) {
    ProcessedEvents processed;
    for (std::uint32_t event = 0; event < 1000000; ++event) {
        processed.mark(event % 10000, event);
    }
    EXPECT_LE(processed.memoryBytes(), 16u * 1000000u);
}

} // namespace
} // namespace evsim
