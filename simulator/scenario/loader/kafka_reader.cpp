#include "simulator/scenario/loader/kafka_reader.h"

#include "simulator/scenario/loader/member_reader.h"

#include <algorithm>
#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 10> kTopicKeys{"name",
                                                      "partitions",
                                                      "retention",
                                                      "retention_bytes",
                                                      "segment",
                                                      "segment_bytes",
                                                      "cleanup_policy",
                                                      "delete_retention",
                                                      "replication_factor",
                                                      "min_insync_replicas"};
// cleanup.policy: "compact,delete" compacts and applies retention.
constexpr std::array<std::string_view, 3> kCleanupPolicies{"delete", "compact", "compact,delete"};
constexpr std::array<std::string_view, 6> kGroupKeys{
    "name", "topic", "assignor", "auto_offset_reset", "session_timeout", "isolation"};
// isolation.level (KAFKA09).
constexpr std::array<std::string_view, 2> kIsolations{"read_uncommitted", "read_committed"};
constexpr std::array<std::string_view, 3> kAssignors{"range", "roundrobin", "cooperative-sticky"};
constexpr std::array<std::string_view, 2> kResets{"latest", "earliest"};

constexpr Limit kMaxTopics{100'000, "far more topics than a cluster is run with; a generated file "
                                    "gone wrong?"};
constexpr Limit kMaxGroups{100'000, "far more consumer groups than a cluster is run with; a "
                                    "generated file gone wrong?"};
// Kafka itself advises against more than a few thousand partitions per broker.
// A petabyte: past any disk a partition lives on.
constexpr Limit kMaxBytes{std::uint64_t{1} << 50,
                          "a petabyte is past any disk a partition lives on"};
constexpr Limit kMaxPartitions{10'000, "Kafka advises a few thousand partitions per broker at "
                                       "most; a topic rarely has more than a few hundred"};

constexpr Limit kMaxPercentage{100, "a share of a broker's partitions, in percent"};

} // namespace

void KafkaReader::read(const Json& v, const std::string& path, KafkaSpec& spec) const {
    m_names.useLogWords();
    const MemberReader members(m_values, v, path);
    members.positiveDuration("retention_check_interval", spec.retentionCheck);
    members.integer("brokers", spec.brokers, 1, kMaxBrokers);
    m_names.setClusterBrokers(spec.brokers);
    members.duration("replication_delay", spec.replicationDelay);
    members.positiveDuration("broker_session_timeout", spec.brokerSessionTimeout);
    members.boolean("auto_leader_rebalance", spec.autoLeaderRebalance);
    members.positiveDuration("leader_imbalance_check_interval", spec.leaderImbalanceCheck);
    members.integer("leader_imbalance_per_broker_percentage", spec.leaderImbalancePercent, 0,
                    kMaxPercentage);
    if (!m_values.forEach(v, path, "topics", kMaxTopics,
                          [&](const Json& t, const std::string& p) { readTopic(t, p, spec); })) {
        m_names.markIncomplete(NameKind::Exchange);
    }
    if (!m_values.forEach(v, path, "groups", kMaxGroups,
                          [&](const Json& g, const std::string& p) { readGroup(g, p, spec); })) {
        m_names.markIncomplete(NameKind::Queue);
    }
}

void KafkaReader::readTopic(const Json& t, const std::string& p, KafkaSpec& spec) const {
    const Json* name =
        m_values.isObject(t, p, kTopicKeys) ? m_values.require(t, p, "name") : nullptr;
    const auto n = name ? m_values.readString(*name, at(p, "name"), true) : std::nullopt;
    if (!n) {
        m_names.markIncomplete(NameKind::Exchange);
        return;
    }
    m_names.declare(NameKind::Exchange, *n, at(p, "name"));
    TopicSpec topic;
    topic.name = *n;
    const MemberReader members(m_values, t, p);
    members.integer("partitions", topic.partitions, 1, kMaxPartitions);
    members.positiveDuration("retention", topic.retention);
    members.positiveDuration("segment", topic.segment);
    members.positiveDuration("delete_retention", topic.deleteRetention);
    if (const Json* policy = members.find("cleanup_policy")) {
        const auto p2 = m_values.readChoice(*policy, members.pathOf("cleanup_policy"),
                                            "cleanup policy", kCleanupPolicies);
        topic.compact = p2 && *p2 != "delete";
        topic.deletes = !p2 || *p2 != "compact";
    }
    if (const Json* bytes = members.find("retention_bytes")) {
        topic.retentionBytes =
            m_values.readInteger(*bytes, members.pathOf("retention_bytes"), 1, kMaxBytes);
    }
    if (const Json* bytes = members.find("segment_bytes")) {
        topic.segmentBytes =
            m_values.readInteger(*bytes, members.pathOf("segment_bytes"), 1, kMaxBytes)
                .value_or(topic.segmentBytes);
    }
    readReplication(members, spec.brokers, topic);
    spec.topics.push_back(std::move(topic));
}

