#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>

// Retention (KAFKA10): a partition is a list of segments; the broker deletes the oldest ones
// retention lets go, every log.retention.check.interval.ms, never the one being written. A
// group that had not read what is deleted finds its offset out of range and jumps as its
// auto.offset.reset says: to the log's new start (earliest) or its end (latest).

namespace evsim {

void KafkaBroker::appendToSegment(const Topic& topic, Partition& partition, std::uint32_t bytes) {
    const bool roll = partition.segments.empty() ||
                      (partition.segments.back().bytes > 0 &&
                       partition.segments.back().bytes + bytes > topic.segmentBytes) ||
                      m_env.now - partition.segments.back().createdAt >= topic.segment;
    if (roll) {
        partition.segments.push_back(Segment{partition.end() - 1, m_env.now, m_env.now, 0});
    }
    Segment& active = partition.segments.back();
    active.lastAppendedAt = m_env.now;
    active.bytes += bytes;
    partition.bytes += bytes;
}

std::uint64_t KafkaBroker::retainedFrom(const Topic& topic, std::uint32_t p) const {
    const Partition& partition = m_partitions[topic.firstPartition + p];
    std::uint64_t bytes = partition.bytes;
    // Kafka deletes a segment when its newest record is past retention.ms, or while the
    // partition without it still holds retention.bytes.
    for (std::size_t s = 0; s + 1 < partition.segments.size(); ++s) {
        const Segment& segment = partition.segments[s];
        const bool old = topic.retention && segment.lastAppendedAt + *topic.retention <= m_env.now;
        const bool big = topic.retentionBytes && bytes - segment.bytes >= *topic.retentionBytes;
        if (!old && !big) {
            return segment.firstOffset;
        }
        bytes -= segment.bytes;
    }
    return partition.segments.empty() ? partition.start() : partition.segments.back().firstOffset;
}

void KafkaBroker::checkRetention() {
    for (std::uint32_t t = 0; t < m_topics.size(); ++t) {
        if (!m_topics[t].retains()) {
            continue;
        }
        for (std::uint32_t p = 0; p < m_topics[t].partitions; ++p) {
            const std::uint64_t upTo = retainedFrom(m_topics[t], p);
            if (upTo > m_partitions[m_topics[t].firstPartition + p].start()) {
                deleteUpTo(t, p, upTo);
            }
        }
    }
    m_env.timer(m_env.now + m_retentionCheck, 0, kRetentionCheck);
}

void KafkaBroker::deleteUpTo(std::uint32_t t, std::uint32_t p, std::uint64_t offset) {
    Partition& partition = m_partitions[m_topics[t].firstPartition + p];
    for (const std::uint32_t g : m_topics[t].groups) {
        Group& group = m_groups[g];
        const std::uint32_t c = group.firstCursor + p;
        GroupCursor& cursor = m_cursors[c];
        if (!group.born || cursor.committed() >= offset) {
            continue;
        }
        // Out of range. What its member holds is taken back (its commit will come too late),
        // and the group resets (KAFKA10).
        if (cursor.unsettled() > 0) {
            m_members[cursor.owner].unsettled -= static_cast<std::uint32_t>(cursor.unsettled());
            giveBack(c, cursor.owner);
        }
        const std::uint64_t to =
            group.spec.reset == OffsetReset::Earliest ? offset : partition.end();
        group.stats.dropped += cursor.skipAll(to, [&](std::uint64_t skipped) {
            m_env.drop(DropReason::Retention, partition.at(skipped).slot, group.stats.entity, 0);
        });
        noteDrainedIfEmpty(g);
    }
    // A group whose cursor could not jump (a purge's skip still pending) keeps what it has to
    // read until the next check.
    for (const std::uint32_t g : m_topics[t].groups) {
        if (m_groups[g].born) {
            offset = std::min(offset, m_cursors[m_groups[g].firstCursor + p].committed());
        }
    }
    while (partition.start() < offset) {
        m_env.messages.release(partition.records.front().slot);
        partition.records.pop_front();
        ++partition.firstOffset;
    }
    while (partition.segments.size() > 1 && partition.segments[1].firstOffset <= offset) {
        partition.bytes -= partition.segments.front().bytes;
        partition.segments.pop_front();
    }
    for (const std::uint32_t g : m_topics[t].groups) {
        pump(g, m_groups[g].firstCursor + p);
    }
}

} // namespace evsim
