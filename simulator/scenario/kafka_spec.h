#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// The spec of a partitioned-log broker (kind "kafka") as a scenario declares it: topics of
// partitions, and the consumer groups that read them, with Kafka's names and defaults
// (Kafka 3.x, docs/semantics.md KAFKA rows).

struct TopicSpec {
    std::string name;
    std::uint32_t partitions = 1;
    // Retention (KAFKA10): a partition deletes its oldest segment once its last record is older
    // than `retention` (retention.ms), or while the partition without it still holds
    // `retentionBytes` (retention.bytes). Neither given: the topic keeps its records for the
    // run (Kafka's default keeps them 7 days).
    std::optional<SimTime> retention{};
    std::optional<std::uint64_t> retentionBytes{};
    // When a partition starts a new segment (segment.ms, segment.bytes): retention deletes
    // whole segments, never the one being written.
    SimTime segment = SimTime::fromSeconds(7 * 24 * 3600);
    std::uint64_t segmentBytes = std::uint64_t{1} << 30;
    // cleanup.policy compact (KAFKA11): the log keeps at least the last record of each key;
    // a tombstone (a record whose body is null) is itself removed `deleteRetention`
    // (delete.retention.ms) after it was written.
    bool compact = false;
    bool deletes = true; // "delete" in cleanup.policy: retention applies
    // Copies of each partition, on as many brokers (replication.factor, KAFKA12), and how many
    // of them must be in sync for an acks=all write to be taken (min.insync.replicas).
    std::uint32_t replicationFactor = 1;
    std::uint32_t minInsyncReplicas = 1;
    SimTime deleteRetention = SimTime::fromSeconds(24 * 3600);
    bool retains() const {
        return deletes && (retention.has_value() || retentionBytes.has_value());
    }
    // Kept in segments: something deletes or compacts them.
    bool segmented() const { return retains() || compact; }
};

// partition.assignment.strategy (KAFKA03).
enum class AssignorKind : std::uint8_t {
    Range,             // "range": eager, every partition revoked at a rebalance
    RoundRobin,        // "roundrobin": eager
    CooperativeSticky, // "cooperative-sticky": only partitions that move are revoked
};

// auto.offset.reset (KAFKA07): where a group with no committed offset starts reading.
enum class OffsetReset : std::uint8_t {
    Latest,   // at the log's end when it first joins: what was written before is not its
    Earliest, // at the log's start: it reads the whole history
};

// A consumer group: the services that consume it are its members, one per instance.
struct GroupSpec {
    std::string name;
    std::string topic;
    AssignorKind assignor = AssignorKind::Range;
    OffsetReset reset = OffsetReset::Latest;
    // session.timeout.ms: how long a member that stopped heartbeating (it crashed, its
    // network is cut) keeps its partitions before the group rebalances without it.
    SimTime sessionTimeout = SimTime::fromSeconds(45);
    // isolation.level read_committed (KAFKA09): the group reads a partition only up to its
    // first open transaction, and passes over what aborted transactions wrote. Kafka's
    // default, read_uncommitted, reads every record as it is written.
    bool readCommitted = false;
};

struct KafkaSpec {
    std::vector<TopicSpec> topics;
    std::vector<GroupSpec> groups;
    // The cluster (KAFKA12): `brokers` nodes, numbered from 1, partitions' replicas spread over
    // them. A follower copies a record `replicationDelay` after its leader wrote it (a fetch's
    // round trip); the controller takes a broker that stopped heartbeating for dead after
    // `brokerSessionTimeout` (broker.session.timeout.ms) and elects new leaders then.
    std::uint32_t brokers = 1;
    SimTime replicationDelay = SimTime::fromMillis(2);
    SimTime brokerSessionTimeout = SimTime::fromSeconds(9);
    // auto.leader.rebalance.enable: every `leaderImbalanceCheck`
    // (leader.imbalance.check.interval.seconds) the controller gives each partition led away from
    // its preferred leader back to it, for every broker whose share of such partitions is above
    // `leaderImbalancePercent` (leader.imbalance.per.broker.percentage).
    bool autoLeaderRebalance = true;
    SimTime leaderImbalanceCheck = SimTime::fromSeconds(300);
    std::uint32_t leaderImbalancePercent = 10;
    // log.retention.check.interval.ms: how often the broker deletes what retention lets go.
    SimTime retentionCheck = SimTime::fromSeconds(5 * 60);
};

// The broker (from 0) holding replica `i` of partition `p` of the `t`-th topic, in a cluster of
// `brokers` (KAFKA12), replica 0 its preferred leader. Kafka spreads leaders round-robin and puts
// a partition's followers on the brokers after its leader's; here each topic starts one broker
// after the one before it, where Kafka starts each at random.
constexpr std::uint32_t replicaBroker(std::uint32_t t, std::uint32_t p, std::uint32_t i,
                                      std::uint32_t brokers) {
    return (t + p + i) % brokers;
}

// The entity name of broker `broker` (from 1) of a cluster: "broker-2".
inline std::string clusterBrokerName(std::uint32_t broker) {
    return "broker-" + std::to_string(broker);
}

} // namespace evsim
