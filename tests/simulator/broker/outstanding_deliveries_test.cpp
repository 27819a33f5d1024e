#include "simulator/broker/amqp/outstanding_deliveries.h"

#include <gtest/gtest.h>
#include <vector>

namespace evsim {
namespace {

std::vector<std::uint32_t> takeAll(OutstandingDeliveries& o) {
    std::vector<std::uint32_t> copies;
    o.takeAll([&](std::uint32_t copy) { copies.push_back(copy); });
    return copies;
}

TEST(OutstandingDeliveries, TagsCountUpFromOneAndNameTheirCopy) {
    OutstandingDeliveries o;
    EXPECT_EQ(o.add(40, SimTime::fromMillis(1)), 1u);
    EXPECT_EQ(o.add(41, SimTime::fromMillis(2)), 2u);
    EXPECT_EQ(o.add(42, SimTime::fromMillis(3)), 3u);
    EXPECT_EQ(o.count(), 3u);
    EXPECT_FALSE(o.settle(2, 40)) << "tag 2 names copy 41";
    EXPECT_FALSE(o.settle(4, 42)) << "no delivery has tag 4 yet";
    EXPECT_TRUE(o.settle(2, 41));
    EXPECT_FALSE(o.settle(2, 41)) << "settled already";
    EXPECT_EQ(o.count(), 2u);
    EXPECT_EQ(o.oldestSentAt(), SimTime::fromMillis(1));
    EXPECT_TRUE(o.settle(1, 40));
    EXPECT_EQ(o.oldestSentAt(), SimTime::fromMillis(3)) << "the hole of tag 2 is gone too";
}

// Closing the channel returns what is out oldest first (AMQP14) and leaves no tag reusable:
// a settle that was on its way before the close must not settle a later delivery.
TEST(OutstandingDeliveries, TakingAllReturnsOldestFirstAndRetiresEveryTag) {
    OutstandingDeliveries o;
    const std::uint32_t first = o.add(7, SimTime::zero());
    o.add(8, SimTime::zero());
    const std::uint32_t third = o.add(9, SimTime::zero());
    ASSERT_TRUE(o.settle(first + 1, 8));
    EXPECT_EQ(takeAll(o), (std::vector<std::uint32_t>{7, 9}));
    EXPECT_TRUE(o.empty());
    const std::uint32_t again = o.add(9, SimTime::zero());
    EXPECT_GT(again, third);
    EXPECT_FALSE(o.settle(third, 9)) << "a tag from before the close";
    EXPECT_TRUE(o.settle(again, 9));
}

TEST(OutstandingDeliveries, AnAutomaticallySettledDeliveryTakesATagButHoldsNothing) {
    OutstandingDeliveries o;
    EXPECT_EQ(o.addSettled(), 1u);
    EXPECT_EQ(o.addSettled(), 2u);
    EXPECT_TRUE(o.empty());
    EXPECT_FALSE(o.settle(1, kNoCopy));
    EXPECT_EQ(o.add(5, SimTime::zero()), 3u);
}

} // namespace
} // namespace evsim
