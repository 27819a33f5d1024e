// A partition's records by offset while retention deletes from the start.
#include "simulator/broker/kafka/partition_log.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(PartitionLog, OffsetsStayWhileTheStartIsDeletedAndItsSpaceIsReused) {
    PartitionLog log;
    for (std::uint32_t i = 0; i < 3000; ++i) {
        log.append(LogRecord{i, 100 + i, SimTime::fromMillis(i)});
    }
    const std::size_t full = log.capacityBytes();
    for (int i = 0; i < 2000; ++i) {
        log.popFront();
        // Every offset still names its own record, before and after the space is given back.
        ASSERT_EQ(log.at(log.start()).message, 100 + log.start());
        ASSERT_EQ(log.at(2999).message, 3099u);
    }
    EXPECT_EQ(log.start(), 2000u);
    EXPECT_EQ(log.end(), 3000u);
    EXPECT_EQ(log.size(), 1000u);
    // As many written again as were deleted: the space before the head is reused.
    for (std::uint32_t i = 3000; i < 5000; ++i) {
        log.append(LogRecord{i, 100 + i, SimTime::fromMillis(i)});
    }
    EXPECT_EQ(log.end(), 5000u);
    EXPECT_EQ(log.at(4321).message, 4421u);
    EXPECT_EQ(log.capacityBytes(), full) << "a log kept at a steady size stops growing";
}

} // namespace
} // namespace evsim