void KafkaReader::readReplication(const MemberReader& members, std::uint32_t brokers,
                                  TopicSpec& topic) const {
    if (members.integer("replication_factor", topic.replicationFactor, 1, kMaxBrokers) &&
        topic.replicationFactor > brokers) {
        m_context.fail(Code::OutOfRange, members.pathOf("replication_factor"),
                       "\"replication_factor\" is " + std::to_string(topic.replicationFactor) +
                           ", more than the cluster's " + std::to_string(brokers) +
                           (brokers == 1 ? " broker" : " brokers"),
                       "each replica of a partition lives on a broker of its own: raise "
                       "the broker's \"brokers\", or lower the factor");
        topic.replicationFactor = brokers;
    }
    if (members.integer("min_insync_replicas", topic.minInsyncReplicas, 1, kMaxBrokers) &&
        topic.minInsyncReplicas > topic.replicationFactor) {
        // Kafka takes the topic and refuses every acks=all write to it; that is a mistake here.
        m_context.fail(Code::OutOfRange, members.pathOf("min_insync_replicas"),
                       "\"min_insync_replicas\" is " + std::to_string(topic.minInsyncReplicas) +
                           ", more than the topic's " + std::to_string(topic.replicationFactor) +
                           " replicas",
                       "no acks=all write could ever be taken: at most "
                       "\"replication_factor\"");
        topic.minInsyncReplicas = topic.replicationFactor;
    }
}

void KafkaReader::readGroup(const Json& g, const std::string& p, KafkaSpec& spec) const {
    const Json* name =
        m_values.isObject(g, p, kGroupKeys) ? m_values.require(g, p, "name") : nullptr;
    const auto n = name ? m_values.readString(*name, at(p, "name"), true) : std::nullopt;
    if (!n) {
        m_names.markIncomplete(NameKind::Queue);
        return;
    }
    m_names.declare(NameKind::Queue, *n, at(p, "name"));
    GroupSpec group;
    group.name = *n;
    if (const Json* topic = m_values.require(g, p, "topic")) {
        group.topic = m_values.readString(*topic, at(p, "topic"), true).value_or("");
        if (!group.topic.empty()) {
            m_names.check(NameKind::Exchange, group.topic, at(p, "topic"));
            const auto topic =
                std::find_if(spec.topics.begin(), spec.topics.end(),
                             [&](const TopicSpec& t) { return t.name == group.topic; });
            if (topic != spec.topics.end()) {
                m_names.setGroupPartitions(group.name, topic->partitions);
            }
        }
    }
    if (g.contains("assignor")) {
        const auto a =
            m_values.readChoice(g["assignor"], at(p, "assignor"), "assignor", kAssignors);
        group.assignor = !a || *a == "range"  ? AssignorKind::Range
                         : *a == "roundrobin" ? AssignorKind::RoundRobin
                                              : AssignorKind::CooperativeSticky;
    }
    if (g.contains("auto_offset_reset")) {
        const auto r = m_values.readChoice(g["auto_offset_reset"], at(p, "auto_offset_reset"),
                                           "auto_offset_reset", kResets);
        group.reset = r && *r == "earliest" ? OffsetReset::Earliest : OffsetReset::Latest;
    }
    MemberReader(m_values, g, p).positiveDuration("session_timeout", group.sessionTimeout);
    if (g.contains("isolation")) {
        const auto i =
            m_values.readChoice(g["isolation"], at(p, "isolation"), "isolation", kIsolations);
        group.readCommitted = i && *i == "read_committed";
    }
    spec.groups.push_back(std::move(group));
}

} // namespace evsim::loader
