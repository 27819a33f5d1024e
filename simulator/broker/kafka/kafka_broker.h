#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/broker/kafka/group_cursor.h"
#include "simulator/broker/kafka/partition_log.h"
#include "simulator/scenario/kafka_spec.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

class StringTable;

// A Kafka-style broker: topics of partitioned logs, and consumer groups that read them
// (docs/semantics.md, KAFKA rows). A record goes to one partition of its topic, by its key
// (KAFKA01); every group reading the topic reads it, each partition owned by one member of the
// group (KAFKA03), in order. Members commit after processing; a member that leaves, or whose
// session times out, sets off a rebalance, and what it had not committed is read again by the
// partition's next owner (KAFKA04).
//
// In BrokerModel's words a topic is a target and a group a source: a group's "ready" records
// are those not handed out yet, its "unacked" those handed out and not committed, and the two
// together its lag (KAFKA06). Records stay in the log when they are committed.
//
// kafka_broker.cpp holds the record's path (append, hand out, commit); kafka_broker_groups.cpp
// membership, rebalances and sessions; kafka_broker_offsets.cpp purges and seeks;
// kafka_broker_books.cpp figures and invariants;
// kafka_broker_cleanup.cpp retention and compaction; kafka_broker_cluster.cpp the brokers,
// replicas and leaders (KAFKA12).
class KafkaBroker final : public BrokerModel {
public:
    KafkaBroker(const KafkaSpec& spec, BrokerEnvironment env, StringTable& strings,
                EntityTable& entities);

    QueueIndex attach(ConsumerIndex consumer, EntityId consumerEntity,
                      const Subscription& subscription) override;
    PublishOutcome accept(MessageSlot slot, TargetIndex target, bool confirms) override;
    // Done commits the record, Retry reads it again (the partition waits: a retry in place),
    // Reject skips it (commits past it; the group has lost it).
    bool settle(ConsumerIndex consumer, DeliveryHandle handle, std::uint32_t tag,
                Settlement how) override;
    void closeSession(ConsumerIndex consumer, ChannelCloseCause cause) override;
    void openSession(ConsumerIndex consumer) override;
    bool sessionOpen(ConsumerIndex consumer) const override {
        return m_members[consumer.value()].open;
    }
    void setConsuming(ConsumerIndex consumer, bool consuming) override;
    // Resets the group's offsets to the log's end, as kafka-consumer-groups --reset-offsets
    // --to-latest does: what it had not read is skipped (dropped, reason purged).
    void purge(QueueIndex queue) override;
    void seek(QueueIndex group, const Seek& to) override;
    std::uint32_t partitionCount(QueueIndex group) const override {
        return m_topics[m_groups[group.value()].topic].partitions;
    }
    // Records are on disk: a restart loses none. Every member's session closes and rejoins.
    void restart() override;
    void beginTransaction(std::uint32_t transaction, EntityId producer, SimTime timeout) override;
    void commitTransaction(std::uint32_t transaction) override;
    void commitInTransaction(ConsumerIndex consumer, DeliveryHandle handle, std::uint32_t tag,
                             std::uint32_t transaction) override;
    std::uint64_t transactionsEnded(bool committed) const override {
        return m_transactionsEnded[committed ? 1 : 0];
    }
    void abortTransaction(std::uint32_t transaction, TransactionAbort why) override;
    std::uint32_t nodeCount() const override { return static_cast<std::uint32_t>(m_nodes.size()); }
    EntityId nodeEntity(std::uint32_t node) const override { return m_nodes[node - 1].entity; }
    void setBrokerEntity(EntityId entity) override {
        if (m_nodes.size() == 1) {
            m_nodes[0].entity = entity;
        }
    }
    void setNodeUp(std::uint32_t node, bool up) override;
    void setNodeLatency(std::uint32_t node, SimTime latency) override;
    RunSummary::Cluster clusterCounts() const override { return m_clusterCounts; }
    void onTimer(std::uint32_t target, std::uint32_t payload) override;
    void setTargetExists(TargetIndex target, bool exists) override {
        m_topics[target.value()].exists = exists;
    }
    std::optional<TargetIndex> targetIndex(const std::string& name) const override;
    EntityId targetEntity(TargetIndex target) const override {
        return m_topics[target.value()].entity;
    }
    std::optional<QueueIndex> queueIndex(const std::string& name) const override;
    void watchDrain(QueueIndex queue) override;
    const std::vector<SimTime>& drainTimes(QueueIndex queue) const override {
        return m_groups[queue.value()].drainedAt;
    }
    std::vector<QueueStats> queueStats() const override;
    std::string_view sourceNoun() const override { return "group"; }
    QueueGauge gauge(QueueIndex queue) const override;
    void samplePartitions(std::vector<PartitionSample>& partitions,
                          std::vector<GroupPartitionSample>& groups) const override;
    std::vector<std::pair<std::string, std::uint32_t>> logTopics() const override;
    std::size_t queueCount() const override { return m_groups.size(); }
    std::uint64_t droppedUnroutable() const override { return 0; }
    std::uint64_t heldCopies() const override;
    // A rebalance waits for every commit to come back before it moves a partition; only a
    // fault (a crash, a cut) or a join that stopped waiting reads again what was processed.
    bool mayRedeliverProcessed() const override { return false; }
    std::size_t memoryBytes() const override;
    std::size_t largestTableBytes() const override;
    std::size_t liveStateBytes() const override;
    void checkInvariants(const InvariantCheck& check,
                         std::vector<std::uint32_t>& references) const override;

