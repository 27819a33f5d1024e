#include "simulator/broker/kafka/kafka_broker.h"

#include "simulator/broker/key_partition.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace evsim {
namespace {

// batch.size: a producer's records without a key stay on one partition until a batch of this
// many bytes is full (KIP-480's sticky partitioner).
constexpr std::uint32_t kBatchBytes = 16384;
// delivery.timeout.ms: a producer gives up on a record this long after it first sent it, so no
// retry comes later than that.
constexpr SimTime kDeliveryTimeout = SimTime::fromSeconds(120);

} // namespace

KafkaBroker::KafkaBroker(const KafkaSpec& spec, BrokerEnvironment env, StringTable& strings,
                         EntityTable& entities)
    : m_env(env), m_entities(entities), m_strings(strings) {
    // Entities in a row each, topics then groups: records carry their numbers.
    entities.reserve(spec.topics.size() + spec.groups.size());
    m_topics.reserve(spec.topics.size());
    for (const TopicSpec& t : spec.topics) {
        Topic topic;
        topic.entity = entities.add(EntityKind::Exchange, t.name);
        topic.firstPartition = static_cast<std::uint32_t>(m_partitions.size());
        topic.partitions = t.partitions;
        topic.spec = t;
        if (t.compact && m_nullBody == UINT32_MAX) {
            m_nullBody = strings.intern("null"); // a tombstone's body
        }
        m_partitions.resize(m_partitions.size() + t.partitions);
        for (std::uint32_t p = topic.firstPartition; p < m_partitions.size(); ++p) {
            m_partitions[p].topic = static_cast<std::uint32_t>(m_topics.size());
        }
        m_topics.push_back(std::move(topic));
    }
    m_firstTopicEntity = m_topics.empty() ? 0 : m_topics.front().entity;
    placeReplicas(spec, entities);
    m_groups.reserve(spec.groups.size());
    for (const GroupSpec& g : spec.groups) {
        Group group;
        group.spec = g;
        group.stats.entity = entities.add(EntityKind::Queue, g.name);
        const std::optional<TargetIndex> topic = targetIndex(g.topic);
        assert(topic && "the loader rejects groups of unknown topics");
        group.topic = topic->value();
        group.firstCursor = static_cast<std::uint32_t>(m_cursors.size());
        m_cursors.resize(m_cursors.size() + m_topics[group.topic].partitions);
        m_topics[group.topic].groups.push_back(static_cast<std::uint32_t>(m_groups.size()));
        m_groups.push_back(std::move(group));
    }
    m_firstGroupEntity = m_groups.empty() ? 0 : m_groups.front().stats.entity;
    m_retentionCheck = spec.retentionCheck;
    if (std::any_of(m_topics.begin(), m_topics.end(),
                    [](const Topic& t) { return t.spec.segmented(); })) {
        m_env.timer(m_env.now + m_retentionCheck, 0, kCleanup);
    }
}

std::optional<TargetIndex> KafkaBroker::targetIndex(const std::string& name) const {
    const EntityId entity = m_entities.find(EntityKind::Exchange, name);
    if (entity == kNoEntity || m_topics.empty() || entity < m_firstTopicEntity) {
        return std::nullopt;
    }
    return TargetIndex(entity - m_firstTopicEntity);
}

std::optional<QueueIndex> KafkaBroker::queueIndex(const std::string& name) const {
    const EntityId entity = m_entities.find(EntityKind::Queue, name);
    if (entity == kNoEntity || m_groups.empty() || entity < m_firstGroupEntity) {
        return std::nullopt;
    }
    return QueueIndex(entity - m_firstGroupEntity);
}

QueueIndex KafkaBroker::attach(ConsumerIndex consumer, EntityId consumerEntity,
                               const Subscription& subscription) {
    const std::optional<QueueIndex> group = queueIndex(subscription.source);
    assert(group && "the loader rejects consumers of unknown groups");
    assert(consumer.value() == m_members.size() && "consumers attach once each, in order");
    Member m;
    m.entity = consumerEntity;
    m.group = group->value();
    m.maxUnsettled = subscription.maxUnsettled;
    m.autoCommit = subscription.settledOnDelivery;
    m.commitInterval = subscription.commitInterval;
    if (m.commitInterval > SimTime::zero()) {
        m_env.timer(m_env.now + m.commitInterval, consumer.value(), kAutoCommit);
    }
    m.consuming = subscription.consuming;
    m_members.push_back(std::move(m));
    m_groups[group->value()].members.push_back(consumer.value());
    if (subscription.consuming) {
        join(group->value());
    }
    return *group;
}

