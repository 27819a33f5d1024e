// KAFKA03: who in a consumer group reads which partitions, as Kafka's range and round-robin
// assignors decide it.
#include "simulator/broker/kafka/group_assignors.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace evsim {
namespace {

using Owned = std::vector<TopicPartition>;

// "t0:0 t0:1 t1:2" for one member's partitions, for readable failures.
std::string text(const Owned& owned) {
    std::string out;
    for (const TopicPartition& tp : owned) {
        out += (out.empty() ? "" : " ") + tp.topic + ":" + std::to_string(tp.partition);
    }
    return out;
}

// The checks every assignor must pass: each partition of a topic with a subscriber has exactly
// one owner, that owner subscribes to its topic, and nothing else is owned.
void expectEachPartitionOwnedOnceBySubscriber(const std::vector<GroupMember>& members,
                                              const PartitionCounts& partitions,
                                              const GroupAssignment& assignment) {
    std::set<TopicPartition> seen;
    for (const GroupMember& m : members) {
        ASSERT_EQ(assignment.count(m.id), 1u) << m.id << " is missing from the assignment";
        for (const TopicPartition& tp : assignment.at(m.id)) {
            EXPECT_TRUE(seen.insert(tp).second) << tp.topic << ":" << tp.partition << " twice";
            EXPECT_NE(std::find(m.topics.begin(), m.topics.end(), tp.topic), m.topics.end())
                << m.id << " owns " << tp.topic << " without subscribing to it";
        }
    }
    std::size_t expected = 0;
    for (const auto& [topic, count] : partitions) {
        const bool read = std::any_of(members.begin(), members.end(), [&](const GroupMember& m) {
            return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
        });
        expected += read ? count : 0;
    }
    EXPECT_EQ(seen.size(), expected) << "a partition with a subscriber has no owner";
}

TEST(GroupAssignors, KAFKA03_RangeGivesTheFirstMembersOneMoreContiguousPartition) {
    const std::vector<GroupMember> members{{"c", {"orders"}}, {"a", {"orders"}}, {"b", {"orders"}}};
    const GroupAssignment a = assignRange(members, {{"orders", 7}});
    EXPECT_EQ(text(a.at("a")), "orders:0 orders:1 orders:2");
    EXPECT_EQ(text(a.at("b")), "orders:3 orders:4");
    EXPECT_EQ(text(a.at("c")), "orders:5 orders:6");
    // Two left over: one each for the first two, not both for the first.
    const GroupAssignment b = assignRange(members, {{"orders", 8}});
    EXPECT_EQ(text(b.at("a")), "orders:0 orders:1 orders:2");
    EXPECT_EQ(text(b.at("b")), "orders:3 orders:4 orders:5");
    EXPECT_EQ(text(b.at("c")), "orders:6 orders:7");
}

TEST(GroupAssignors, KAFKA03_RangeSplitsEachTopicOnItsOwnSoTheFirstMemberGainsOnEvery) {
    // The example of Kafka's RangeAssignor: two members, two topics of three partitions.
    const std::vector<GroupMember> members{{"C0", {"t0", "t1"}}, {"C1", {"t0", "t1"}}};
    const GroupAssignment a = assignRange(members, {{"t0", 3}, {"t1", 3}});
    EXPECT_EQ(text(a.at("C0")), "t0:0 t0:1 t1:0 t1:1");
    EXPECT_EQ(text(a.at("C1")), "t0:2 t1:2");
}

TEST(GroupAssignors, KAFKA03_RoundRobinDealsEveryPartitionInTurnAcrossTopics) {
    const std::vector<GroupMember> members{{"C0", {"t0", "t1"}}, {"C1", {"t0", "t1"}}};
    const GroupAssignment a = assignRoundRobin(members, {{"t0", 3}, {"t1", 3}});
    EXPECT_EQ(text(a.at("C0")), "t0:0 t0:2 t1:1");
    EXPECT_EQ(text(a.at("C1")), "t0:1 t1:0 t1:2");
}

TEST(GroupAssignors, KAFKA03_RoundRobinPassesOverMembersThatDoNotSubscribe) {
    // The example of Kafka's RoundRobinAssignor: C0 reads t0; C1 t0 and t1; C2 all three.
    const std::vector<GroupMember> members{
        {"C0", {"t0"}}, {"C1", {"t0", "t1"}}, {"C2", {"t0", "t1", "t2"}}};
    const GroupAssignment a = assignRoundRobin(members, {{"t0", 1}, {"t1", 2}, {"t2", 3}});
    EXPECT_EQ(text(a.at("C0")), "t0:0");
    EXPECT_EQ(text(a.at("C1")), "t1:0");
    EXPECT_EQ(text(a.at("C2")), "t1:1 t2:0 t2:1 t2:2");
}

TEST(GroupAssignors, KAFKA03_MembersAreOrderedByIdAsStringsNotAsNumbers) {
    const std::vector<GroupMember> members{{"reader-2", {"t"}}, {"reader-10", {"t"}}};
    EXPECT_EQ(text(assignRange(members, {{"t", 3}}).at("reader-10")), "t:0 t:1");
    EXPECT_EQ(text(assignRoundRobin(members, {{"t", 3}}).at("reader-10")), "t:0 t:2");
}

TEST(GroupAssignors, KAFKA03_MoreMembersThanPartitionsLeavesTheLastOnesIdle) {
    const std::vector<GroupMember> members{{"a", {"t"}}, {"b", {"t"}}, {"c", {"t"}}};
    for (const GroupAssignment& a :
         {assignRange(members, {{"t", 2}}), assignRoundRobin(members, {{"t", 2}})}) {
        EXPECT_EQ(text(a.at("a")), "t:0");
        EXPECT_EQ(text(a.at("b")), "t:1");
        EXPECT_TRUE(a.at("c").empty());
    }
    // A topic nobody reads, or that does not exist, is nobody's.
    const GroupAssignment none = assignRoundRobin({{"a", {"missing"}}}, {{"t", 4}});
    EXPECT_TRUE(none.at("a").empty());
}

TEST(GroupAssignors, KAFKA03_EveryPartitionHasExactlyOneOwnerThatSubscribesToIt) {
    std::mt19937 random(3);
    const std::vector<std::string> topics{"a", "b", "c", "d"};
    for (int round = 0; round < 300; ++round) {
        PartitionCounts partitions;
        for (const std::string& t : topics) {
            if (random() % 4 != 0) {
                partitions[t] = static_cast<std::uint32_t>(random() % 13);
            }
        }
        std::vector<GroupMember> members(1 + random() % 7);
        for (std::size_t i = 0; i < members.size(); ++i) {
            members[i].id = "m" + std::to_string(random() % 1000) + "-" + std::to_string(i);
            for (const std::string& t : topics) {
                if (random() % 2 == 0) {
                    members[i].topics.push_back(t);
                }
            }
        }
        SCOPED_TRACE("round " + std::to_string(round));
        expectEachPartitionOwnedOnceBySubscriber(members, partitions,
                                                 assignRange(members, partitions));
        expectEachPartitionOwnedOnceBySubscriber(members, partitions,
                                                 assignRoundRobin(members, partitions));
        if (HasFatalFailure() || HasNonfatalFailure()) {
            return; // one failing round says it; three hundred would bury it
        }
    }
}

} // namespace
} // namespace evsim
