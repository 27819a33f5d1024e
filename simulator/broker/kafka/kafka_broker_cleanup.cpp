#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>
#include <unordered_map>

// A topic's cleanup.policy: retention (KAFKA10) and compaction (KAFKA11), both every
// log.retention.check.interval.ms, and never in the segment being written.
//
// Retention deletes the oldest segments. A group that had not read what is deleted finds its
// offset out of range and jumps as its auto.offset.reset says: to the log's new start
// (earliest) or its end (latest).
//
// Compaction removes, from the segments no longer written, every record a later one of its key
// supersedes, and tombstones past delete.retention.ms. Offsets never change: a removed record
// leaves a hole the groups pass over.

namespace evsim {

void KafkaBroker::appendToSegment(const Topic& topic, Partition& partition, std::uint32_t bytes) {
    const bool roll = partition.segments.empty() ||
                      (partition.segments.back().bytes > 0 &&
                       partition.segments.back().bytes + bytes > topic.spec.segmentBytes) ||
                      m_env.now - partition.segments.back().createdAt >= topic.spec.segment;
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
        const bool old =
            topic.spec.retention && segment.lastAppendedAt + *topic.spec.retention <= m_env.now;
        const bool big =
            topic.spec.retentionBytes && bytes - segment.bytes >= *topic.spec.retentionBytes;
        if (!old && !big) {
            return segment.firstOffset;
        }
        bytes -= segment.bytes;
    }
    return partition.segments.empty() ? partition.start() : partition.segments.back().firstOffset;
}

void KafkaBroker::cleanUp() {
    for (std::uint32_t t = 0; t < m_topics.size(); ++t) {
        for (std::uint32_t p = 0; p < m_topics[t].partitions && m_topics[t].spec.compact; ++p) {
            compact(t, p);
        }
        if (!m_topics[t].spec.retains()) {
            continue;
        }
        for (std::uint32_t p = 0; p < m_topics[t].partitions; ++p) {
            const std::uint64_t upTo = retainedFrom(m_topics[t], p);
            if (upTo > m_partitions[m_topics[t].firstPartition + p].start()) {
                deleteUpTo(t, p, upTo);
            }
        }
    }
    m_env.timer(m_env.now + m_retentionCheck, 0, kCleanup);
}

void KafkaBroker::deleteUpTo(std::uint32_t t, std::uint32_t p, std::uint64_t offset) {
    Partition& partition = m_partitions[m_topics[t].firstPartition + p];
    for (const std::uint32_t g : m_topics[t].groups) {
        Group& group = m_groups[g];
        const std::uint32_t c = group.firstCursor + p;
        GroupCursor& cursor = m_cursors[c];
        if (!group.born) {
            continue;
        }
        commitProcessed(g, c); // what the member processed is not deleted from under it
        if (cursor.committed() >= offset) {
            continue;
        }
        // Out of range. What its member holds is taken back (its commit will come too late),
        // and the group resets (KAFKA10).
        if (cursor.unsettled() > 0) {
            m_members[cursor.owner].unsettled -= static_cast<std::uint32_t>(cursor.inHand());
            giveBack(c, cursor.owner);
        }
        const std::uint64_t to = group.spec.reset == OffsetReset::Earliest
                                     ? offset
                                     : std::max(offset, latestFor(group, partition));
        group.stats.dropped += cursor.skipAll(to, [&](std::uint64_t skipped) {
            dropSkipped(group, partition.at(skipped), DropReason::Retention);
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
        if (!partition.at(partition.start()).removed()) {
            m_env.messages.release(partition.at(partition.start()).slot);
        } else {
            --partition.removed;
        }
        partition.records.popFront();
    }
    while (partition.segments.size() > 1 && partition.segments[1].firstOffset <= offset) {
        partition.bytes -= partition.segments.front().bytes;
        partition.segments.pop_front();
    }
    for (const std::uint32_t g : m_topics[t].groups) {
        pump(g, m_groups[g].firstCursor + p);
        completeJoinIfReady(g); // a join waiting for what a member held waits no more
    }
}

void KafkaBroker::compact(std::uint32_t t, std::uint32_t p) {
    const Topic& topic = m_topics[t];
    Partition& partition = m_partitions[topic.firstPartition + p];
    if (partition.segments.size() < 2) {
        return; // only the segment being written, which the cleaner never touches
    }
    const std::uint64_t cleanEnd = partition.segments.back().firstOffset;
    const auto keyOf = [&](const LogRecord& r) {
        return m_env.messages.content(r.slot).routingKey;
    };
    // Each key's last offset in the segments no longer written. Looked up, never iterated.
    std::unordered_map<std::uint32_t, std::uint64_t> last;
    for (std::uint64_t o = partition.start(); o < cleanEnd; ++o) {
        if (!partition.at(o).removed()) {
            last[keyOf(partition.at(o))] = o;
        }
    }
    // A record a member holds stays until the next pass: its commit names it.
    const auto inHand = [&](std::uint64_t o) {
        return std::any_of(topic.groups.begin(), topic.groups.end(), [&](std::uint32_t g) {
            const GroupCursor& cursor = m_cursors[m_groups[g].firstCursor + p];
            return m_groups[g].born && cursor.committed() <= o && o < cursor.position();
        });
    };
    for (std::uint64_t o = partition.start(); o < cleanEnd; ++o) {
        LogRecord& record = partition.records.at(o);
        if (record.removed()) {
            continue;
        }
        const MessageContent& content = m_env.messages.content(record.slot);
        if (m_strings[content.routingKey].empty()) {
            continue; // no key to compact by (Kafka refuses such records on a compacted topic)
        }
        const bool superseded = last[content.routingKey] != o;
        const bool oldTombstone = content.body == m_nullBody &&
                                  record.appendedAt + topic.spec.deleteRetention <= m_env.now;
        if ((superseded || oldTombstone) && !inHand(o)) {
            m_env.messages.release(record.slot);
            record.slot = LogRecord::kRemoved;
            partition.holes = true;
            ++partition.removed;
        }
    }
    partition.cleanedTo = cleanEnd;
}

std::uint64_t KafkaBroker::passOver(std::uint32_t g, std::uint32_t c) {
    commitProcessed(g, c); // a record passed over is committed, and what came before it
    GroupCursor& cursor = m_cursors[c];
    const GroupCursor::HandOut out = cursor.handOut();
    cursor.commitThrough(out.offset);
    ++m_groups[g].stats.dropped;
    return out.offset;
}

void KafkaBroker::passRemoved(std::uint32_t g, std::uint32_t c) {
    const std::uint64_t offset = passOver(g, c);
    const Group& group = m_groups[g];
    recordRemoved(RecordKind::Dropped, partitionAt(group, c).at(offset), group.stats.entity,
                  DropReason::Compacted);
}

void KafkaBroker::dropSkipped(const Group& group, const LogRecord& record,
                              DropReason reason) const {
    if (record.removed()) { // compacted away: passed over, not lost
        recordRemoved(RecordKind::Dropped, record, group.stats.entity, DropReason::Compacted);
    } else {
        m_env.drop(reason, record.slot, group.stats.entity, 0);
    }
}

void KafkaBroker::recordRemoved(RecordKind kind, const LogRecord& record, EntityId entity,
                                DropReason reason) const {
    m_env.log.append(
        Record{m_env.now, record.message, entity, 0, kind, static_cast<std::uint8_t>(reason), 0},
        nullptr);
}

} // namespace evsim
