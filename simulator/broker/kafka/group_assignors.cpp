#include "simulator/broker/kafka/group_assignors.h"

#include <algorithm>
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

} // namespace evsim
