// What the partitioned log reports of itself: figures per group, memory, and the check of its
// own books.
#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>
#include <string>

namespace evsim {

std::vector<QueueStats> KafkaBroker::queueStats() const {
    std::vector<QueueStats> out;
    out.reserve(m_groups.size());
    for (std::uint32_t g = 0; g < m_groups.size(); ++g) {
        const Group& group = m_groups[g];
        QueueStats s;
        static_cast<QueueCounters&>(s) = group.stats;
        s.name = m_entities[group.stats.entity].name;
        const QueueGauge now = gauge(QueueIndex(g));
        s.ready = now.ready;
        s.unacked = now.unacked;
        out.push_back(std::move(s));
    }
    return out;
}

QueueGauge KafkaBroker::gauge(QueueIndex queue) const {
    const Group& group = m_groups[queue.value()];
    QueueGauge g;
    for (const std::uint32_t m : group.members) {
        g.consumers += m_members[m].open && m_members[m].inGroup ? 1 : 0;
    }
    if (group.born) {
        bool any = false;
        for (std::uint32_t c = group.firstCursor;
             c < group.firstCursor + m_topics[group.topic].partitions; ++c) {
            const GroupCursor& cursor = m_cursors[c];
            const Partition& partition = partitionAt(group, c);
            const std::uint64_t ready = cursor.ready(partition.end());
            g.ready += ready;
            g.unacked += cursor.unsettled();
            // Time lag: how long the oldest record it has not read has waited (KAFKA06).
            if (ready > 0 && cursor.position() < partition.end()) {
                const SimTime since = partition.at(cursor.position()).appendedAt;
                g.oldestReadySince = any ? std::min(g.oldestReadySince, since) : since;
                any = true;
            }
        }
    }
    g.published = group.stats.published;
    g.delivered = group.stats.delivered;
    g.redelivered = group.stats.redelivered;
    g.acked = group.stats.acked;
    g.dropped = group.stats.dropped;
    return g;
}

void KafkaBroker::samplePartitions(std::vector<PartitionSample>& partitions,
                                   std::vector<GroupPartitionSample>& groups) const {
    partitions.resize(m_partitions.size());
    for (std::size_t i = 0; i < m_partitions.size(); ++i) {
        const Partition& p = m_partitions[i];
        partitions[i] = PartitionSample{p.start(), p.end(), p.stableEnd(),
                                        std::max(p.start(), p.cleanedTo), p.removed};
    }
    // Every group has a cursor per partition of its topic, in group order.
    groups.resize(m_cursors.size());
    for (const Group& group : m_groups) {
        for (std::uint32_t c = group.firstCursor;
             c < group.firstCursor + m_topics[group.topic].partitions; ++c) {
            const GroupCursor& cursor = m_cursors[c];
            const Partition& partition = partitionAt(group, c);
            GroupPartitionSample& s = groups[c];
            s = GroupPartitionSample{cursor.committed(), cursor.position(), 0, SimTime::zero(),
                                     group.born};
            if (group.born) {
                s.lag = cursor.lag(partition.end());
                // Time lag (KAFKA06), as the group's gauge measures it.
                if (cursor.ready(partition.end()) > 0 && cursor.position() < partition.end()) {
                    s.timeLag = m_env.now - partition.at(cursor.position()).appendedAt;
                }
            }
        }
    }
}

std::vector<std::pair<std::string, std::uint32_t>> KafkaBroker::logTopics() const {
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (const Topic& topic : m_topics) {
        out.emplace_back(m_entities[topic.entity].name, topic.partitions);
    }
    return out;
}

std::vector<KafkaBroker::PartitionView> KafkaBroker::partitionsOf(QueueIndex queue) const {
    const Group& group = m_groups[queue.value()];
    std::vector<PartitionView> out;
    for (std::uint32_t c = group.firstCursor;
         c < group.firstCursor + m_topics[group.topic].partitions; ++c) {
        const GroupCursor& cursor = m_cursors[c];
        const Partition& partition = partitionAt(group, c);
        out.push_back(PartitionView{partition.end(), cursor.committed(), cursor.position(),
                                    cursor.owner, partition.start(), partition.bytes});
    }
    return out;
}

std::uint64_t KafkaBroker::heldCopies() const {
    std::uint64_t held = 0;
    for (const Group& group : m_groups) {
        held += lagOf(group);
    }
    return held;
}

std::size_t KafkaBroker::memoryBytes() const {
    std::size_t bytes =
        m_topics.capacity() * sizeof(Topic) + m_partitions.capacity() * sizeof(Partition) +
        m_groups.capacity() * sizeof(Group) + m_cursors.capacity() * sizeof(GroupCursor) +
        m_members.capacity() * sizeof(Member) + m_nodes.capacity() * sizeof(Node) +
        m_freeTickets.capacity() * sizeof(std::uint32_t);
    for (const Partition& p : m_partitions) {
        bytes += p.records.capacityBytes() + p.segments.size() * sizeof(Segment) +
                 p.open.capacity() * sizeof(OpenTransaction) + p.tail.size() * sizeof(Unreplicated);
    }
    for (const Member& m : m_members) {
        bytes += m.owned.capacity() * sizeof(std::uint32_t);
    }
    bytes += m_transactions.capacity() * sizeof(Transaction);
    for (const Transaction& t : m_transactions) {
        bytes += t.partitions.capacity() * sizeof(std::uint32_t);
    }
    return bytes;
}

std::size_t KafkaBroker::largestTableBytes() const {
    std::size_t largest = m_cursors.capacity() * sizeof(GroupCursor);
    for (const Partition& p : m_partitions) {
        largest = std::max(largest, p.records.capacityBytes());
    }
    return largest;
}

std::size_t KafkaBroker::liveStateBytes() const {
    std::size_t records = 0;
    for (const Partition& p : m_partitions) {
        records += p.records.size();
    }
    return records * sizeof(LogRecord);
}

void KafkaBroker::checkInvariants(const InvariantCheck& check,
                                  std::vector<std::uint32_t>& references) const {
    // The log holds one reference per record.
    for (const Partition& p : m_partitions) {
        std::uint64_t removed = 0;
        for (std::uint64_t o = p.start(); o < p.end(); ++o) {
            if (!p.at(o).removed()) { // compacted away: its reference was released
                ++references[p.at(o).slot];
            } else {
                ++removed;
            }
        }
        EVSIM_INVARIANT(check, removed == p.removed, kNoEntity,
                        "a partition counts the records compaction removed from its log");
        for (const Unreplicated& r : p.tail) { // and the leader one per record not copied yet
            ++references[r.slot];
        }
        EVSIM_INVARIANT(check, p.inSync != 0, kNoEntity, "an in-sync set is never empty");
    }
    for (const Partition& p : m_partitions) {
        for (const OpenTransaction& o : p.open) {
            EVSIM_INVARIANT(check,
                            m_transactions[o.transaction - 1].state == Transaction::State::Open,
                            kNoEntity, "a partition lists only open transactions as open");
        }
    }
    std::vector<std::uint64_t> unsettled(m_members.size(), 0);
    for (std::uint32_t g = 0; g < m_groups.size(); ++g) {
        const Group& group = m_groups[g];
        if (!group.born) {
            EVSIM_INVARIANT(check, group.stats.published == 0, group.stats.entity,
                            "a group that has never read took records on");
            continue;
        }
        std::uint64_t lag = 0;
        for (std::uint32_t c = group.firstCursor;
             c < group.firstCursor + m_topics[group.topic].partitions; ++c) {
            const GroupCursor& cursor = m_cursors[c];
            const std::uint64_t end = partitionAt(group, c).end();
            EVSIM_INVARIANT(check,
                            cursor.committed() <= cursor.position() && cursor.position() <= end,
                            group.stats.entity, "committed <= position <= log end");
            EVSIM_INVARIANT(check,
                            !group.spec.readCommitted ||
                                cursor.position() <= partitionAt(group, c).stableEnd(),
                            group.stats.entity,
                            "a read_committed group reads no further than the last stable offset");
            lag += cursor.lag(end);
            if (cursor.owner != GroupCursor::kNobody) {
                EVSIM_INVARIANT(check, m_members[cursor.owner].group == g, group.stats.entity,
                                "a partition's owner is a member of the group");
                unsettled[cursor.owner] += cursor.inHand();
            } else {
                EVSIM_INVARIANT(check, cursor.unsettled() == 0, group.stats.entity,
                                "nothing is out of a partition nobody reads");
            }
        }
        EVSIM_INVARIANT(check, lag == lagOf(group), group.stats.entity,
                        "the group's lag (" + std::to_string(lag) +
                            ") is what it took on less what it committed or skipped (" +
                            std::to_string(lagOf(group)) + ")");
    }
    for (std::uint32_t m = 0; m < m_members.size(); ++m) {
        const Member& member = m_members[m];
        EVSIM_INVARIANT(
            check, member.autoCommit ? unsettled[m] == 0 : unsettled[m] == member.unsettled,
            member.entity, "a member's unsettled count is what its partitions have out");
        for (const std::uint32_t c : member.owned) {
            EVSIM_INVARIANT(check, m_cursors[c].owner == m, member.entity,
                            "a member owns the partitions it lists");
        }
    }
}

} // namespace evsim