    // A group's place in one partition, and the partition's log end: what the app's lanes
    // and lag figures read.
    struct PartitionView {
        std::uint64_t logEnd = 0;
        std::uint64_t committed = 0;
        std::uint64_t position = 0;
        std::uint32_t owner = GroupCursor::kNobody; // consumer index
        std::uint64_t logStart = 0;                 // what retention left (KAFKA10)
        std::uint64_t bytes = 0;                    // in its segments, with retention
    };
    std::vector<PartitionView> partitionsOf(QueueIndex group) const;

private:
    // A timer's payload: its kind in the low two bits, an epoch above them.
    enum TimerKind : std::uint32_t {
        kRebalance = 0,          // target: group
        kSessionTimeout = 1,     // target: member; epoch: its session's
        kJoinTimeout = 2,        // target: group; epoch: its join's
        kRecordDue = 3,          // target: cursor; above the kind: its group
        kCleanup = 4,            // every log.retention.check.interval.ms
        kTransactionTimeout = 5, // target: transaction
        kAutoCommit = 6,         // target: member; every auto.commit.interval.ms
        kReplicate = 7,          // target: partition; its followers copy what is due
        kFence = 8,              // target: broker; epoch: its stop's
        kLeaderBalance = 9,      // every leader.imbalance.check.interval.seconds
    };
    static constexpr std::uint32_t kTimerKindBits = 4;
    static constexpr std::uint8_t kNoLeader = 0xFF;

    // The part of a partition retention deletes at once (KAFKA10).
    struct Segment {
        std::uint64_t firstOffset = 0;
        SimTime createdAt;
        SimTime lastAppendedAt;
        std::uint64_t bytes = 0;
    };
    // A record a partition's leader wrote that its followers have not copied yet (KAFKA12):
    // not in the log groups read until they have.
    struct Unreplicated {
        MessageSlot slot = 0;
        SimTime writtenAt;
        // The acks=all publish waiting for the copies (PublishOutcome::deferred); 0: none.
        std::uint32_t ticket = 0;
        // Its producer takes it for written (acks=1), or waits for nothing (acks=0): if the
        // leader fails before a follower copies it, it is lost.
        bool acknowledged = false;
    };
    // A transaction open in a partition, from the first record it wrote there.
    struct OpenTransaction {
        std::uint32_t transaction = 0;
        std::uint64_t firstOffset = 0;
    };
    struct Partition {
        PartitionLog records;         // offsets records.start() to records.end() - 1
        std::deque<Segment> segments; // only for a topic with retention or compaction
        std::uint64_t bytes = 0;      // in its segments
        // A record with a back-off was written here (a retry topic): reads check when each
        // record is due.
        bool delays = false;
        // Compaction removed records here: reads pass over them.
        bool holes = false;
        // Where the cleaner stopped last (the offsets below it are compacted), and how many
        // records from start() to end() it removed: what the metrics say of the holes.
        std::uint64_t cleanedTo = 0;
        std::uint64_t removed = 0;
        // A transaction wrote here: read_committed reads stop at the first open one, and pass
        // over what aborted ones wrote (KAFKA09).
        bool transactional = false;
        std::vector<OpenTransaction> open; // in order of their first offsets
        // Replication (KAFKA12): written to the leader, not yet on every in-sync replica.
        std::deque<Unreplicated> tail;
        SimTime replicateAt = SimTime::max(); // its pending kReplicate timer
        std::uint64_t inSync = 1;             // replicas in sync, a bit per broker (from 0)
        std::uint32_t topic = 0;
        std::uint8_t leader = 0;       // its broker, from 0; kNoLeader: offline
        std::uint8_t formerLeader = 0; // while offline: the broker that led it last
        std::uint64_t start() const { return records.start(); }
        std::uint64_t end() const { return records.end(); }
        // The last stable offset: a read_committed group reads no further.
        std::uint64_t stableEnd() const {
            return open.empty() ? end() : std::max(start(), open.front().firstOffset);
        }
        const LogRecord& at(std::uint64_t offset) const { return records.at(offset); }
    };

