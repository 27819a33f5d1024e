// The cluster under a partitioned log (KAFKA12): brokers, each partition's replicas on them, its
// leader and in-sync set; records copied from leader to followers; brokers that stop, come
// back or answer late.
#include "simulator/broker/kafka/kafka_broker.h"

#include <bit>

namespace evsim {

void KafkaBroker::placeReplicas(const KafkaSpec& spec, EntityTable& entities) {
    m_replicationDelay = spec.replicationDelay;
    m_brokerSessionTimeout = spec.brokerSessionTimeout;
    m_leaderImbalanceCheck = spec.leaderImbalanceCheck;
    m_leaderImbalancePercent = spec.leaderImbalancePercent;
    m_nodes.resize(spec.brokers);
    if (spec.brokers > 1 && spec.autoLeaderRebalance) {
        m_env.timer(m_env.now + m_leaderImbalanceCheck, 0, kLeaderBalance);
    }
    // A cluster of one is the broker itself (setBrokerEntity), and adds no entity of its own.
    for (std::uint32_t n = 0; n < spec.brokers && spec.brokers > 1; ++n) {
        m_nodes[n].entity = entities.add(EntityKind::Broker, clusterBrokerName(n + 1));
    }
    for (std::uint32_t pi = 0; pi < m_partitions.size(); ++pi) {
        Partition& partition = m_partitions[pi];
        const std::uint32_t first = pi - m_topics[partition.topic].firstPartition;
        partition.leader = static_cast<std::uint8_t>(replica(partition, first, 0));
        partition.inSync = 0;
        for (std::uint32_t i = 0; i < replicationFactor(partition); ++i) {
            partition.inSync |= std::uint64_t{1} << replica(partition, first, i);
        }
        m_cluster = m_cluster || replicationFactor(partition) > 1;
    }
}

DropReason KafkaBroker::refusal(const Partition& partition, bool allReplicas) const {
    if (!leaderUp(partition)) {
        return DropReason::NotLeader;
    }
    if (allReplicas && static_cast<std::uint32_t>(std::popcount(partition.inSync)) <
                           m_topics[partition.topic].spec.minInsyncReplicas) {
        return DropReason::NotEnoughReplicas;
    }
    return DropReason::None;
}

std::uint32_t KafkaBroker::takeTicket() {
    if (m_freeTickets.empty()) {
        return m_nextTicket++;
    }
    const std::uint32_t ticket = m_freeTickets.back();
    m_freeTickets.pop_back();
    return ticket;
}

void KafkaBroker::decide(Unreplicated& record, bool written) {
    if (record.ticket == 0) {
        return;
    }
    const std::uint32_t ticket = record.ticket;
    record.ticket = 0;
    m_freeTickets.push_back(ticket);
    m_env.sink.publishDecided(ticket, written);
}

void KafkaBroker::writeToLeader(std::uint32_t pi, MessageSlot slot, bool confirms,
                                PublishOutcome& outcome) {
    Partition& partition = m_partitions[pi];
    Unreplicated record{slot, m_env.now, 0, true};
    if (!confirms) {
        // acks=0: nobody waits.
    } else if ((m_env.messages.content(slot).flags & Message::kLeaderAck) != 0) {
        outcome.confirmDelay = m_nodes[partition.leader].latency; // acks=1: the leader answers
    } else {
        // acks=all: the answer waits for every in-sync replica.
        record.ticket = takeTicket();
        record.acknowledged = false;
        outcome.deferred = record.ticket;
    }
    partition.tail.push_back(record);
    m_env.record(RecordKind::WrittenToLeader, slot, m_topics[partition.topic].entity,
                 m_nodes[partition.leader].entity, 0,
                 static_cast<std::uint16_t>(pi - m_topics[partition.topic].firstPartition));
    replicateWhenDue(pi);
}

void KafkaBroker::replicateWhenDue(std::uint32_t pi) {
    const Partition& partition = m_partitions[pi];
    if (!partition.tail.empty()) {
        scheduleReplication(pi, replicatedAt(partition, partition.tail.front()));
    }
}

SimTime KafkaBroker::replicatedAt(const Partition& partition, const Unreplicated& record) const {
    if (!leaderUp(partition)) {
        return SimTime::max();
    }
    // The slowest in-sync replica decides; the leader answers its followers' fetches.
    SimTime slowest = m_nodes[partition.leader].latency;
    bool followers = false;
    for (std::uint64_t set = partition.inSync; set != 0; set &= set - 1) {
        const auto n = static_cast<std::uint32_t>(std::countr_zero(set));
        if (n == partition.leader) {
            continue;
        }
        if (!m_nodes[n].up) {
            return SimTime::max(); // it copies nothing until it is back or fenced
        }
        followers = true;
        slowest = std::max(slowest, m_nodes[n].latency);
    }
    return record.writtenAt + (followers ? m_replicationDelay : SimTime::zero()) + slowest;
}

void KafkaBroker::scheduleReplication(std::uint32_t pi, SimTime at) {
    Partition& partition = m_partitions[pi];
    if (at == SimTime::max() || at >= partition.replicateAt) {
        return;
    }
    partition.replicateAt = std::max(at, m_env.now);
    m_env.timer(partition.replicateAt, pi, kReplicate);
}

void KafkaBroker::replicate(std::uint32_t pi) {
    Partition& partition = m_partitions[pi];
    if (partition.replicateAt != m_env.now) {
        return; // an earlier timer took its place
    }
    partition.replicateAt = SimTime::max();
    while (!partition.tail.empty()) {
        const SimTime at = replicatedAt(partition, partition.tail.front());
        if (at > m_env.now) {
            scheduleReplication(pi, at);
            return;
        }
        Unreplicated record = partition.tail.front();
        partition.tail.pop_front();
        // In the log from now, as of when the leader wrote it (its timestamp).
        const Topic& topic = m_topics[partition.topic];
        appendToLog(topic, partition, pi - topic.firstPartition,
                    LogRecord{record.slot, m_env.messages.id(record.slot), record.writtenAt},
                    m_env.messages.content(record.slot), nullptr);
        decide(record, true);
    }
}

void KafkaBroker::setNodeUp(std::uint32_t node, bool up) {
    Node& n = m_nodes[node - 1];
    if (n.up == up) {
        return;
    }
    m_cluster = true;
    n.up = up;
    ++n.epoch;
    const auto b = static_cast<std::uint8_t>(node - 1);
    if (!up) {
        n.stoppedAt = m_env.now;
        n.stoppedBy = m_env.losses.currentCause();
        // Its connections drop: what waits for it to acknowledge fails, and its producers try
        // again (to it, until the controller names another leader).
        for (Partition& partition : m_partitions) {
            if (partition.leader == b) {
                for (Unreplicated& record : partition.tail) {
                    decide(record, false);
                }
            }
        }
        m_env.timer(m_env.now + m_brokerSessionTimeout, node - 1,
                    (n.epoch << kTimerKindBits) | kFence);
        return;
    }
    const bool wasFenced = n.fenced;
    n.fenced = false;
    for (std::uint32_t pi = 0; pi < m_partitions.size(); ++pi) {
        Partition& partition = m_partitions[pi];
        if (!isReplica(partition, pi, b)) {
            continue;
        }
        if (partition.leader == b) {
            pumpPartition(pi); // back before the controller noticed: it still leads
        } else if (partition.leader == kNoLeader) {
            if (((partition.inSync >> b) & 1) != 0) {
                electLeader(pi); // the last in-sync replica is back: it leads
            }
        } else if (wasFenced) {
            // It catches up from the leader and is in sync again; the fetch that brings it level
            // is taken to be one replication delay, however far behind it was.
            partition.inSync |= std::uint64_t{1} << b;
        }
        replicateWhenDue(pi);
    }
}

bool KafkaBroker::isReplica(const Partition& partition, std::uint32_t pi, std::uint32_t n) const {
    const std::uint32_t p = pi - m_topics[partition.topic].firstPartition;
    for (std::uint32_t i = 0; i < replicationFactor(partition); ++i) {
        if (replica(partition, p, i) == n) {
            return true;
        }
    }
    return false;
}

void KafkaBroker::fence(std::uint32_t n) {
    m_nodes[n].fenced = true;
    m_env.losses.setCurrentCause(m_nodes[n].stoppedBy); // what it cuts is that stop's loss
    for (std::uint32_t pi = 0; pi < m_partitions.size(); ++pi) {
        Partition& partition = m_partitions[pi];
        const std::uint64_t bit = std::uint64_t{1} << n;
        if ((partition.inSync & bit) == 0) {
            continue;
        }
        // Kafka never empties an in-sync set: its last member stays, and the partition waits
        // for it (unclean.leader.election.enable is false).
        if (partition.inSync != bit) {
            partition.inSync &= ~bit;
        }
        if (partition.leader == n) {
            electLeader(pi);
        } else {
            replicateWhenDue(pi);
        }
    }
    m_env.losses.setCurrentCause(0);
}

void KafkaBroker::electLeader(std::uint32_t pi) {
    Partition& partition = m_partitions[pi];
    const std::uint32_t first = pi - m_topics[partition.topic].firstPartition;
    std::uint8_t leader = kNoLeader;
    for (std::uint32_t i = 0; i < replicationFactor(partition) && leader == kNoLeader; ++i) {
        const std::uint32_t n = replica(partition, first, i);
        if (((partition.inSync >> n) & 1) != 0 && m_nodes[n].up) {
            leader = static_cast<std::uint8_t>(n);
        }
    }
    if (leader == kNoLeader) {
        // Offline until its last in-sync replica is back (unclean.leader.election.enable is
        // false: a replica that is not in sync never leads).
        if (partition.leader != kNoLeader) {
            partition.formerLeader = partition.leader;
            partition.leader = kNoLeader;
            recordLeader(partition, first, 0, 0);
        }
        return;
    }
    lead(pi, leader, false);
}

void KafkaBroker::lead(std::uint32_t pi, std::uint8_t leader, bool preferred) {
    Partition& partition = m_partitions[pi];
    const Topic& topic = m_topics[partition.topic];
    const std::uint32_t first = pi - topic.firstPartition;
    const std::uint8_t former =
        partition.leader == kNoLeader ? partition.formerLeader : partition.leader;
    // The new leader has what it had copied from the old one: by when that stopped, or by now
    // when the controller moves leadership from a running leader. The rest of the old leader's
    // tail is cut, and what its producers took for written is lost (acks=1: the old leader
    // truncates its log to the new leader's).
    const Node& old = m_nodes[former];
    const SimTime copiedBy = preferred ? m_env.now : old.stoppedAt;
    const SimTime lag = m_replicationDelay + std::max(old.latency, m_nodes[leader].latency);
    std::size_t kept = 0;
    while (kept < partition.tail.size() &&
           (leader == former || partition.tail[kept].writtenAt + lag <= copiedBy)) {
        ++kept;
    }
    const auto cut = static_cast<std::uint32_t>(partition.tail.size() - kept);
    for (std::size_t i = kept; i < partition.tail.size(); ++i) {
        Unreplicated& record = partition.tail[i];
        decide(record, false);
        m_env.drop(DropReason::Truncated, record.slot, topic.entity, 0, 0, record.acknowledged);
        ++m_clusterCounts.cut;
        m_clusterCounts.cutAcknowledged += record.acknowledged ? 1 : 0;
        m_env.messages.release(record.slot);
    }
    partition.tail.resize(kept);
    partition.leader = leader;
    // Replicas that came back while it was offline catch up from the new leader.
    for (std::uint32_t i = 0; i < replicationFactor(partition); ++i) {
        const std::uint32_t n = replica(partition, first, i);
        if (m_nodes[n].up) {
            partition.inSync |= std::uint64_t{1} << n;
        }
    }
    recordLeader(partition, first, m_nodes[leader].entity, cut, preferred);
    replicateWhenDue(pi); // the other in-sync replicas copy what it kept from the new leader
    pumpPartition(pi);
}

void KafkaBroker::balanceLeaders() {
    for (std::uint32_t n = 0; n < m_nodes.size(); ++n) {
        // Kafka's check: of the partitions broker n is the preferred leader of, the share led
        // elsewhere must not pass leader.imbalance.per.broker.percentage.
        std::uint64_t preferredHere = 0;
        std::uint64_t ledElsewhere = 0;
        for (std::uint32_t pi = 0; pi < m_partitions.size(); ++pi) {
            const Partition& partition = m_partitions[pi];
            if (replica(partition, pi - m_topics[partition.topic].firstPartition, 0) == n) {
                ++preferredHere;
                ledElsewhere += partition.leader != n ? 1 : 0;
            }
        }
        if (ledElsewhere * 100 <= preferredHere * m_leaderImbalancePercent) {
            continue;
        }
        // Only to a preferred leader that is up and in sync; an offline partition waits for
        // its own election.
        for (std::uint32_t pi = 0; pi < m_partitions.size() && m_nodes[n].up; ++pi) {
            const Partition& partition = m_partitions[pi];
            if (replica(partition, pi - m_topics[partition.topic].firstPartition, 0) == n &&
                partition.leader != n && partition.leader != kNoLeader &&
                ((partition.inSync >> n) & 1) != 0) {
                lead(pi, static_cast<std::uint8_t>(n), true);
            }
        }
    }
    m_env.timer(m_env.now + m_leaderImbalanceCheck, 0, kLeaderBalance);
}

void KafkaBroker::recordLeader(const Partition& partition, std::uint32_t p, EntityId leader,
                               std::uint32_t cut, bool preferred) const {
    m_env.log.append(Record{m_env.now, cut, m_topics[partition.topic].entity, leader,
                            RecordKind::LeaderElected, static_cast<std::uint8_t>(preferred ? 1 : 0),
                            static_cast<std::uint16_t>(p)},
                     nullptr);
}

void KafkaBroker::pumpPartition(std::uint32_t pi) {
    const Topic& topic = m_topics[m_partitions[pi].topic];
    for (const std::uint32_t g : topic.groups) {
        pump(g, m_groups[g].firstCursor + (pi - topic.firstPartition));
    }
}

void KafkaBroker::setNodeLatency(std::uint32_t node, SimTime latency) {
    m_cluster = true;
    m_nodes[node - 1].latency = latency;
    // A shorter wait may make records due before their timers: look again now.
    for (std::uint32_t pi = 0; pi < m_partitions.size(); ++pi) {
        replicateWhenDue(pi);
    }
}

} // namespace evsim
