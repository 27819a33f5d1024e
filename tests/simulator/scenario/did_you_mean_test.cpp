#include "simulator/scenario/did_you_mean.h"

#include <array>
#include <gtest/gtest.h>

namespace evsim {
namespace {

constexpr std::array<std::string_view, 4> kKeys{"queue", "prefetch", "processing", "ack"};

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
    EXPECT_EQ(editDistance("", ""), 0u);
    EXPECT_EQ(editDistance("abc", ""), 3u);
    EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
    EXPECT_EQ(editDistance("prefech", "prefetch"), 1u);
}

TEST(EditDistance, ASwapOfNeighboursCostsOne) {
    EXPECT_EQ(editDistance("qeueu", "queue"), 2u);
    EXPECT_EQ(editDistance("ack", "akc"), 1u);
}

TEST(EditDistance, IgnoresAsciiCase) {
    EXPECT_EQ(editDistance("Prefetch", "prefetch"), 0u);
}

TEST(EditDistance, StopsEarlyPastTheLimit) {
    EXPECT_EQ(editDistance("aaaaaaaaaa", "bbbbbbbbbb", 2), 3u);
    EXPECT_EQ(editDistance("abc", "abd", 2), 1u);
}

TEST(DidYouMean, SuggestsTheNearestCloseName) {
    EXPECT_EQ(nearestName("prefech", kKeys), "prefetch");
    EXPECT_EQ(nearestName("proccessing", kKeys), "processing");
    EXPECT_EQ(didYouMean("qeue", kKeys), "did you mean \"queue\"?");
}

TEST(DidYouMean, SuggestsNothingWhenNoNameIsClose) {
    EXPECT_EQ(nearestName("threads", kKeys), std::nullopt);
    EXPECT_EQ(didYouMean("threads", kKeys), "");
    // Two edits would turn "ab" into anything of length two: that is no evidence of a typo.
    const std::vector<std::string> names{"cd"};
    EXPECT_EQ(nearestName("ab", names), std::nullopt);
}

TEST(DidYouMean, AllowsMoreEditsForLongerNames) {
    const std::vector<std::string> names{"billing.orders.dead-letter"};
    EXPECT_EQ(nearestName("biling.order.deadletter", names), "billing.orders.dead-letter");
}

TEST(DidYouMean, TiesGoToTheEarlierCandidate) {
    const std::vector<std::string> names{"cart", "card"};
    EXPECT_EQ(nearestName("carx", names), "cart");
}

TEST(DidYouMean, HasNoSuggestionForHugeWordsOrNoCandidates) {
    EXPECT_EQ(nearestName(std::string(10000, 'a'), kKeys), std::nullopt);
    EXPECT_EQ(nearestName("queue", std::vector<std::string>{}), std::nullopt);
}

} // namespace
} // namespace evsim
