#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace evsim {

// A partitioned log's consumer groups at one instant, partition by partition: what the app draws
// as lanes. Rebuilt from the run's records, exactly at the instant: who reads each partition,
// its leader, and the group's own counts (records it took on, from where it started reading,
// committed or skipped, and handed out). The offsets (the log's start, end and last stable
// offset, compaction's holes, the group's committed offset and position) are the broker's, as
// the last metrics sample at or before the instant read them: a log's appends and deletions
// leave no record when no group reads them.
class PartitionLanes {
public:
    // A partition's offsets and the group's place in them, from a metrics sample (KAFKA06).
    struct Offsets {
        PartitionSample log;
        GroupPartitionSample group;
    };
    struct Lane {
        std::uint64_t taken = 0;     // records of the partition the group took on
        std::uint64_t committed = 0; // committed or skipped: where its next owner resumes
        std::uint64_t handedOut = 0; // position: delivered and not given back
        std::uint64_t deleted = 0;   // of the committed, deleted by retention unread (KAFKA10)
        std::uint64_t aborted = 0;   // of the committed, aborted transactions' passed over
        std::uint64_t skipped = 0;   // of the committed, passed unread by a purge or a seek
        std::uint64_t reread = 0;    // of the taken, committed before and read again (a seek)
        std::uint64_t lag() const { return taken - committed; }
        EntityId owner = kNoEntity; // the consumer reading it
        // A cluster's (KAFKA12): the broker leading the partition, and whether it has none
        // that answers (its leader stopped, or no in-sync replica is up).
        EntityId leader = kNoEntity;
        bool noLeader = false;
        bool ownerGone = false; // its session closed: it keeps the partition, unread
        std::uint64_t inHand() const { return handedOut - committed; }
        Offsets offsets; // as sampled (see sampledAt())
    };
    struct Group {
        EntityId entity = kNoEntity;
        std::string name;
        std::string topic;
        std::vector<Lane> lanes; // by partition
        std::uint32_t generation = 0;
        std::uint32_t members = 0;  // in the last rebalance
        bool readCommitted = false; // isolation.level (KAFKA09)
        std::uint64_t lag() const;
        // The sampled lag (KAFKA06): the offsets' lag summed over the partitions.
        std::uint64_t sampledLag() const;
        // Where its partitions and cursors are in a metrics sample's vectors.
        std::size_t firstPartition = 0;
        std::size_t firstCursor = 0;
    };

    // The groups of `scenario` (none unless its broker is a partitioned log), numbered as
    // `entities` numbers them.
    PartitionLanes(const Scenario& scenario, const EntityTable& entities);

    // Records must be applied in order, from the run's first.
    void apply(const Record& r);
    std::uint64_t applied() const { return m_applied; }
    // Takes the offsets of `sample`, the last one at or before the instant shown; nullptr (none
    // yet) forgets them.
    void sample(const MetricsSample* sample);
    // When the offsets were sampled: nullopt before the first sample.
    std::optional<SimTime> sampledAt() const { return m_sampledAt; }
    const std::vector<Group>& groups() const { return m_groups; }

private:
    Group* groupOf(EntityId entity);
    Lane* laneOf(EntityId group, std::uint32_t message);

    // A cluster's stop or return of broker `node`, or a new leader `leader` (kNoEntity: none)
    // of partition `p` of `topic`.
    void brokerStopped(EntityId node, bool stopped);
    void leaderElected(EntityId topic, std::uint32_t p, EntityId leader);

    std::vector<Group> m_groups;
    std::vector<EntityId> m_topicOf; // by group, in m_groups' order: its topic's entity
    std::unordered_map<EntityId, std::size_t> m_byEntity;
    // Where each record a group has not committed yet sits: (group << 32 | message) ->
    // partition. Looked up, never iterated.
    std::unordered_map<std::uint64_t, std::uint32_t> m_partitionOf;
    // The lane a seek just moved back: the Enqueued records that follow its Seeked record at
    // once are records it reads again.
    EntityId m_seekingGroup = kNoEntity; // none while no seek is going on
    std::uint32_t m_seekingPartition = 0;
    std::uint64_t m_applied = 0;
    std::optional<SimTime> m_sampledAt;
};

} // namespace evsim
