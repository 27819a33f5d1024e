#include "harness/session/partition_lanes.h"

namespace evsim {
namespace {

std::uint64_t keyOf(EntityId group, std::uint32_t message) {
    return static_cast<std::uint64_t>(group) << 32 | message;
}

} // namespace

std::uint64_t PartitionLanes::Group::lag() const {
    std::uint64_t n = 0;
    for (const Lane& l : lanes) {
        n += l.lag();
    }
    return n;
}

std::uint64_t PartitionLanes::Group::sampledLag() const {
    std::uint64_t n = 0;
    for (const Lane& l : lanes) {
        n += l.offsets.group.lag;
    }
    return n;
}

PartitionLanes::PartitionLanes(const Scenario& scenario, const EntityTable& entities) {
    if (scenario.broker.kind != BrokerKind::Kafka) {
        return;
    }
    std::size_t cursors = 0;
    for (const GroupSpec& g : scenario.broker.kafka.groups) {
        Group group;
        group.entity = entities.find(EntityKind::Queue, g.name);
        group.name = g.name;
        group.topic = g.topic;
        group.readCommitted = g.readCommitted;
        const std::vector<TopicSpec>& topics = scenario.broker.kafka.topics;
        const std::uint32_t brokers = scenario.broker.kafka.brokers;
        std::size_t partitions = 0; // of the topics before the group's
        for (std::uint32_t t = 0; t < topics.size(); ++t) {
            if (topics[t].name == g.topic) {
                group.firstPartition = partitions;
                group.lanes.resize(topics[t].partitions);
                // The preferred leaders, as the broker places them (KAFKA12).
                for (std::uint32_t p = 0; p < topics[t].partitions && brokers > 1; ++p) {
                    group.lanes[p].leader = entities.find(
                        EntityKind::Broker, clusterBrokerName(replicaBroker(t, p, 0, brokers) + 1));
                }
            }
            partitions += topics[t].partitions;
        }
        group.firstCursor = cursors;
        cursors += group.lanes.size();
        m_topicOf.push_back(entities.find(EntityKind::Exchange, g.topic));
        m_byEntity.emplace(group.entity, m_groups.size());
        m_groups.push_back(std::move(group));
    }
}

PartitionLanes::Group* PartitionLanes::groupOf(EntityId entity) {
    const auto it = m_byEntity.find(entity);
    return it == m_byEntity.end() ? nullptr : &m_groups[it->second];
}

PartitionLanes::Lane* PartitionLanes::laneOf(EntityId group, std::uint32_t message) {
    Group* g = groupOf(group);
    const auto it = m_partitionOf.find(keyOf(group, message));
    if (g == nullptr || it == m_partitionOf.end() || it->second >= g->lanes.size()) {
        return nullptr;
    }
    return &g->lanes[it->second];
}

void PartitionLanes::apply(const Record& r) {
    ++m_applied;
    if (m_groups.empty()) {
        return;
    }
    if (r.entity != m_seekingGroup ||
        (r.kind != RecordKind::Enqueued && r.kind != RecordKind::Dropped)) {
        m_seekingGroup = kNoEntity;
    }
    switch (r.kind) {
    case RecordKind::Enqueued:
        if (Group* g = groupOf(r.entity); g != nullptr && r.attempt < g->lanes.size()) {
            ++g->lanes[r.attempt].taken;
            m_partitionOf[keyOf(r.entity, r.message)] = r.attempt;
            if (r.entity == m_seekingGroup && r.attempt == m_seekingPartition) {
                ++g->lanes[r.attempt].reread;
            }
        }
        break;
    case RecordKind::Seeked:
        if (Group* g = groupOf(r.entity); g != nullptr && r.attempt < g->lanes.size()) {
            m_seekingGroup = r.entity;
            m_seekingPartition = r.attempt;
        }
        break;
    case RecordKind::Delivered:
        if (Lane* l = laneOf(r.entity, r.message)) {
            ++l->handedOut;
        }
        break;
    case RecordKind::Requeued:
        if (Lane* l = laneOf(r.entity, r.message)) {
            --l->handedOut;
        }
        break;
    case RecordKind::Acked:
    case RecordKind::Dropped:
        if (Lane* l = laneOf(r.entity, r.message)) {
            ++l->committed;
            const auto reason = static_cast<DropReason>(r.detail);
            if (r.kind == RecordKind::Dropped &&
                (reason == DropReason::Purged || reason == DropReason::Retention ||
                 reason == DropReason::Compacted || reason == DropReason::Aborted ||
                 reason == DropReason::Skipped)) {
                ++l->handedOut; // skipped without being handed out
                l->deleted += reason == DropReason::Retention ? 1 : 0;
                l->aborted += reason == DropReason::Aborted ? 1 : 0;
                l->skipped += reason == DropReason::Purged || reason == DropReason::Skipped;
            }
            m_partitionOf.erase(keyOf(r.entity, r.message));
        }
        break;
    case RecordKind::PartitionAssigned:
    case RecordKind::PartitionRevoked:
        if (Group* g = groupOf(r.aux); g != nullptr && r.attempt < g->lanes.size()) {
            // A member is assigned partitions only when it takes part: its session is open.
            const bool assigned = r.kind == RecordKind::PartitionAssigned;
            g->lanes[r.attempt].owner = assigned ? r.entity : kNoEntity;
            g->lanes[r.attempt].ownerGone = false;
        }
        break;
    case RecordKind::ChannelClosed:
        if (Group* g = groupOf(r.aux)) {
            for (Lane& lane : g->lanes) {
                lane.ownerGone = lane.ownerGone || lane.owner == r.entity;
            }
        }
        break;
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded:
        if (static_cast<FaultKind>(r.detail) == FaultKind::BrokerDown) {
            brokerStopped(r.entity, r.kind == RecordKind::FaultStarted);
        }
        break;
    case RecordKind::LeaderElected:
        leaderElected(r.entity, r.attempt, r.aux == 0 ? kNoEntity : r.aux);
        break;
    case RecordKind::Rebalanced:
        if (Group* g = groupOf(r.entity)) {
            g->generation = r.attempt;
            g->members = r.detail;
        }
        break;
    default:
        break;
    }
}

void PartitionLanes::sample(const MetricsSample* sample) {
    m_sampledAt.reset();
    for (Group& g : m_groups) {
        for (std::size_t p = 0; p < g.lanes.size(); ++p) {
            Offsets& o = g.lanes[p].offsets;
            const bool has = sample != nullptr &&
                             g.firstPartition + p < sample->partitions.size() &&
                             g.firstCursor + p < sample->groupPartitions.size();
            o.log = has ? sample->partitions[g.firstPartition + p] : PartitionSample{};
            o.group = has ? sample->groupPartitions[g.firstCursor + p] : GroupPartitionSample{};
        }
    }
    if (sample != nullptr) {
        m_sampledAt = sample->time;
    }
}

void PartitionLanes::brokerStopped(EntityId node, bool stopped) {
    for (Group& g : m_groups) {
        for (Lane& lane : g.lanes) {
            if (lane.leader == node && lane.leader != kNoEntity) {
                lane.noLeader = stopped;
            }
        }
    }
}

void PartitionLanes::leaderElected(EntityId topic, std::uint32_t p, EntityId leader) {
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        if (m_topicOf[g] == topic && p < m_groups[g].lanes.size()) {
            Lane& lane = m_groups[g].lanes[p];
            lane.noLeader = leader == kNoEntity;
            if (leader != kNoEntity) {
                lane.leader = leader;
            }
        }
    }
}

} // namespace evsim
