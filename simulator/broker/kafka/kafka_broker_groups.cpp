// Consumer groups: who is a member, who reads which partition, and what moves at a rebalance
// (KAFKA03, KAFKA04, KAFKA07).
#include "simulator/broker/kafka/group_assignors.h"
#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>
#include <map>

namespace evsim {
namespace {

// max.poll.interval.ms: how long a join waits for a member still busy with what it holds
// before the group rebalances without waiting any longer.
constexpr SimTime kMaxPollInterval = SimTime::fromSeconds(300);

} // namespace

void KafkaBroker::requestRebalance(std::uint32_t g) {
    // Joins and leaves at one instant make one rebalance, as the coordinator gathers them.
    Group& group = m_groups[g];
    if (!group.rebalanceDue) {
        group.rebalanceDue = true;
        m_env.timer(m_env.now, g, kRebalance);
    }
}

void KafkaBroker::join(std::uint32_t g) {
    // Its offsets are fixed when a member first asks to read (KAFKA07): a group whose
    // members start later does not read what came before them unless it resets to earliest.
    if (!m_groups[g].born) {
        bear(g);
    }
    requestRebalance(g);
}

void KafkaBroker::onTimer(std::uint32_t target, std::uint32_t payload) {
    const std::uint32_t epoch = payload >> kTimerKindBits;
    switch (payload & ((1u << kTimerKindBits) - 1)) {
    case kRebalance:
        m_groups[target].rebalanceDue = false;
        startJoin(target);
        return;
    case kJoinTimeout: {
        Group& group = m_groups[target];
        if (group.joining && group.joinEpoch == epoch) {
            group.joining = false;
            // What the slow members hold is taken back, its commits perhaps on their way.
            m_env.sink.redeliveringProcessed();
            rebalance(target);
        }
        return;
    }
    case kCleanup:
        cleanUp();
        return;
    case kAutoCommit: {
        // auto.commit.interval.ms: what the member processed since the last is committed.
        const Member& member = m_members[target];
        if (member.open) {
            for (std::size_t i = 0; i < member.owned.size(); ++i) {
                commitProcessed(member.group, member.owned[i]);
            }
            noteDrainedIfEmpty(member.group);
        }
        m_env.timer(m_env.now + member.commitInterval, target, kAutoCommit);
        return;
    }
    case kTransactionTimeout:
        if (m_transactions[target].state == Transaction::State::Open) {
            endTransaction(target + 1, Transaction::State::Aborted, TransactionAbort::TimedOut);
        }
        return;
    case kRecordDue:
        if (m_cursors[target].wakeAt == m_env.now) {
            m_cursors[target].wakeAt = SimTime::zero();
            pump(epoch, target);
        }
        return;
    case kReplicate:
        replicate(target);
        return;
    case kFence:
        if (!m_nodes[target].up && m_nodes[target].epoch == epoch) {
            fence(target);
        }
        return;
    case kLeaderBalance:
        balanceLeaders();
        return;
    default: {
        // A session timed out: the member is lost unless it came back (a new session) since.
        Member& m = m_members[target];
        if (!m.open && m.sessionEpoch == epoch && m.inGroup) {
            recordLost(target);
            startJoin(m.group);
        }
        return;
    }
    }
}

void KafkaBroker::startJoin(std::uint32_t g) {
    Group& group = m_groups[g];
    if (group.joining) {
        return; // the join under way takes this member in too
    }
    group.joining = true;
    ++group.joinEpoch;
    m_env.timer(m_env.now + kMaxPollInterval, g,
                (group.joinEpoch << kTimerKindBits) | kJoinTimeout);
    completeJoinIfReady(g);
}

void KafkaBroker::completeJoinIfReady(std::uint32_t g) {
    Group& group = m_groups[g];
    if (!group.joining) {
        return;
    }
    for (const std::uint32_t m : group.members) {
        if (m_members[m].open && m_members[m].unsettled > 0) {
            return;
        }
    }
    group.joining = false;
    rebalance(g);
}

void KafkaBroker::bear(std::uint32_t g) {
    Group& group = m_groups[g];
    const Topic& topic = m_topics[group.topic];
    group.born = true;
    for (std::uint32_t p = 0; p < topic.partitions; ++p) {
        const Partition& partition = m_partitions[topic.firstPartition + p];
        const std::uint64_t from = group.spec.reset == OffsetReset::Earliest
                                       ? partition.start()
                                       : latestFor(group, partition);
        m_cursors[group.firstCursor + p].startAt(from);
        // What it starts before the log's end is the group's to read, as if each record had
        // just arrived for it: the history (earliest), or open transactions (read_committed).
        for (std::uint64_t o = from; o < partition.end(); ++o) {
            takeOn(group, topic, p, o);
        }
    }
    group.stats.maxDepth = std::max(group.stats.maxDepth, lagOf(group));
}

void KafkaBroker::takeOn(Group& group, const Topic& topic, std::uint32_t p, std::uint64_t offset) {
    const LogRecord& r = m_partitions[topic.firstPartition + p].at(offset);
    ++group.stats.published;
    if (r.removed()) { // compacted away: a hole it will pass over
        m_env.log.append(Record{m_env.now, r.message, group.stats.entity, topic.entity,
                                RecordKind::Enqueued, 0, static_cast<std::uint16_t>(p)},
                         nullptr);
    } else {
        m_env.record(RecordKind::Enqueued, r.slot, group.stats.entity, topic.entity, 0,
                     static_cast<std::uint16_t>(p));
    }
}

void KafkaBroker::rebalance(std::uint32_t g) {
    Group& group = m_groups[g];
    const Topic& topic = m_topics[group.topic];
    const std::string& topicName = m_entities[topic.entity].name;
    // Who takes part: every member whose session is open and who consumes. A member that was
    // in the group and whose session is closed does not rejoin: it is lost.
    std::vector<GroupMember> members;
    std::map<std::string, std::uint32_t> byId;
    for (const std::uint32_t m : group.members) {
        Member& member = m_members[m];
        const bool takesPart = member.open && member.consuming;
        if (!takesPart && member.inGroup && !member.open) {
            recordLost(m); // it did not rejoin
        }
        member.inGroup = takesPart;
        if (takesPart) {
            const std::string& id = m_entities[member.entity].name;
            members.push_back(GroupMember{id, {topicName}});
            byId.emplace(id, m);
        }
    }
    if (!group.born) {
        return;
    }
    const PartitionCounts counts{{topicName, topic.partitions}};
    GroupAssignment target;
    switch (group.spec.assignor) {
    case AssignorKind::Range:
        target = assignRange(members, counts);
        break;
    case AssignorKind::RoundRobin:
        target = assignRoundRobin(members, counts);
        break;
    case AssignorKind::CooperativeSticky: {
        OwnedPartitions owned;
        for (const auto& [id, m] : byId) {
            auto& list = owned[id];
            for (const std::uint32_t c : m_members[m].owned) {
                list.push_back(TopicPartition{topicName, partitionOf(group, c)});
            }
        }
        target = assignCooperativeSticky(members, counts, owned);
        break;
    }
    }
    std::vector<std::uint32_t> newOwner(topic.partitions, GroupCursor::kNobody);
    for (const auto& [id, partitions] : target) {
        for (const TopicPartition& tp : partitions) {
            newOwner[tp.partition] = byId.at(id);
        }
    }
    ++group.generation;
    m_env.log.append(Record{m_env.now, 0, group.stats.entity, 0, RecordKind::Rebalanced,
                            static_cast<std::uint8_t>(std::min<std::size_t>(members.size(), 255)),
                            static_cast<std::uint16_t>(group.generation)},
                     nullptr);
    // The eager assignors take every partition back first; cooperative-sticky only those that
    // move, and the rest are read on through the rebalance.
    const bool eager = group.spec.assignor != AssignorKind::CooperativeSticky;
    for (std::uint32_t p = 0; p < topic.partitions; ++p) {
        const std::uint32_t c = group.firstCursor + p;
        const std::uint32_t owner = m_cursors[c].owner;
        if (owner != GroupCursor::kNobody && (eager || owner != newOwner[p])) {
            revoke(g, c);
        }
    }
    for (std::uint32_t p = 0; p < topic.partitions; ++p) {
        const std::uint32_t c = group.firstCursor + p;
        if (m_cursors[c].owner == GroupCursor::kNobody && newOwner[p] != GroupCursor::kNobody) {
            assign(g, c, newOwner[p]);
        }
    }
    for (const auto& [id, m] : byId) {
        pumpMember(m);
    }
    noteDrainedIfEmpty(g);
}

void KafkaBroker::recordLost(std::uint32_t m) {
    Member& member = m_members[m];
    if (!member.lost) {
        member.lost = true;
        m_env.log.append(Record{m_env.now, 0, member.entity, m_groups[member.group].stats.entity,
                                RecordKind::MemberLost, 0, 0},
                         nullptr);
    }
}

void KafkaBroker::revoke(std::uint32_t g, std::uint32_t c) {
    GroupCursor& cursor = m_cursors[c];
    Member& member = m_members[cursor.owner];
    if (member.open) {
        commitProcessed(g, c); // auto-commit commits as a partition is revoked
    }
    member.unsettled -= static_cast<std::uint32_t>(cursor.inHand());
    giveBack(c, cursor.owner); // the next owner reads again what this one had not committed
    member.owned.erase(std::find(member.owned.begin(), member.owned.end(), c));
    cursor.owner = GroupCursor::kNobody;
    const Group& group = m_groups[g];
    m_env.log.append(Record{m_env.now, 0, member.entity, group.stats.entity,
                            RecordKind::PartitionRevoked, 0,
                            static_cast<std::uint16_t>(partitionOf(group, c))},
                     nullptr);
}

void KafkaBroker::assign(std::uint32_t g, std::uint32_t c, std::uint32_t m) {
    GroupCursor& cursor = m_cursors[c];
    Member& member = m_members[m];
    cursor.owner = m;
    member.owned.insert(std::lower_bound(member.owned.begin(), member.owned.end(), c), c);
    const Group& group = m_groups[g];
    const Partition& partition = partitionAt(group, c);
    // It resumes at the committed offset: the record there, if the log has one yet.
    const std::uint32_t resumesAt =
        cursor.committed() < partition.end() ? partition.at(cursor.committed()).message : 0;
    m_env.log.append(Record{m_env.now, resumesAt, member.entity, group.stats.entity,
                            RecordKind::PartitionAssigned, 0,
                            static_cast<std::uint16_t>(partitionOf(group, c))},
                     nullptr);
}

void KafkaBroker::takeBack(std::uint32_t m) {
    Member& member = m_members[m];
    for (const std::uint32_t c : member.owned) {
        giveBack(c, m);
    }
    member.unsettled = 0;
}

void KafkaBroker::closeSession(ConsumerIndex consumer, ChannelCloseCause cause) {
    const std::uint32_t m = consumer.value();
    Member& member = m_members[m];
    if (!member.open) {
        return;
    }
    member.open = false;
    ++member.sessionEpoch;
    const Group& group = m_groups[member.group];
    m_env.log.append(Record{m_env.now, 0, member.entity, group.stats.entity,
                            RecordKind::ChannelClosed, static_cast<std::uint8_t>(cause), 0},
                     nullptr);
    // Its partitions stay its own, unread, until its session times out (KAFKA04): the lag
    // grows meanwhile. What it had not committed is read again by whoever reads next.
    takeBack(m);
    if (member.inGroup) {
        m_env.timer(m_env.now + group.spec.sessionTimeout, m,
                    (member.sessionEpoch << kTimerKindBits) | kSessionTimeout);
    }
    completeJoinIfReady(member.group); // a join no longer waits for it
}

void KafkaBroker::openSession(ConsumerIndex consumer) {
    Member& member = m_members[consumer.value()];
    member.open = true;
    member.lost = false;
    if (member.consuming) {
        join(member.group); // again
    }
}

void KafkaBroker::setConsuming(ConsumerIndex consumer, bool consuming) {
    Member& member = m_members[consumer.value()];
    if (member.consuming == consuming) {
        return;
    }
    member.consuming = consuming;
    if (member.open && consuming) {
        join(member.group);
    } else if (member.open) {
        requestRebalance(member.group); // it leaves
    }
}

void KafkaBroker::restart() {
    // Records and committed offsets are on disk: nothing is lost. Every session ends; the
    // clients reconnect and rejoin.
    for (std::size_t m = 0; m < m_members.size(); ++m) {
        closeSession(ConsumerIndex(static_cast<std::uint32_t>(m)),
                     ChannelCloseCause::BrokerRestart);
    }
}

void KafkaBroker::watchDrain(QueueIndex queue) {
    m_groups[queue.value()].watchingDrain = true;
    noteDrainedIfEmpty(queue.value());
}

void KafkaBroker::noteDrainedIfEmpty(std::uint32_t g) {
    Group& group = m_groups[g];
    if (group.watchingDrain && lagOf(group) == 0) {
        group.watchingDrain = false;
        group.drainedAt.push_back(m_env.now);
        m_env.log.append(
            Record{m_env.now, 0, group.stats.entity, 0, RecordKind::QueueDrained, 0, 0}, nullptr);
    }
}

} // namespace evsim