    struct Topic {
        EntityId entity = 0;
        std::uint32_t firstPartition = 0; // into m_partitions
        std::uint32_t partitions = 1;
        std::vector<std::uint32_t> groups; // that read it
        // The sticky partition of records without a key, and the bytes in its batch.
        std::uint32_t sticky = 0;
        std::uint32_t batchBytes = 0;
        bool exists = true;
        // Its retention and compaction (`spec.retains()`, `spec.compact`); neither: it keeps
        // everything.
        TopicSpec spec;
    };
    struct Group {
        GroupSpec spec;
        std::uint32_t topic = 0;
        std::uint32_t firstCursor = 0;      // into m_cursors, one per partition of the topic
        std::vector<std::uint32_t> members; // consumer indices, in attach order
        QueueCounters stats;
        std::vector<SimTime> drainedAt;
        std::uint32_t generation = 0;
        std::uint32_t joinEpoch = 0;
        bool born = false; // a member has joined once: its offsets exist
        bool rebalanceDue = false;
        // A rebalance waits for the members to finish what they hold (they rejoin at their
        // next poll); meanwhile nobody is handed anything new.
        bool joining = false;
        bool watchingDrain = false;
    };
    // A producer's transaction as the log sees it (KAFKA09).
    struct Transaction {
        enum class State : std::uint8_t { Unknown, Open, Committed, Aborted };
        EntityId producer = 0;
        std::uint32_t topic = UINT32_MAX;      // the first it wrote to
        std::vector<std::uint32_t> partitions; // written to while open, into m_partitions
        State state = State::Unknown;
        // Aborted and its events not sent again (its producer crashed, or it timed out): what
        // it wrote is lost to the read_committed groups.
        bool lost = false;
        // A consumer's (KAFKA09's consume-transform-produce): however it ends without a commit,
        // its input is read again and its outputs written again.
        bool readsInput = false;
    };
    struct Member {
        EntityId entity = 0;
        std::uint32_t group = 0;
        std::uint32_t maxUnsettled = 0; // 0 = no limit
        std::uint32_t unsettled = 0;    // records it holds, not processed yet
        SimTime commitInterval;         // zero: it commits each record as it processes it
        std::uint32_t sessionEpoch = 0;
        std::vector<std::uint32_t> owned; // cursors, in partition order
        bool autoCommit = false;
        bool open = true;
        bool consuming = true;
        bool inGroup = false; // taken part in the last rebalance, or joined since
        bool lost = false;    // its session timed out (recorded once)
    };