std::uint32_t KafkaBroker::partitionFor(Topic& topic, MessageSlot slot, std::uint32_t id,
                                        std::uint32_t transaction) {
    const MessageContent& content = m_env.messages.content(slot);
    const std::string& key = m_strings[content.routingKey];
    if (!key.empty()) {
        return partitionForKey(key, topic.partitions);
    }
    const std::uint32_t eventId = m_env.messages.eventId(slot);
    if (eventId != id) [[unlikely]] {
        // A producer's retry goes where its first attempt went (Kafka retries the same batch,
        // partitioned when it was first sent): to the partition holding the event, if one does.
        for (std::uint32_t p = 0; p < topic.partitions; ++p) {
            if (holdsEvent(m_partitions[topic.firstPartition + p], eventId, transaction)) {
                return p;
            }
        }
    }
    // No key: the sticky partition, until its batch is full (KAFKA01). Kafka then picks
    // another at random; this takes the next in turn, which spreads records the same way
    // without a random draw the broker would have to own.
    const std::uint32_t partition = topic.sticky;
    topic.batchBytes += content.bodyBytes;
    if (topic.batchBytes >= kBatchBytes) {
        topic.batchBytes = 0;
        topic.sticky = topic.sticky + 1 == topic.partitions ? 0 : topic.sticky + 1;
    }
    return partition;
}

PublishOutcome KafkaBroker::accept(MessageSlot slot, TargetIndex target, bool confirms) {
    Topic& topic = m_topics[target.value()];
    PublishOutcome outcome;
    if (!topic.exists) {
        outcome.noTarget = true;
        m_env.drop(DropReason::NoExchange, slot, topic.entity, 0);
        m_env.messages.release(slot);
        return outcome;
    }
    if (topic.spec.compact && m_strings[m_env.messages.content(slot).routingKey].empty())
        [[unlikely]] {
        // Compaction keeps a record per key: Kafka refuses one without a key, for good.
        outcome.refused = true;
        outcome.invalid = true;
        m_env.drop(DropReason::NoKey, slot, topic.entity, 0);
        m_env.messages.release(slot);
        return outcome;
    }
    const std::uint32_t id = m_env.messages.id(slot);
    const std::uint32_t transaction = m_env.messages.transaction(slot);
    const std::uint32_t partition = partitionFor(topic, slot, id, transaction);
    const std::uint32_t pi = topic.firstPartition + partition;
    Partition& log = m_partitions[pi];
    const MessageContent& content = m_env.messages.content(slot);
    if (m_cluster) [[unlikely]] {
        const bool allReplicas = confirms && (content.flags & Message::kLeaderAck) == 0;
        if (const DropReason why = refusal(log, allReplicas); why != DropReason::None) {
            ++(why == DropReason::NotLeader ? m_clusterCounts.notLeader
                                            : m_clusterCounts.notEnoughReplicas);
            // A retriable error: a producer that waits for an answer tries again.
            outcome.refused = true;
            m_env.drop(why, slot, topic.entity, 0, 0, !confirms);
            m_env.messages.release(slot);
            return outcome;
        }
    }
    if ((content.flags & Message::kIdempotent) != 0) {
        const std::uint32_t eventId = m_env.messages.eventId(slot);
        if (eventId != id && holdsEvent(log, eventId, transaction)) {
            // Acknowledged as written: the producer hears success, and the log has it once.
            m_env.drop(DropReason::Deduplicated, slot, topic.entity, 0, 0, false);
            m_env.messages.release(slot);
            return outcome;
        }
    }
    if (transaction != 0 && !writeInTransaction(transaction, target.value(), pi,
                                                log.end() + log.tail.size())) [[unlikely]] {
        // Its transaction is over (it timed out, or its producer restarted): the producer is
        // fenced, and the record is not written. A loss unless it is written again (a
        // consumer's outputs, when its input is read again).
        const Transaction& over = m_transactions[transaction - 1];
        m_env.drop(DropReason::Aborted, slot, topic.entity, 0, 0,
                   over.lost || over.state == Transaction::State::Committed);
        m_env.messages.release(slot);
        return outcome;
    }
    if (m_cluster && (replicationFactor(log) > 1 || !log.tail.empty() ||
                      m_nodes[log.leader].latency > SimTime::zero())) [[unlikely]] {
        writeToLeader(pi, slot, confirms, outcome);
        return outcome;
    }
    // The log holds the reference the publish hop held, for as long as it keeps the record.
    appendToLog(topic, log, partition, LogRecord{slot, id, m_env.now}, content, &outcome);
    return outcome;
}

