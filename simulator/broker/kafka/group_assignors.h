#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace evsim {

// Who in a consumer group reads which partitions (KAFKA03): the assignors Kafka's consumers
// name in `partition.assignment.strategy`, as the group leader runs them at a rebalance.
// Each partition of a topic goes to exactly one member subscribed to that topic; a member
// subscribed to nothing that exists gets nothing.

struct TopicPartition {
    std::string topic;
    std::uint32_t partition = 0;
    auto operator<=>(const TopicPartition&) const = default;
};

// A member as an assignor sees it. Assignors order members by id as Java orders strings
// (code unit by code unit: "reader-10" before "reader-2"), so every member computes the same
// answer.
struct GroupMember {
    std::string id;
    std::vector<std::string> topics; // what it subscribes to
};

using PartitionCounts = std::map<std::string, std::uint32_t>;               // topic -> partitions
using GroupAssignment = std::map<std::string, std::vector<TopicPartition>>; // member id ->

// RangeAssignor: topic by topic, the topic's subscribers in id order each take a contiguous
// run of partitions; with P partitions and C subscribers, the first P % C take one more than
// P / C. Topics are independent, so the first members come out ahead on every topic.
GroupAssignment assignRange(const std::vector<GroupMember>& members,
                            const PartitionCounts& partitions);

// RoundRobinAssignor: every partition of every subscribed topic, in (topic, partition)
// order, dealt to the members in id order, round and round, passing over a member that does
// not subscribe to the partition's topic.
GroupAssignment assignRoundRobin(const std::vector<GroupMember>& members,
                                 const PartitionCounts& partitions);

// What each member owned before this rebalance: what a sticky assignor keeps where it can.
using OwnedPartitions = std::map<std::string, std::vector<TopicPartition>>;

// CooperativeStickyAssignor, for a group whose members all subscribe to the same topics (the
// only case this version supports; `members` must be such a group):
//   - balanced: with P partitions and C members, each gets P / C, and P % C of them one more;
//   - sticky: each member keeps as many of the partitions it owned as balance allows (the
//     first ones in the order it lists them), so a rebalance moves as few as it can;
//   - what moves (owned by a member that left, beyond a member's share, claimed by two
//     members, or new) goes in (topic, partition) order to the members below their share,
//     in id order, one at a time.
// A partition that no longer exists, or that two members claim, is nobody's to keep.
GroupAssignment assignCooperativeSticky(const std::vector<GroupMember>& members,
                                        const PartitionCounts& partitions,
                                        const OwnedPartitions& owned);

// The first round of the cooperative protocol: what each member must give up before another
// may be given it — what it owns that `target` gives to someone else. Everything else keeps
// being read through the rebalance; the revoked partitions are assigned in a second round.
GroupAssignment revocations(const OwnedPartitions& owned, const GroupAssignment& target);

} // namespace evsim
