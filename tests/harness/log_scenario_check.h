#pragma once

// Checks a bundled partitioned-log scenario over many seeds: INV01 as a log means it (every
// record written is committed by every group that reads it from the start, skipped, or still
// its lag at the end) and INV03 (within a partition a group processes records for the first
// time in the order they were written).
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace evsim::testkit {

inline constexpr const char* kLogScenarios[] = {"kafka-consumer-group-rebalance.json",
                                                "kafka-replay-new-group.json",
                                                "kafka-ordering-per-key.json",
                                                "kafka-ordering-retry-topics.json",
                                                "kafka-lag.json",
                                                "kafka-transactions.json",
                                                "kafka-broker-failover.json",
                                                "kafka-exactly-once.json"};

inline void expectLogScenarioHolds(const std::string& file, std::uint64_t seeds) {
    const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/" + file);
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        Scenario scenario = *loaded.value;
        scenario.seed = seed;
        Simulation sim(scenario);
        sim.run();
        ASSERT_FALSE(sim.stalled()) << file << " seed " << seed;
        const RunSummary s = sim.summary();
        ASSERT_TRUE(s.conservation.balanced()) << file << " seed " << seed;
        // What each group took on, and what any group of each topic did: a group that starts
        // at the earliest offset misses nothing of its topic (with one topic, nothing written).
        std::map<EntityId, std::set<std::uint32_t>> takenBy;
        std::map<EntityId, std::set<std::uint32_t>> writtenTo;
        for (const Record& r : sim.log().records()) {
            if (r.kind == RecordKind::Enqueued) {
                takenBy[r.entity].insert(r.message);
                writtenTo[r.aux].insert(r.message);
            }
        }
        for (std::size_t g = 0; g < s.queues.size(); ++g) {
            const QueueStats& q = s.queues[g];
            ASSERT_EQ(q.published, q.acked + q.dropped + q.ready + q.unacked)
                << file << " seed " << seed << ": group " << q.name;
            const GroupSpec& spec = scenario.broker.kafka.groups[g];
            if (spec.reset != OffsetReset::Earliest) {
                continue;
            }
            const EntityId group = sim.entities().find(EntityKind::Queue, spec.name);
            const EntityId topic = sim.entities().find(EntityKind::Exchange, spec.topic);
            const std::size_t taken = takenBy[group].size();
            ASSERT_EQ(taken, writtenTo[topic].size())
                << file << " seed " << seed << ": group " << q.name << " reads the whole log";
            if (scenario.broker.kafka.topics.size() == 1) {
                ASSERT_EQ(taken, s.conservation.routedMessages)
                    << file << " seed " << seed << ": group " << q.name << " reads the whole log";
            }
        }
        // INV03: per (group, partition), first processings follow the written order.
        std::map<std::pair<EntityId, std::uint16_t>, std::uint64_t> next; // -> written index
        std::map<std::pair<EntityId, std::uint32_t>, std::pair<std::uint16_t, std::uint64_t>>
            place; // (group, message) -> (partition, index written)
        std::map<std::pair<EntityId, std::uint16_t>, std::uint64_t> count;
        std::map<std::pair<EntityId, std::uint32_t>, bool> processed;
        // KAFKA09: a read_committed group processes a transaction's record only after it
        // committed (records come in time order: its commit comes first).
        std::set<EntityId> readCommitted;
        for (const GroupSpec& g : scenario.broker.kafka.groups) {
            if (g.readCommitted) {
                readCommitted.insert(sim.entities().find(EntityKind::Queue, g.name));
            }
        }
        std::set<std::uint32_t> committed;
        for (const Record& r : sim.log().records()) {
            if (r.kind == RecordKind::TransactionCommitted) {
                committed.insert(r.message);
            } else if (r.kind == RecordKind::Processed && readCommitted.count(r.aux) > 0) {
                const std::uint32_t t = sim.messages().transactionOf(r.message);
                ASSERT_TRUE(t == 0 || committed.count(t) > 0)
                    << file << " seed " << seed << ": msg-" << r.message << " of transaction " << t
                    << " processed by a read_committed group before a commit";
            }
            if (r.kind == RecordKind::Enqueued) {
                // Taken on again after a seek back (KAFKA07): it keeps its place.
                if (!place.contains({r.entity, r.message})) {
                    place[{r.entity, r.message}] = {r.attempt, count[{r.entity, r.attempt}]++};
                }
            } else if (r.kind == RecordKind::Processed) {
                const auto it = place.find({r.aux, r.message});
                ASSERT_NE(it, place.end());
                if (processed[{r.aux, r.message}]) {
                    continue; // processed again after a rebalance: not a first processing
                }
                processed[{r.aux, r.message}] = true;
                const auto [partition, index] = it->second;
                std::uint64_t& expected = next[{r.aux, partition}];
                ASSERT_GE(index, expected)
                    << file << " seed " << seed << ": msg-" << r.message
                    << " processed after a later record of partition " << partition;
                expected = index + 1;
            }
        }
    }
}

} // namespace evsim::testkit