void KafkaBroker::appendToLog(const Topic& topic, Partition& log, std::uint32_t partition,
                              const LogRecord& record, const MessageContent& content,
                              PublishOutcome* outcome) {
    log.records.append(record);
    if (topic.spec.segmented()) {
        appendToSegment(topic, log, content.bodyBytes);
    }
    log.delays = log.delays || content.expirationMs != Message::kNoExpiration;
    for (const std::uint32_t g : topic.groups) {
        Group& group = m_groups[g];
        if (!group.born) {
            continue; // it reads from where it starts, when its first member joins
        }
        if (outcome != nullptr) {
            ++outcome->queues;
        }
        ++group.stats.published;
        group.stats.maxDepth = std::max(group.stats.maxDepth, lagOf(group));
        m_env.record(RecordKind::Enqueued, record.slot, group.stats.entity, topic.entity, 0,
                     static_cast<std::uint16_t>(partition));
        pump(g, group.firstCursor + partition);
    }
}

bool KafkaBroker::holdsEvent(const Partition& partition, std::uint32_t eventId,
                             std::uint32_t transaction) const {
    for (const Unreplicated& r : partition.tail) { // written to the leader: the retry is known
        if (m_env.messages.eventId(r.slot) == eventId &&
            transaction == m_env.messages.transaction(r.slot)) {
            return true;
        }
    }
    for (std::uint64_t o = partition.end(); o > partition.start(); --o) {
        const LogRecord& r = partition.at(o - 1);
        if (r.appendedAt < m_env.now - kDeliveryTimeout) {
            return false;
        }
        if (!r.removed() && m_env.messages.eventId(r.slot) == eventId &&
            m_env.messages.transaction(r.slot) == transaction) {
            return true;
        }
    }
    return false;
}

bool KafkaBroker::canRead(std::uint32_t member) const {
    const Member& m = m_members[member];
    return m.open && m.consuming && m.inGroup && !m_groups[m.group].joining &&
           (m.autoCommit || m.maxUnsettled == 0 || m.unsettled < m.maxUnsettled);
}

bool KafkaBroker::nextIsDue(std::uint32_t g, std::uint32_t c) {
    GroupCursor& cursor = m_cursors[c];
    const LogRecord& record = partitionAt(m_groups[g], c).at(cursor.next());
    const std::uint32_t backoffMs = m_env.messages.content(record.slot).expirationMs;
    if (backoffMs == Message::kNoExpiration) {
        return true;
    }
    const SimTime due = record.appendedAt + SimTime::fromMillis(backoffMs);
    if (due <= m_env.now) {
        return true;
    }
    if (cursor.wakeAt != due) {
        cursor.wakeAt = due;
        m_env.timer(due, c, (g << kTimerKindBits) | kRecordDue);
    }
    return false;
}

void KafkaBroker::pump(std::uint32_t g, std::uint32_t c) {
    GroupCursor& cursor = m_cursors[c];
    if (cursor.owner == GroupCursor::kNobody) {
        return;
    }
    const std::uint32_t memberIndex = cursor.owner;
    Group& group = m_groups[g];
    const Partition& partition = partitionAt(group, c);
    if (m_cluster && !leaderUp(partition)) [[unlikely]] {
        return; // fetches go to the leader, and there is none to answer
    }
    // read_committed: no further than the first open transaction, past what aborted ones wrote.
    const bool committedOnly = partition.transactional && group.spec.readCommitted;
    const std::uint64_t end = committedOnly ? partition.stableEnd() : partition.end();
    assert(end >= cursor.position());
    // A member committing after processing holds one record of a partition at a time: it
    // reads the partition in order, and a retry in place reads the same record again before
    // any after it.
    while (cursor.ready(end) > 0 && canRead(memberIndex)) {
        Member& member = m_members[memberIndex];
        if (partition.holes && partition.at(cursor.next()).removed() && cursor.inHand() == 0) {
            passRemoved(g, c);
            continue;
        }
        if (committedOnly && cursor.inHand() == 0 && abortedAt(partition, cursor.next())) {
            passAborted(g, c);
            continue;
        }
        if ((!member.autoCommit && cursor.inHand() > 0) || (partition.delays && !nextIsDue(g, c))) {
            break;
        }
        const GroupCursor::HandOut out = cursor.handOut();
        const MessageSlot slot = partition.at(out.offset).slot;
        ++group.stats.delivered;
        if (out.attempt > 1) {
            ++group.stats.redelivered;
        }
        m_env.record(RecordKind::Delivered, slot, group.stats.entity, member.entity,
                     out.attempt > 1 ? 1 : 0, out.attempt);
        if (member.autoCommit) {
            // Committed as it is read: the group has it, whatever its processing does.
            cursor.commitThrough(out.offset);
            ++group.stats.acked;
            m_env.record(RecordKind::Acked, slot, group.stats.entity, member.entity);
        } else {
            ++member.unsettled;
        }
        m_env.sink.deliver(
            Delivery{ConsumerIndex(memberIndex), DeliveryHandle(c), out.tag, slot, out.attempt, 0});
    }
    noteDrainedIfEmpty(g);
}

