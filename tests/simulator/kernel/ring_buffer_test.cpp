#include "simulator/kernel/ring_buffer.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(RingBuffer, IsFifoAcrossGrowth) {
    RingBuffer<int> r;
    for (int i = 0; i < 10; ++i) {
        r.pushBack(i);
    }
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(r.popFront(), i);
    }
    for (int i = 10; i < 100; ++i) {
        r.pushBack(i);
    }
    for (int i = 5; i < 100; ++i) {
        EXPECT_EQ(r.popFront(), i);
    }
    EXPECT_TRUE(r.empty());
}

TEST(RingBuffer, InsertSortedPutsAnItemBackInItsPlace) {
    RingBuffer<int> r;
    for (int v : {2, 4, 6, 8}) {
        r.pushBack(v);
    }
    r.insertSorted(5, [](int a, int b) { return a < b; });
    r.insertSorted(1, [](int a, int b) { return a < b; });
    r.insertSorted(9, [](int a, int b) { return a < b; });
    std::vector<int> got;
    while (!r.empty()) {
        got.push_back(r.popFront());
    }
    EXPECT_EQ(got, (std::vector<int>{1, 2, 4, 5, 6, 8, 9}));
}

TEST(RingBuffer, StopsAllocatingOnceItHasGrown) {
    RingBuffer<int> r;
    for (int i = 0; i < 100; ++i) {
        r.pushBack(i);
    }
    const std::size_t capacity = r.capacity();
    for (int round = 0; round < 1000; ++round) {
        r.pushBack(r.popFront());
    }
    EXPECT_EQ(r.capacity(), capacity);
}

} // namespace
} // namespace evsim
