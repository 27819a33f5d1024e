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

std::vector<GroupMember> sameSubscriptions(const std::vector<std::string>& ids,
                                           const std::vector<std::string>& topics) {
    std::vector<GroupMember> members;
    for (const std::string& id : ids) {
        members.push_back({id, topics});
    }
    return members;
}

std::size_t keptOf(const Owned& before, const Owned& after) {
    return static_cast<std::size_t>(
        std::count_if(before.begin(), before.end(), [&](const auto& tp) {
            return std::find(after.begin(), after.end(), tp) != after.end();
        }));
}

TEST(GroupAssignors, KAFKA03_CooperativeStickyKeepsWhatSurvivorsOwnedWhenAMemberLeaves) {
    // The case Kafka's StickyAssignor documents: C1 leaves a group of three reading four topics
    // of two partitions. Sticky moves only C1's three (which of them goes where is this
    // version's choice); round-robin keeps just 3 of the survivors' 5.
    const PartitionCounts partitions{{"t0", 2}, {"t1", 2}, {"t2", 2}, {"t3", 2}};
    const OwnedPartitions owned{{"C0", {{"t0", 0}, {"t1", 1}, {"t3", 0}}},
                                {"C1", {{"t0", 1}, {"t2", 0}, {"t3", 1}}},
                                {"C2", {{"t1", 0}, {"t2", 1}}}};
    const std::vector<GroupMember> members =
        sameSubscriptions({"C0", "C2"}, {"t0", "t1", "t2", "t3"});
    const GroupAssignment a = assignCooperativeSticky(members, partitions, owned);
    expectEachPartitionOwnedOnceBySubscriber(members, partitions, a);
    EXPECT_EQ(text(a.at("C0")), "t0:0 t1:1 t3:0 t0:1");
    EXPECT_EQ(text(a.at("C2")), "t1:0 t2:1 t2:0 t3:1");
    const GroupAssignment moved = assignRoundRobin(members, partitions);
    EXPECT_EQ(keptOf(owned.at("C0"), moved.at("C0")) + keptOf(owned.at("C2"), moved.at("C2")), 3u);
}

TEST(GroupAssignors, KAFKA03_CooperativeStickyMovesOnlyWhatANewMemberNeeds) {
    // Three members own four partitions each; a fourth joins. Each gives up its last one, and
    // only those three are revoked in the first round; the newcomer gets them in the second.
    const PartitionCounts partitions{{"orders", 12}};
    OwnedPartitions owned;
    for (std::uint32_t p = 0; p < 12; ++p) {
        owned[std::string("m") + static_cast<char>('a' + p / 4)].push_back({"orders", p});
    }
    const std::vector<GroupMember> members =
        sameSubscriptions({"ma", "mb", "mc", "md"}, {"orders"});
    const GroupAssignment a = assignCooperativeSticky(members, partitions, owned);
    expectEachPartitionOwnedOnceBySubscriber(members, partitions, a);
    EXPECT_EQ(text(a.at("ma")), "orders:0 orders:1 orders:2");
    EXPECT_EQ(text(a.at("mb")), "orders:4 orders:5 orders:6");
    EXPECT_EQ(text(a.at("mc")), "orders:8 orders:9 orders:10");
    EXPECT_EQ(text(a.at("md")), "orders:3 orders:7 orders:11");
    const GroupAssignment revoked = revocations(owned, a);
    EXPECT_EQ(text(revoked.at("ma")), "orders:3");
    EXPECT_EQ(text(revoked.at("mb")), "orders:7");
    EXPECT_EQ(text(revoked.at("mc")), "orders:11");
}

TEST(GroupAssignors, KAFKA03_CooperativeStickyIsBalancedAndKeepsAllItCanOverRandomRebalances) {
    std::mt19937 random(11);
    for (int round = 0; round < 300; ++round) {
        const PartitionCounts partitions{{"a", static_cast<std::uint32_t>(random() % 9)},
                                         {"b", static_cast<std::uint32_t>(random() % 9)}};
        std::vector<std::string> ids;
        for (std::size_t i = 0, n = 1 + random() % 6; i < n; ++i) {
            ids.push_back("m" + std::to_string(random() % 100) + "-" + std::to_string(i));
        }
        const std::vector<GroupMember> members = sameSubscriptions(ids, {"a", "b"});
        // What they owned: a random earlier split, some of it stale (a member now gone, a
        // partition that no longer exists, one claimed twice).
        OwnedPartitions owned;
        for (std::uint32_t p = 0; p < 10; ++p) {
            for (const char* topic : {"a", "b"}) {
                if (random() % 3 != 0) {
                    const std::string who = random() % 5 == 0 ? "gone" : ids[random() % ids.size()];
                    owned[who].push_back({topic, p});
                }
            }
        }
        SCOPED_TRACE("round " + std::to_string(round));
        const GroupAssignment a = assignCooperativeSticky(members, partitions, owned);
        expectEachPartitionOwnedOnceBySubscriber(members, partitions, a);
        std::size_t fewest = SIZE_MAX;
        std::size_t most = 0;
        for (const std::string& id : ids) {
            fewest = std::min(fewest, a.at(id).size());
            most = std::max(most, a.at(id).size());
        }
        EXPECT_LE(most - fewest, 1u) << "not balanced";
        // Sticky: a member keeps as many of the partitions only it could keep as its share
        // holds, and gives up only what the share forces it to.
        for (const std::string& id : ids) {
            Owned keepable;
            for (const TopicPartition& tp : owned[id]) {
                int claims = 0;
                for (const auto& [other, list] : owned) {
                    claims += std::count(list.begin(), list.end(), tp) > 0 ? 1 : 0;
                }
                const auto count = partitions.at(tp.topic);
                if (tp.partition < count && claims == 1 &&
                    std::find(keepable.begin(), keepable.end(), tp) == keepable.end()) {
                    keepable.push_back(tp);
                }
            }
            EXPECT_EQ(keptOf(keepable, a.at(id)), std::min(keepable.size(), a.at(id).size()))
                << id << " gave up a partition it could have kept";
        }
        if (HasFailure()) {
            return;
        }
    }
}

} // namespace
} // namespace evsim