void KafkaBroker::giveBack(std::uint32_t c, std::uint32_t member) {
    GroupCursor& cursor = m_cursors[c];
    const Group& group = m_groups[m_members[member].group];
    const Partition& partition = partitionAt(group, c);
    cursor.forEachUnsettled([&](std::uint64_t offset) {
        m_env.record(RecordKind::Requeued, partition.at(offset).slot, group.stats.entity,
                     m_members[member].entity);
    });
    cursor.rewind();
    if (const std::uint32_t t = std::exchange(cursor.transaction, 0); t != 0) {
        abortTransaction(t, TransactionAbort::InputReadAgain); // its outputs are written again
    }
}

void KafkaBroker::pumpMember(std::uint32_t member) {
    // By index: the loop holds no reference across the sink's calls.
    const std::uint32_t g = m_members[member].group;
    for (std::size_t i = 0; i < m_members[member].owned.size(); ++i) {
        pump(g, m_members[member].owned[i]);
    }
}

bool KafkaBroker::settle(ConsumerIndex consumer, DeliveryHandle handle, std::uint32_t tag,
                         Settlement how) {
    const std::uint32_t c = handle.value();
    GroupCursor& cursor = m_cursors[c];
    Member& member = m_members[consumer.value()];
    const std::uint64_t offset = heldOffset(consumer, handle, tag);
    if (offset == GroupCursor::kStale || member.autoCommit) {
        return false; // revoked since, or its session closed: the tag is stale
    }
    Group& group = m_groups[member.group];
    const Partition& partition = partitionAt(group, c);
    const MessageSlot slot = partition.at(offset).slot;
    std::uint64_t settled = 0;
    const bool onInterval = member.commitInterval > SimTime::zero();
    if (onInterval && how != Settlement::Done) {
        // A retry or a skip commits what was processed before it, as it would record by record.
        commitProcessed(member.group, c);
    }
    switch (how) {
    case Settlement::Done:
        if (onInterval) {
            // Processed: committed at the next interval (or now, when a purge waits for it).
            cursor.markProcessed(offset);
            settled = 1;
            if (cursor.skipPending()) {
                commitProcessed(member.group, c);
            }
            break;
        }
        if (cursor.transaction != 0 && !transactionStillOpen(c, consumer.value())) [[unlikely]] {
            break; // its outputs' transaction timed out: read again, not committed (KAFKA09)
        }
        settled = cursor.commitThrough(offset);
        group.stats.acked += settled;
        m_env.record(RecordKind::Acked, slot, group.stats.entity, member.entity);
        if (const std::uint32_t t = std::exchange(cursor.transaction, 0); t != 0) {
            commitTransaction(t); // its outputs with its offset (KAFKA09)
        }
        break;
    case Settlement::Retry:
        // Retry in place: what came before it is processed; it and what follows it are read
        // again, in order.
        if (offset > cursor.committed()) {
            settled = cursor.commitThrough(offset - 1);
            group.stats.acked += settled;
        }
        settled += cursor.unsettled();
        ++group.stats.requeued;
        giveBack(c, consumer.value());
        break;
    case Settlement::Reject:
        // Skipped: committed past, and lost to this group.
        settled = cursor.commitThrough(offset);
        group.stats.acked += settled - 1;
        ++group.stats.dropped;
        m_env.drop(DropReason::Rejected, slot, group.stats.entity, member.entity);
        break;
    }
    member.unsettled -= static_cast<std::uint32_t>(settled);
    noteDrainedIfEmpty(member.group);
    if (group.joining) {
        completeJoinIfReady(member.group); // it rejoins once it holds nothing
    } else if (member.maxUnsettled == 0) {
        pump(member.group, c); // only this partition has room now
    } else {
        pumpMember(consumer.value());
    }
    return true;
}

void KafkaBroker::commitProcessed(std::uint32_t g, std::uint32_t c) {
    GroupCursor& cursor = m_cursors[c];
    if (cursor.processed() == cursor.committed()) {
        return;
    }
    Group& group = m_groups[g];
    const Partition& partition = partitionAt(group, c);
    const EntityId member =
        cursor.owner == GroupCursor::kNobody ? 0 : m_members[cursor.owner].entity;
    for (std::uint64_t o = cursor.committed(); o < cursor.processed(); ++o) {
        const LogRecord& record = partition.at(o);
        if (record.removed()) { // compacted away since it was processed
            recordRemoved(RecordKind::Acked, record, group.stats.entity, DropReason::None);
        } else {
            m_env.record(RecordKind::Acked, record.slot, group.stats.entity, member);
        }
    }
    group.stats.acked += cursor.commitThrough(cursor.processed() - 1);
}

} // namespace evsim
