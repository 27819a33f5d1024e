#include "simulator/broker/amqp/queue_copy.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

// A run without TTL or dead-lettering pays only for the record every delivery touches.
TEST(CopyPool, ACopyWithoutExpiryOrHistoryCostsOnlyItsRecord) {
    CopyPool pool;
    for (MessageSlot m = 0; m < 100; ++m) {
        pool.add(m, SimTime::zero(), CopyExtras{});
    }
    EXPECT_EQ(pool.bytesPerCopy(), sizeof(QueueCopy));
    EXPECT_EQ(pool.memoryBytes() % sizeof(QueueCopy), 0u);
    EXPECT_FALSE(pool.expires(42));
    EXPECT_EQ(pool.deaths(42), DeathTable::kNone);
    EXPECT_EQ(pool.exchange(42), 0u);
}

TEST(CopyPool, KeepsWhatACopyCarriesBeyondItsRecord) {
    CopyPool pool;
    const std::uint32_t plain = pool.add(1, SimTime::zero(), CopyExtras{});
    const std::uint32_t dead = pool.add(
        2, SimTime::zero(), CopyExtras{SimTime::fromMillis(250), /*deaths=*/4, /*exchange=*/3});
    EXPECT_EQ(pool.expiresAt(dead), SimTime::fromMillis(250));
    EXPECT_EQ(pool.deaths(dead), 4u);
    EXPECT_EQ(pool.exchange(dead), 3u);
    EXPECT_FALSE(pool.expires(plain));
    EXPECT_EQ(pool.deaths(plain), DeathTable::kNone);
    EXPECT_EQ(pool.bytesPerCopy(), sizeof(QueueCopy) + sizeof(SimTime) + 8);
}

// A recycled index must not inherit the expiry, history or exchange of the copy before it.
TEST(CopyPool, ARecycledCopyStartsWithNothingOfTheCopyBefore) {
    CopyPool pool;
    const std::uint32_t first = pool.add(
        1, SimTime::zero(), CopyExtras{SimTime::fromMillis(5), /*deaths=*/2, /*exchange=*/7});
    pool.release(first);
    const std::uint32_t again = pool.add(2, SimTime::zero(), CopyExtras{});
    ASSERT_EQ(again, first);
    EXPECT_FALSE(pool.expires(again));
    EXPECT_EQ(pool.deaths(again), DeathTable::kNone);
    EXPECT_EQ(pool.exchange(again), 0u);
}

} // namespace
} // namespace evsim
