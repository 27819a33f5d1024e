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

} // namespace evsim
