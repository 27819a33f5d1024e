// A consumer group's offsets moved from outside its members' reading: a purge, a seek (KAFKA07).
#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>

namespace evsim {

void KafkaBroker::purge(QueueIndex queue) {
    const std::uint32_t g = queue.value();
    Group& group = m_groups[g];
    if (!group.born) {
        return;
    }
    for (std::uint32_t c = group.firstCursor;
         c < group.firstCursor + m_topics[group.topic].partitions; ++c) {
        commitProcessed(g, c); // the skip starts at the position: nothing processed before it
        GroupCursor& cursor = m_cursors[c];
        const Partition& partition = partitionAt(group, c);
        group.stats.dropped += cursor.skipAll(partition.end(), [&](std::uint64_t offset) {
            dropSkipped(group, partition.at(offset), DropReason::Purged);
        });
    }
    noteDrainedIfEmpty(g);
}

void KafkaBroker::seek(QueueIndex queue, const Seek& to) {
    const std::uint32_t g = queue.value();
    if (!m_groups[g].born) {
        bear(g); // a group that never read gets offsets, as a reset gives it committed ones
    }
    // A member that had fetched records may process them still; their commits come too late,
    // and what it processed may be read again.
    m_env.sink.redeliveringProcessed();
    const Group& group = m_groups[g];
    const std::uint32_t partitions = m_topics[group.topic].partitions;
    for (std::uint32_t p = 0; p < partitions; ++p) {
        if (!to.partition || *to.partition == p) {
            seekCursor(g, group.firstCursor + p, to);
        }
    }
    noteDrainedIfEmpty(g);
    completeJoinIfReady(g); // a join waiting for what the members held waits no more
}

void KafkaBroker::seekCursor(std::uint32_t g, std::uint32_t c, const Seek& to) {
    Group& group = m_groups[g];
    GroupCursor& cursor = m_cursors[c];
    const std::uint32_t p = partitionOf(group, c);
    const Partition& partition = partitionAt(group, c);
    const std::uint64_t target = seekOffset(group, partition, to);
    // The seek's record comes right before the records it passes or takes on again.
    const auto recordSeek = [&] {
        m_env.log.append(
            Record{m_env.now, target < partition.end() ? partition.at(target).message : 0,
                   group.stats.entity, 0, RecordKind::Seeked, 0, static_cast<std::uint16_t>(p)},
            nullptr);
    };
    const bool ownerOpen = cursor.owner != GroupCursor::kNobody && m_members[cursor.owner].open;
    if (ownerOpen) {
        commitProcessed(g, c); // what it processed on an interval counts, as at a revoke
    }
    const auto passed = [&](std::uint64_t offset) {
        ++group.stats.dropped;
        if (group.spec.readCommitted && partition.transactional && abortedAt(partition, offset)) {
            dropAborted(group, partition.at(offset).slot); // never the group's to read (KAFKA09)
        } else {
            dropSkipped(group, partition.at(offset), DropReason::Skipped);
        }
    };
    if (target >= cursor.position() && !cursor.skipPending()) {
        // Forward, past what the owner holds: it processes that and commits it (its commit of
        // the position after the seek covers them), and never sees what the seek passes. (A
        // cursor keeps one skip: while a purge's is pending, what it holds goes back instead.)
        recordSeek();
        cursor.skipAll(target, passed);
    } else {
        // Back, or into what the owner holds: that goes back, and its commits come too late.
        if (cursor.owner != GroupCursor::kNobody) {
            m_members[cursor.owner].unsettled -= static_cast<std::uint32_t>(cursor.inHand());
            giveBack(c, cursor.owner);
        }
        const Topic& topic = m_topics[group.topic];
        recordSeek();
        cursor.seek(target, passed,
                    [&](std::uint64_t reopened) { takeOn(group, topic, p, reopened); });
    }
    group.stats.maxDepth = std::max(group.stats.maxDepth, lagOf(group));
    pump(g, c);
}

std::uint64_t KafkaBroker::seekOffset(const Group& group, const Partition& partition,
                                      const Seek& to) const {
    const std::uint64_t first = partition.start();
    const std::uint64_t last = latestFor(group, partition); // read_committed: the stable end
    switch (to.to) {
    case Seek::To::Earliest:
        return first;
    case Seek::To::Latest:
        return last;
    case Seek::To::Offset:
        return std::clamp(to.offset, first, last);
    case Seek::To::Time:
        break;
    }
    // offsetsForTimes: the first record appended at `time` or later. Appends are in time order.
    std::uint64_t low = first;
    std::uint64_t high = partition.end();
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (partition.at(mid).appendedAt < to.time) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return std::min(low, last);
}

} // namespace evsim
