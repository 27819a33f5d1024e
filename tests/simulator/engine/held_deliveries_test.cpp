#include "simulator/engine/held_deliveries.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using State = HeldDelivery::State;

HeldDelivery numbered(std::uint32_t tag) {
    HeldDelivery d;
    d.tag = tag;
    return d;
}

TEST(HeldDeliveries, NumbersStayValidWhileDeliveriesFinishOutOfOrder) {
    HeldDeliveries held;
    const std::uint32_t a = held.add(numbered(1));
    const std::uint32_t b = held.add(numbered(2));
    const std::uint32_t c = held.add(numbered(3));
    held.finish(b); // in the middle: stays until the ones before it are done
    ASSERT_NE(held.find(a), nullptr);
    EXPECT_EQ(held.find(a)->tag, 1u);
    EXPECT_EQ(held.find(b)->state, State::Done);
    EXPECT_EQ(held.find(c)->tag, 3u);
    held.finish(a); // the front goes, and the done one behind it
    EXPECT_EQ(held.find(a), nullptr);
    EXPECT_EQ(held.find(b), nullptr);
    EXPECT_EQ(held.find(c)->tag, 3u);
    EXPECT_EQ(held.size(), 1u);
}

TEST(HeldDeliveries, AStaleNumberNeverFindsALaterDelivery) {
    HeldDeliveries held;
    const std::uint32_t old = held.add(numbered(1));
    held.finish(old);
    // The ring reuses the storage of the old one; its number must not find the newcomers.
    for (std::uint32_t tag = 2; tag < 40; ++tag) {
        const std::uint32_t n = held.add(numbered(tag));
        EXPECT_NE(n, old);
        EXPECT_EQ(held.find(old), nullptr);
        EXPECT_EQ(held.find(n)->tag, tag);
    }
}

TEST(HeldDeliveries, TheNextToProcessIsTheFirstSentOfThoseThatArrived) {
    HeldDeliveries held;
    const std::uint32_t first = held.add(numbered(1));
    const std::uint32_t second = held.add(numbered(2));
    const std::uint32_t third = held.add(numbered(3));
    held[third].state = State::Arrived; // overtook the other two
    EXPECT_EQ(held.firstArrived(), third);
    held[second].state = State::Arrived;
    EXPECT_EQ(held.firstArrived(), second);
    held[second].state = State::Processing;
    held[first].state = State::Arrived;
    EXPECT_EQ(held.firstArrived(), first);
}

TEST(HeldDeliveries, FinishEachLeavesWhatItDeclinesInPlaceAndInOrder) {
    HeldDeliveries held;
    const std::uint32_t processing = held.add(numbered(1));
    const std::uint32_t waiting = held.add(numbered(2));
    const std::uint32_t settling = held.add(numbered(3));
    const std::uint32_t onTheWay = held.add(numbered(4));
    held[processing].state = State::Processing;
    held[waiting].state = State::Arrived;
    held[settling].state = State::Settling;
    std::vector<std::uint32_t> seen;
    held.finishEach([&](HeldDelivery& d) {
        seen.push_back(d.tag);
        return d.state == State::Arrived || d.state == State::OnTheWay;
    });
    EXPECT_EQ(seen, (std::vector<std::uint32_t>{1, 2, 3, 4}));
    EXPECT_EQ(held.find(processing)->state, State::Processing);
    EXPECT_EQ(held.find(waiting)->state, State::Done);
    EXPECT_EQ(held.find(settling)->state, State::Settling);
    EXPECT_EQ(held.find(onTheWay)->state, State::Done);
    held.finish(processing);
    held.finish(settling);
    EXPECT_EQ(held.size(), 0u);
    EXPECT_EQ(held.find(onTheWay), nullptr);
}

} // namespace
} // namespace evsim
