#include "simulator/broker/kafka/group_assignors.h"

#include <algorithm>
#include <cassert>
#include <set>

namespace evsim {
namespace {

// Members in id order: std::string compares bytes, as Java's compareTo compares UTF-16
// units; the two orders agree for ids in ASCII, which is what Kafka generates.
std::vector<const GroupMember*> inIdOrder(const std::vector<GroupMember>& members) {
    std::vector<const GroupMember*> sorted;
    sorted.reserve(members.size());
    for (const GroupMember& m : members) {
        sorted.push_back(&m);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const GroupMember* a, const GroupMember* b) { return a->id < b->id; });
    return sorted;
}

bool subscribes(const GroupMember& member, const std::string& topic) {
    return std::find(member.topics.begin(), member.topics.end(), topic) != member.topics.end();
}

GroupAssignment emptyAssignment(const std::vector<GroupMember>& members) {
    GroupAssignment assignment;
    for (const GroupMember& m : members) {
        assignment[m.id];
    }
    return assignment;
}

// Every partition of the topics `member` subscribes to, in (topic, partition) order.
std::vector<TopicPartition> subscribedPartitions(const GroupMember& member,
                                                 const PartitionCounts& partitions) {
    std::vector<TopicPartition> all;
    for (const auto& [topic, count] : partitions) {
        if (subscribes(member, topic)) {
            for (std::uint32_t p = 0; p < count; ++p) {
                all.push_back({topic, p});
            }
        }
    }
    return all;
}

} // namespace

GroupAssignment assignRange(const std::vector<GroupMember>& members,
                            const PartitionCounts& partitions) {
    GroupAssignment assignment = emptyAssignment(members);
    const std::vector<const GroupMember*> sorted = inIdOrder(members);
    for (const auto& [topic, count] : partitions) {
        std::vector<const GroupMember*> subscribers;
        for (const GroupMember* m : sorted) {
            if (subscribes(*m, topic)) {
                subscribers.push_back(m);
            }
        }
        if (subscribers.empty()) {
            continue;
        }
        const auto c = static_cast<std::uint32_t>(subscribers.size());
        const std::uint32_t each = count / c;
        const std::uint32_t withExtra = count % c;
        for (std::uint32_t i = 0; i < c; ++i) {
            const std::uint32_t start = each * i + std::min(i, withExtra);
            const std::uint32_t length = each + (i < withExtra ? 1 : 0);
            std::vector<TopicPartition>& owned = assignment[subscribers[i]->id];
            for (std::uint32_t p = start; p < start + length; ++p) {
                owned.push_back({topic, p});
            }
        }
    }
    return assignment;
}

GroupAssignment assignRoundRobin(const std::vector<GroupMember>& members,
                                 const PartitionCounts& partitions) {
    GroupAssignment assignment = emptyAssignment(members);
    const std::vector<const GroupMember*> sorted = inIdOrder(members);
    std::size_t next = 0; // the member the dealing goes on from
    for (const auto& [topic, count] : partitions) {
        const bool anyone = std::any_of(sorted.begin(), sorted.end(), [&](const GroupMember* m) {
            return subscribes(*m, topic);
        });
        if (!anyone) {
            continue; // nobody reads it: dealing it would go round for ever
        }
        for (std::uint32_t p = 0; p < count; ++p) {
            while (!subscribes(*sorted[next], topic)) {
                next = (next + 1) % sorted.size();
            }
            assignment[sorted[next]->id].push_back({topic, p});
            next = (next + 1) % sorted.size();
        }
    }
    return assignment;
}

GroupAssignment assignCooperativeSticky(const std::vector<GroupMember>& members,
                                        const PartitionCounts& partitions,
                                        const OwnedPartitions& owned) {
    GroupAssignment assignment = emptyAssignment(members);
    if (members.empty()) {
        return assignment;
    }
    const std::vector<const GroupMember*> sorted = inIdOrder(members);
    const std::vector<TopicPartition> all = subscribedPartitions(*sorted.front(), partitions);
    const std::set<TopicPartition> exists(all.begin(), all.end());

    // Who may keep what: a partition that exists, claimed by exactly one member of the group.
    std::map<TopicPartition, int> claims;
    for (const GroupMember* m : sorted) {
        if (const auto it = owned.find(m->id); it != owned.end()) {
            for (const TopicPartition& tp :
                 std::set<TopicPartition>(it->second.begin(), it->second.end())) {
                ++claims[tp];
            }
        }
    }

    const auto c = static_cast<std::uint32_t>(sorted.size());
    const auto total = static_cast<std::uint32_t>(all.size());
    const std::uint32_t minQuota = total / c;
    const std::uint32_t overQuotaMembers = total % c; // how many get minQuota + 1
    std::uint32_t overQuotaTaken = 0;

    // Keep: each member, in id order, what it owned, up to its share.
    std::set<TopicPartition> taken;
    for (const GroupMember* m : sorted) {
        const auto it = owned.find(m->id);
        if (it == owned.end()) {
            continue;
        }
        std::vector<TopicPartition> keepable;
        for (const TopicPartition& tp : it->second) {
            if (exists.count(tp) != 0 && claims[tp] == 1 && !taken.count(tp)) {
                keepable.push_back(tp);
            }
        }
        std::uint32_t share = minQuota;
        if (keepable.size() > minQuota && overQuotaTaken < overQuotaMembers) {
            share = minQuota + 1;
            ++overQuotaTaken;
        }
        std::vector<TopicPartition>& mine = assignment[m->id];
        for (std::size_t i = 0; i < keepable.size() && i < share; ++i) {
            mine.push_back(keepable[i]);
            taken.insert(keepable[i]);
        }
    }

    // Fill: the rest, in order, first to the members below minQuota, one at a time in id
    // order, then one more each to members at minQuota while shares of minQuota + 1 remain.
    std::vector<TopicPartition> unassigned;
    for (const TopicPartition& tp : all) {
        if (!taken.count(tp)) {
            unassigned.push_back(tp);
        }
    }
    std::size_t next = 0;
    for (bool gave = true; gave && next < unassigned.size();) {
        gave = false;
        for (const GroupMember* m : sorted) {
            std::vector<TopicPartition>& mine = assignment[m->id];
            if (next < unassigned.size() && mine.size() < minQuota) {
                mine.push_back(unassigned[next++]);
                gave = true;
            }
        }
    }
    for (const GroupMember* m : sorted) {
        std::vector<TopicPartition>& mine = assignment[m->id];
        if (next < unassigned.size() && mine.size() == minQuota &&
            overQuotaTaken < overQuotaMembers) {
            mine.push_back(unassigned[next++]);
            ++overQuotaTaken;
        }
    }
    assert(next == unassigned.size()); // the shares add up to every partition
    return assignment;
}

GroupAssignment revocations(const OwnedPartitions& owned, const GroupAssignment& target) {
    GroupAssignment revoked;
    for (const auto& [member, partitions] : owned) {
        const auto it = target.find(member);
        std::vector<TopicPartition>& out = revoked[member];
        for (const TopicPartition& tp : partitions) {
            const bool kept = it != target.end() && std::find(it->second.begin(), it->second.end(),
                                                              tp) != it->second.end();
            if (!kept) {
                out.push_back(tp);
            }
        }
    }
    return revoked;
}

} // namespace evsim
