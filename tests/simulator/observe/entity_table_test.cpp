#include "simulator/observe/entity_table.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

TEST(EntityTable, FindsEveryEntityByKindAndNameAcrossGrowth) {
    EntityTable t;
    EXPECT_EQ(t.find(EntityKind::Queue, "q0"), kNoEntity) << "an empty table finds nothing";
    for (int i = 0; i < 5000; ++i) {
        const std::string name = "q" + std::to_string(i);
        EXPECT_EQ(t.add(EntityKind::Queue, name), static_cast<EntityId>(2 * i + 1));
        EXPECT_EQ(t.add(EntityKind::Service, name), static_cast<EntityId>(2 * i + 2));
    }
    for (int i = 0; i < 5000; ++i) {
        const std::string name = "q" + std::to_string(i);
        ASSERT_EQ(t.find(EntityKind::Queue, name), static_cast<EntityId>(2 * i + 1)) << name;
        ASSERT_EQ(t.find(EntityKind::Service, name), static_cast<EntityId>(2 * i + 2)) << name;
    }
    EXPECT_EQ(t.find(EntityKind::Exchange, "q1"), kNoEntity) << "the kind is part of the key";
    EXPECT_EQ(t.find(EntityKind::Queue, "q5000"), kNoEntity);
    EXPECT_EQ(t.find(EntityKind::Queue, ""), kNoEntity);
}

TEST(EntityTable, ASecondEntityOfTheSameNameKeepsTheFirstFound) {
    EntityTable t;
    t.reserve(4);
    const EntityId first = t.add(EntityKind::Link, "a->broker");
    const EntityId second = t.add(EntityKind::Link, "a->broker");
    EXPECT_NE(first, second);
    EXPECT_EQ(t[second].name, "a->broker");
    for (int i = 0; i < 100; ++i) { // grows the index past both
        t.add(EntityKind::Link, "l" + std::to_string(i));
    }
    EXPECT_EQ(t.find(EntityKind::Link, "a->broker"), first);
}

TEST(StringTable, InternsEachTextOnceInTheOrderFirstSeenAcrossGrowth) {
    StringTable t;
    EXPECT_EQ(t.intern(""), 0u) << "index 0 is the empty text";
    for (std::uint32_t i = 1; i <= 3000; ++i) {
        ASSERT_EQ(t.intern("k" + std::to_string(i)), i);
    }
    for (std::uint32_t i = 1; i <= 3000; ++i) {
        const std::string text = "k" + std::to_string(i);
        ASSERT_EQ(t.intern(text), i) << "a second intern finds the first";
        ASSERT_EQ(t[i], text);
    }
    EXPECT_EQ(t.size(), 3001u);
    EXPECT_EQ(t.intern(""), 0u);
}

} // namespace
} // namespace evsim