    // kafka_broker.cpp: the record's path.
    // Where message `slot` (id `id`, written in `transaction`) goes: by its key (KAFKA01), or,
    // without one, where its first attempt went, else the sticky partition.
    std::uint32_t partitionFor(Topic& topic, MessageSlot slot, std::uint32_t id,
                               std::uint32_t transaction);
    // Appends to the partition's active segment, or starts a new one as segment.ms and
    // segment.bytes say.
    void appendToSegment(const Topic& topic, Partition& partition, std::uint32_t bytes);
    // Hands out what cursor `c` of group `g` may: in order, while its owner has room.
    void pump(std::uint32_t g, std::uint32_t c);
    void pumpMember(std::uint32_t member);
    // What `member` holds of cursor `c` and has not committed goes back (recorded as requeued):
    // the cursor rewinds to its committed offset.
    void giveBack(std::uint32_t c, std::uint32_t member);
    bool canRead(std::uint32_t member) const;
    // The offset of the record a delivery (`handle`, `tag`) handed `consumer`, while it is still
    // the member's to settle; GroupCursor::kStale once the partition was revoked, the session
    // closed, or the record taken back or processed.
    std::uint64_t heldOffset(ConsumerIndex consumer, DeliveryHandle handle,
                             std::uint32_t tag) const {
        const GroupCursor& cursor = m_cursors[handle.value()];
        if (cursor.owner != consumer.value() || !m_members[consumer.value()].open) {
            return GroupCursor::kStale;
        }
        const std::uint64_t offset = cursor.offsetOf(tag);
        return offset < cursor.processed() ? GroupCursor::kStale : offset;
    }
    // An idempotent producer's retry of a record `partition` already holds (KAFKA08): the
    // broker knows it by its producer id and sequence number; here, by the event it carries,
    // among the records written within delivery.timeout.ms, after which no producer retries.
    // A transaction's retry is its own record again; a record sent again in a later
    // transaction, after its first aborted, is a new one.
    bool holdsEvent(const Partition& partition, std::uint32_t eventId,
                    std::uint32_t transaction) const;
    // A record a delayed retry wrote is due its back-off after it was written; until then the
    // partition waits, as a retry topic's consumer pauses it. True when cursor `c` may hand
    // out its next record now; otherwise a timer is set for when it may.
    bool nextIsDue(std::uint32_t g, std::uint32_t c);
    std::uint32_t partitionOf(const Group& group, std::uint32_t cursor) const {
        return cursor - group.firstCursor;
    }
    const Partition& partitionAt(const Group& group, std::uint32_t cursor) const {
        return m_partitions[m_topics[group.topic].firstPartition + partitionOf(group, cursor)];
    }

    // Records the group has not committed (handed out or not): every record it took on is
    // committed, skipped or still this.
    static std::uint64_t lagOf(const Group& group) {
        return group.stats.published - group.stats.acked - group.stats.dropped;
    }

    // kafka_broker_groups.cpp: membership.
    // A member asks to read: the group gets its offsets if it has none, and rebalances.
    void join(std::uint32_t g);
    void requestRebalance(std::uint32_t g);
    // Starts the join: the rebalance happens once no member with an open session holds a
    // record, or at the join timeout.
    void startJoin(std::uint32_t g);
    // The join is over if nobody it waits for holds anything: rebalances.
    void completeJoinIfReady(std::uint32_t g);
    void rebalance(std::uint32_t g);
    // The group reads for the first time: its offsets start per auto.offset.reset (KAFKA07).
    void bear(std::uint32_t g);
    // The record at `offset` of partition `p` is the group's to read: one more it took on.
    void takeOn(Group& group, const Topic& topic, std::uint32_t p, std::uint64_t offset);
    // Records, once, that member `m` left the group without a word (its session timed out, or
    // it did not rejoin).
    void recordLost(std::uint32_t m);
    void revoke(std::uint32_t g, std::uint32_t cursor);
    void assign(std::uint32_t g, std::uint32_t cursor, std::uint32_t member);
    // Takes back what member `m` holds: its cursors rewind to their committed offsets.
    void takeBack(std::uint32_t m);
    // Commits what cursor `c` of group `g` has processed and not committed (a member that
    // commits on an interval, KAFKA05): recorded acked, one record each.
    void commitProcessed(std::uint32_t g, std::uint32_t c);
    void noteDrainedIfEmpty(std::uint32_t g);

    // kafka_broker_offsets.cpp: a group's offsets moved from outside (a purge, a seek).
    // Moves cursor `c` of group `g` to the offset `to` names: what its owner holds goes back.
    void seekCursor(std::uint32_t g, std::uint32_t c, const Seek& to);
    // The offset of `partition` a seek to `to` lands at, for `group`: within what it may read.
    std::uint64_t seekOffset(const Group& group, const Partition& partition, const Seek& to) const;

