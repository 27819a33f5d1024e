#include "simulator/kernel/lazy_column.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(LazyColumn, AllocatesNothingWhileEveryValueIsTheDefault) {
    LazyColumn<int> column(-1);
    for (std::uint32_t i = 0; i < 1000; ++i) {
        column.set(i, -1);
    }
    EXPECT_FALSE(column.allocated());
    EXPECT_EQ(column.memoryBytes(), 0u);
    EXPECT_EQ(column.get(999), -1);
}

TEST(LazyColumn, KeepsEachValueOnceOneDiffers) {
    LazyColumn<int> column(-1);
    column.set(5, 7);
    ASSERT_TRUE(column.allocated());
    EXPECT_EQ(column.get(5), 7);
    EXPECT_EQ(column.get(4), -1);      // below the first value set
    EXPECT_EQ(column.get(100000), -1); // beyond every index set
    column.set(1000, 3);
    EXPECT_EQ(column.get(1000), 3);
    EXPECT_EQ(column.get(5), 7);
}

// A record index is reused: setting the default must overwrite what its last record left.
TEST(LazyColumn, AReusedIndexSetToTheDefaultForgetsItsLastValue) {
    LazyColumn<int> column(0);
    column.set(3, 9);
    column.set(3, 0);
    EXPECT_EQ(column.get(3), 0);
}

} // namespace
} // namespace evsim
