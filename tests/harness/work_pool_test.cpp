#include "harness/suite/work_pool.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

namespace evsim {
namespace {

TEST(WorkPool, EveryJobRunsOnceAndResultsLandInIndexOrder) {
    for (const unsigned threads : {1U, 2U, 8U}) {
        std::vector<std::size_t> slots(1000, 0);
        std::size_t finished = 0;
        runJobs(
            slots.size(), threads, [&](std::size_t i) { slots[i] += i * i; },
            [&](std::size_t) { ++finished; });
        EXPECT_EQ(finished, slots.size());
        for (std::size_t i = 0; i < slots.size(); ++i) {
            ASSERT_EQ(slots[i], i * i) << "threads " << threads;
        }
    }
}

TEST(WorkPool, NoJobsIsNothingToDo) {
    runJobs(0, 4, [](std::size_t) { FAIL(); });
}

TEST(WorkPool, TheLowestIndexedExceptionReachesTheCallerAfterEveryJobRan) {
    std::vector<int> ran(50, 0);
    try {
        runJobs(ran.size(), 4, [&](std::size_t i) {
            ran[i] = 1;
            if (i == 7 || i == 30) {
                throw std::runtime_error("job " + std::to_string(i));
            }
        });
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "job 7");
    }
    for (const int r : ran) {
        EXPECT_EQ(r, 1);
    }
}

} // namespace
} // namespace evsim