    // kafka_broker_transactions.cpp (KAFKA09).
    // Where a group starting at the log's end starts: read_committed at the last stable offset.
    std::uint64_t latestFor(const Group& group, const Partition& partition) const {
        return group.spec.readCommitted ? partition.stableEnd() : partition.end();
    }
    // Record `offset` of partition `p` (into m_partitions) was written by transaction `t`:
    // open in the partition from there. False when `t` is over: the record is refused.
    bool writeInTransaction(std::uint32_t t, std::uint32_t topic, std::uint32_t p,
                            std::uint64_t offset);
    void endTransaction(std::uint32_t t, Transaction::State state, TransactionAbort why);
    // Whether the record at `offset` was written by a transaction that aborted.
    bool abortedAt(const Partition& partition, std::uint64_t offset) const;
    // An aborted transaction's record, reached by cursor `c` of read_committed group `g` with
    // nothing in hand: passed over and committed, as the consumer never sees it.
    void passAborted(std::uint32_t g, std::uint32_t c);
    // The record in `slot`, of an aborted transaction, dropped by `group`: a loss only when
    // its transaction's events are not written again.
    void dropAborted(const Group& group, MessageSlot slot) const;
    // Whether cursor `c`'s record in hand, whose outputs went in a transaction (KAFKA09), may
    // be committed now: not when that transaction ended without it (timed out). Then the record
    // goes back to be read again, as Kafka fences a commit of offsets in a transaction that is
    // over.
    bool transactionStillOpen(std::uint32_t c, std::uint32_t member);

    // kafka_broker_cluster.cpp: brokers, replicas and leaders (KAFKA12).
    // Sets up the brokers' entities and each partition's leader and in-sync set.
    void placeReplicas(const KafkaSpec& spec, EntityTable& entities);
    // The broker (from 0) of replica `i` of partition `p` (of its topic), the preferred leader
    // first.
    std::uint32_t replica(const Partition& partition, std::uint32_t p, std::uint32_t i) const {
        return replicaBroker(partition.topic, p, i, static_cast<std::uint32_t>(m_nodes.size()));
    }
    bool isReplica(const Partition& partition, std::uint32_t pi, std::uint32_t n) const;
    std::uint32_t replicationFactor(const Partition& partition) const {
        return m_topics[partition.topic].spec.replicationFactor;
    }
    bool leaderUp(const Partition& partition) const {
        return partition.leader != kNoLeader && m_nodes[partition.leader].up;
    }
    // Why the leader of `partition` refuses a write now, if it does: it has none, or an acks=all
    // write finds fewer in-sync replicas than min.insync.replicas.
    DropReason refusal(const Partition& partition, bool allReplicas) const;
    // Writes message `slot` to partition `pi`'s leader, to be copied by its followers: the
    // outcome says when its publisher hears.
    void writeToLeader(std::uint32_t pi, MessageSlot slot, bool confirms, PublishOutcome& outcome);
    // A LeaderElected record: partition `p` of `partition`'s topic is led by broker entity
    // `leader` (0: offline), and `cut` records were cut from it.
    void recordLeader(const Partition& partition, std::uint32_t p, EntityId leader,
                      std::uint32_t cut, bool preferred = false) const;
    // When the tail's first record is on every in-sync replica; SimTime::max() while one of
    // them is stopped.
    SimTime replicatedAt(const Partition& partition, const Unreplicated& record) const;
    // Moves what the followers have copied from the tail into the log, and acknowledges it.
    void replicate(std::uint32_t pi);
    void scheduleReplication(std::uint32_t pi, SimTime at);
    // Schedules the copy of partition `pi`'s first unreplicated record, if it has one, for
    // when it is due now (after a broker stopped, came back, slowed or sped up).
    void replicateWhenDue(std::uint32_t pi);
    // The controller takes stopped broker `n` for dead: out of every in-sync set, and new
    // leaders for what it led.
    void fence(std::uint32_t n);
    // Partition `pi` gets the first in-sync replica that is up as its leader (none: offline).
    void electLeader(std::uint32_t pi);
    // Broker `leader` (in sync and up) leads partition `pi` from now: it keeps what it had copied
    // from the old leader (by when that stopped, or now), and the rest of the tail is cut.
    // `preferred`: the controller gave the partition back to its preferred leader.
    void lead(std::uint32_t pi, std::uint8_t leader, bool preferred);
    // auto.leader.rebalance.enable (KAFKA12): for each broker leading too few of the partitions it
    // is the preferred leader of, those it can lead (up and in sync) go back to it.
    void balanceLeaders();
    // Every group reading partition `pi` reads on (it has a leader again).
    void pumpPartition(std::uint32_t pi);
    void decide(Unreplicated& record, bool written);
    std::uint32_t takeTicket();
    // Appends a record (of `content`) to partition `partition` of `topic`, `log`, where every group
    // reading it takes it on.
    void appendToLog(const Topic& topic, Partition& log, std::uint32_t partition,
                     const LogRecord& record, const MessageContent& content,
                     PublishOutcome* outcome);

    // kafka_broker_cleanup.cpp: cleanup.policy, retention (KAFKA10) and compaction (KAFKA11).
    // Compacts every partition of a compacted topic, deletes the oldest segments retention
    // lets go, and schedules the next pass.
    void cleanUp();
    // Compaction (KAFKA11): in the segments no longer written, removes every record a later
    // one of its key supersedes, and tombstones past delete.retention.ms; offsets stay.
    void compact(std::uint32_t t, std::uint32_t p);
    // Passes over the record cursor `c` of group `g` is at, with nothing in hand: committed
    // and counted skipped, as the consumer never sees it. Returns its offset.
    std::uint64_t passOver(std::uint32_t g, std::uint32_t c);
    // A record compaction removed, reached by cursor `c` of group `g` with nothing in hand:
    // passed over and committed, as a consumer never sees it.
    void passRemoved(std::uint32_t g, std::uint32_t c);
    // A record group `group` skips unread (a purge, retention): dropped for `reason`, or
    // passed over when compaction removed it.
    void dropSkipped(const Group& group, const LogRecord& record, DropReason reason) const;
    // A record about a message compaction removed: by its id, without the message.
    void recordRemoved(RecordKind kind, const LogRecord& record, EntityId entity,
                       DropReason reason) const;
    // How far partition `p` of topic `t` may be deleted now: its first segment kept.
    std::uint64_t retainedFrom(const Topic& topic, std::uint32_t p) const;
    // Deletes partition `p` of topic `t` up to `offset`: a group that had not read that far
    // jumps as auto.offset.reset says, and what it skips is lost to it.
    void deleteUpTo(std::uint32_t t, std::uint32_t p, std::uint64_t offset);

    BrokerEnvironment m_env;
    const EntityTable& m_entities;
    StringTable& m_strings;
    std::vector<Topic> m_topics;
    std::vector<Partition> m_partitions;
    std::vector<Group> m_groups;
    std::vector<GroupCursor> m_cursors;
    std::vector<Member> m_members;                 // by consumer index
    std::vector<Transaction> m_transactions;       // by number - 1
    std::uint64_t m_transactionsEnded[2] = {0, 0}; // aborted, committed
    // The cluster (KAFKA12). A broker of it, numbered from 0 here (from 1 in scenarios).
    struct Node {
        EntityId entity = 0;
        SimTime latency;         // every answer this late (a slow broker)
        std::uint32_t epoch = 0; // of its last stop: a fence timer of an older one is stale
        SimTime stoppedAt;
        std::uint32_t stoppedBy = 0; // the intervention that stopped it (1-based): its losses
        bool up = true;
        bool fenced = false; // the controller took it for dead: out of every in-sync set
    };
    std::vector<Node> m_nodes;
    // Some topic has replicas, or a broker was stopped or slowed: writes go through the
    // cluster's checks (without, a write is in the log at once, as before).
    bool m_cluster = false;
    SimTime m_replicationDelay;
    SimTime m_brokerSessionTimeout;
    SimTime m_leaderImbalanceCheck;
    std::uint32_t m_leaderImbalancePercent = 10;
    RunSummary::Cluster m_clusterCounts;
    std::uint32_t m_nextTicket = 1;
    std::vector<std::uint32_t> m_freeTickets;
    EntityId m_firstTopicEntity = 0;
    EntityId m_firstGroupEntity = 0;
    SimTime m_retentionCheck;
    std::uint32_t m_nullBody = UINT32_MAX; // a tombstone's body, with a compacted topic
};

} // namespace evsim
