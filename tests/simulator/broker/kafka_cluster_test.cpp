// The cluster under a partitioned log (docs/semantics.md, KAFKA12): replicas, acks, leaders
// lost and elected, min.insync.replicas, slow brokers.
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace evsim {
namespace {

using testkit::Records;

SimTime ms(std::int64_t n) {
    return SimTime::fromMillis(n);
}

// Producers "safe" (acks=all) and "fast" (acks=1) write `count` records each, keyed over 30
// keys, to topics "payments" and "clicks" of 3 partitions, `replication` (its factor and
// min.insync.replicas) over 3 brokers; groups "ledger" and "analytics" read them. The network
// takes 1 ms each way. `cluster` and `timeline` go into the broker and the top level.
std::string clusterScenario(const std::string& replication, const std::string& cluster,
                            const std::string& timeline, int count = 2000) {
    const std::string producer = R"(, "key": "k", "keys": 30, "rate": "200/s", "count": )" +
                                 std::to_string(count) +
                                 R"(, "confirms": { "timeout": "30s", "retries": 1000,
            "backoff": { "initial": "100ms", "max": "100ms" } } )";
    return R"({
  "name": "cluster", "seed": 5, "duration": "40s",
  "broker": { "kind": "kafka", "brokers": 3, "broker_session_timeout": "3s", )" +
           cluster + R"(
    "topics": [{ "name": "payments", "partitions": 3, )" +
           replication + R"( },
               { "name": "clicks", "partitions": 3, )" +
           replication + R"( }],
    "groups": [{ "name": "ledger", "topic": "payments", "auto_offset_reset": "earliest" },
               { "name": "analytics", "topic": "clicks", "auto_offset_reset": "earliest" }] },
  "services": [
    { "name": "safe", "produces": [{ "event": "Paid", "topic": "payments", "acks": "all" )" +
           producer + R"(}] },
    { "name": "fast", "produces": [{ "event": "Clicked", "topic": "clicks", "acks": "1" )" +
           producer + R"(}] },
    { "name": "ledger", "consumes": [{ "group": "ledger",
        "processing": { "dist": "constant", "value": "1ms" } }] },
    { "name": "analytics", "consumes": [{ "group": "analytics",
        "processing": { "dist": "constant", "value": "1ms" } }] }
  ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } },
  "timeline": [)" +
           timeline + "]}";
}

// Per message id: when it was published, and the partition a group took it into.
struct Writes {
    std::map<std::uint32_t, SimTime> publishedAt;
    std::map<std::uint32_t, std::uint16_t> partition;
    std::map<std::uint32_t, SimTime> enqueuedAt;
};

Writes writes(const Records& r, const EntityId group) {
    Writes w;
    for (const Record& p : r.of(RecordKind::Published)) {
        w.publishedAt[p.message] = p.time;
    }
    for (const Record& e : r.of(RecordKind::Enqueued, group)) {
        w.partition[e.message] = e.attempt;
        w.enqueuedAt[e.message] = e.time;
    }
    return w;
}

// The events a group's consumer service processed.
std::set<std::uint32_t> processedEvents(const Simulation& sim, const Records& r,
                                        std::string_view consumer) {
    std::set<std::uint32_t> events;
    for (const Record& p : r.of(RecordKind::Processed, r.consumer(consumer))) {
        events.insert(r.eventOf(p.message));
    }
    static_cast<void>(sim);
    return events;
}

TEST(KafkaCluster, KAFKA12_AcksAllWaitsForEveryInSyncReplicaAndGroupsReadOnlyWhatIsCopied) {
    Simulation sim(testkit::loadValid(
        clusterScenario(R"("replication_factor": 3)", R"("replication_delay": "50ms",)", "", 200)));
    sim.run();
    const Records r(sim);
    for (const auto& [producer, group, delay] :
         {std::tuple{"safe#0/Paid", "ledger", ms(50)},
          std::tuple{"fast#0/Clicked", "analytics", ms(50)}}) {
        SCOPED_TRACE(producer);
        const Writes w = writes(r, r.queue(group));
        const auto confirmed = r.of(RecordKind::Confirmed, r.producer(producer));
        ASSERT_EQ(confirmed.size(), 200u);
        for (const Record& c : confirmed) {
            // Out 1 ms, written at once; the answer 1 ms back: after the copies for acks=all.
            const SimTime took = c.time - w.publishedAt.at(c.message);
            EXPECT_EQ(took, std::string_view(producer) == "safe#0/Paid" ? ms(2) + delay : ms(2))
                << "msg-" << c.message;
            EXPECT_EQ(c.detail, 0);
        }
        // A group takes a record on once the followers have it (the high watermark), whatever
        // its producer's acks.
        ASSERT_EQ(w.enqueuedAt.size(), 200u);
        for (const auto& [message, at] : w.enqueuedAt) {
            EXPECT_EQ(at - w.publishedAt.at(message), ms(1) + delay) << "msg-" << message;
        }
    }
    // One replica: nothing to copy, taken on as it is written.
    Simulation single(testkit::loadValid(
        clusterScenario(R"("replication_factor": 1)", R"("replication_delay": "50ms",)", "", 200)));
    single.run();
    const Records s(single);
    const Writes w = writes(s, s.queue("ledger"));
    for (const auto& [message, at] : w.enqueuedAt) {
        EXPECT_EQ(at - w.publishedAt.at(message), ms(1)) << "msg-" << message;
    }
}

TEST(KafkaCluster,
     KAFKA12_ALostLeadersPartitionsWaitForTheControllerThenTheNextInSyncReplicaLeads) {
    Simulation sim(testkit::loadValid(clusterScenario(
        R"("replication_factor": 3, "min_insync_replicas": 2)", "",
        R"({ "at": "4s", "name": "down", "broker_down": { "broker": 1, "for": "10s" } })")));
    sim.run();
    const Records r(sim);
    // Broker 1 leads partition 0 of payments (the first topic starts at broker 1) and
    // partition 2 of clicks; broker 2 follows it in both, and leads them from the fence on,
    // broker_session_timeout after the stop.
    const auto elected = r.of(RecordKind::LeaderElected);
    ASSERT_EQ(elected.size(), 2u);
    const EntityId broker2 = r.id(EntityKind::Broker, "broker-2");
    for (const Record& e : elected) {
        EXPECT_EQ(e.time, SimTime::fromSeconds(7));
        EXPECT_EQ(e.aux, broker2);
        EXPECT_EQ(e.attempt, e.entity == r.id(EntityKind::Exchange, "payments") ? 0 : 2);
    }
    for (const auto& [topic, group, led] :
         {std::tuple{"payments", "ledger", 0}, std::tuple{"clicks", "analytics", 2}}) {
        SCOPED_TRACE(topic);
        const Writes w = writes(r, r.queue(group));
        // Refused while leaderless, only there, and never again once elected.
        std::size_t refused = 0;
        for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, topic))) {
            if (d.detail != static_cast<std::uint8_t>(DropReason::NotLeader)) {
                continue;
            }
            ++refused;
            EXPECT_GE(d.time, SimTime::fromSeconds(4));
            EXPECT_LT(d.time, SimTime::fromSeconds(7));
        }
        EXPECT_GT(refused, 100u) << "the leaderless partition's writes, each retried";
        // Its reads stop with its leader and resume with the next.
        for (const Record& d : r.of(RecordKind::Delivered, r.queue(group))) {
            if (w.partition.at(d.message) == led) {
                EXPECT_FALSE(d.time > SimTime::fromSeconds(4) + ms(5) &&
                             d.time < SimTime::fromSeconds(7))
                    << "msg-" << d.message << " read with no leader, at " << d.time.nanos();
            }
        }
        // Every event got through: refused writes were retried.
        EXPECT_EQ(processedEvents(sim, r, std::string(group) + "#0<-" + group).size(), 2000u);
    }
}

TEST(KafkaCluster, KAFKA12_AcksOneLosesWhatTheLeaderAcknowledgedAndNoFollowerCopiedAcksAllDoesNot) {
    // Broker 2's answers are slow, so the followers of broker 1's partitions lag 500 ms behind
    // when broker 1 stops; broker 2 then leads them without that tail.
    Simulation sim(testkit::loadValid(clusterScenario(
        R"("replication_factor": 3)", "",
        R"({ "at": "2s", "slow_broker": { "broker": 2, "latency": "500ms", "for": "20s" } },
           { "at": "5s", "name": "down", "broker_down": { "broker": 1 } })")));
    sim.run();
    const Records r(sim);
    const auto confirmedAck = [&](const char* producer) {
        std::set<std::uint32_t> acked;
        for (const Record& c : r.of(RecordKind::Confirmed, r.producer(producer))) {
            if (c.detail == 0) {
                acked.insert(r.eventOf(c.message));
            }
        }
        return acked;
    };
    for (const auto& [topic, producer, consumer, leaderAck] :
         {std::tuple{"payments", "safe#0/Paid", "ledger#0<-ledger", false},
          std::tuple{"clicks", "fast#0/Clicked", "analytics#0<-analytics", true}}) {
        SCOPED_TRACE(topic);
        std::set<std::uint32_t> cut;
        for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, topic))) {
            if (d.detail == static_cast<std::uint8_t>(DropReason::Truncated)) {
                EXPECT_EQ(d.time, SimTime::fromSeconds(8)) << "cut as the new leader is elected";
                cut.insert(r.eventOf(d.message));
            }
        }
        EXPECT_GT(cut.size(), 15u) << "half a second of one partition's writes";
        const std::set<std::uint32_t> acked = confirmedAck(producer);
        const std::set<std::uint32_t> processed = processedEvents(sim, r, consumer);
        for (const std::uint32_t e : cut) {
            if (leaderAck) {
                // Acknowledged as written, then gone: never read, and counted lost.
                EXPECT_TRUE(acked.count(e) == 1) << "evt-" << e << " was acknowledged";
                EXPECT_TRUE(processed.count(e) == 0) << "evt-" << e << " read after the cut";
            } else {
                // Never acknowledged: sent again and read.
                EXPECT_TRUE(processed.count(e) == 1) << "evt-" << e << " lost";
            }
        }
        if (!leaderAck) {
            EXPECT_EQ(processed.size(), 2000u);
        }
    }
    EXPECT_EQ(sim.losses()[DropReason::Truncated].count,
              2000 - processedEvents(sim, r, "analytics#0<-analytics").size())
        << "every acks=1 record cut is a loss, and nothing else is lost";
    EXPECT_EQ(sim.losses().total(), sim.losses()[DropReason::Truncated].count);
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

TEST(KafkaCluster, KAFKA12_BelowMinInsyncReplicasAcksAllIsRefusedAndTheLastReplicaIsWaitedFor) {
    // Brokers 2 and 3 stop: once they are fenced, payments' partitions have one in-sync
    // replica, below min.insync.replicas 2; broker 1 leads partition 0 of each topic
    // throughout, and partitions led by broker 2 or 3 are offline (their last in-sync replica
    // is broker 1 only if it was in the set: with factor 2 it is not for partition 1).
    Simulation sim(testkit::loadValid(
        clusterScenario(R"("replication_factor": 2, "min_insync_replicas": 2)", "",
                        R"({ "at": "3s", "broker_down": { "broker": 2, "for": "8s" } },
           { "at": "3s", "broker_down": { "broker": 3, "for": "8s" } })")));
    sim.run();
    const Records r(sim);
    // Partition p's replicas: brokers p+1 and p+2 (mod 3). payments P0 {1,2}: led by 1, in
    // sync alone from the fence at 6 s; P1 {2,3}: offline; P2 {3,1}: broker 1 takes over.
    std::size_t notEnough = 0;
    for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, "payments"))) {
        if (d.detail == static_cast<std::uint8_t>(DropReason::NotEnoughReplicas)) {
            ++notEnough;
            EXPECT_GE(d.time, SimTime::fromSeconds(6));
            EXPECT_LT(d.time, SimTime::fromSeconds(11) + ms(5));
        }
    }
    EXPECT_GT(notEnough, 100u) << "acks=all writes refused while one replica is in sync";
    std::size_t clicksNotEnough = 0;
    for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, "clicks"))) {
        clicksNotEnough +=
            d.detail == static_cast<std::uint8_t>(DropReason::NotEnoughReplicas) ? 1 : 0;
    }
    EXPECT_EQ(clicksNotEnough, 0u) << "acks=1 does not ask for in-sync replicas";
    // P1 of each topic lost both replicas: offline (no leader) at the fence, led again by
    // its last in-sync replica when that comes back.
    const EntityId payments = r.id(EntityKind::Exchange, "payments");
    std::vector<Record> p1;
    for (const Record& e : r.of(RecordKind::LeaderElected, payments)) {
        if (e.attempt == 1) {
            p1.push_back(e);
        }
    }
    ASSERT_EQ(p1.size(), 2u);
    EXPECT_EQ(p1[0].time, SimTime::fromSeconds(6));
    EXPECT_EQ(p1[0].aux, 0u) << "offline: no in-sync replica is up";
    EXPECT_EQ(p1[1].time, SimTime::fromSeconds(11));
    EXPECT_NE(p1[1].aux, 0u);
    EXPECT_EQ(p1[1].message, 0u) << "it kept everything it had";
    // Nothing acknowledged was lost; every payment was read in the end.
    EXPECT_EQ(sim.losses().total(), 0u);
    EXPECT_EQ(processedEvents(sim, r, "ledger#0<-ledger").size(), 2000u);
}

TEST(KafkaCluster, KAFKA12_ASlowBrokerDelaysWhatItLeadsAndTheAcksAllWritesThatWaitForIt) {
    // Factor 2 over 3 brokers: broker 2 leads P1, follows P0, and has no replica of P2.
    Simulation sim(testkit::loadValid(clusterScenario(
        R"("replication_factor": 2)", R"("replication_delay": "5ms",)",
        R"({ "at": "0s", "slow_broker": { "broker": 2, "latency": "300ms", "for": "60s" } })",
        300)));
    sim.run();
    const Records r(sim);
    for (const auto& [producer, group, leaderAck] :
         {std::tuple{"safe#0/Paid", "ledger", false},
          std::tuple{"fast#0/Clicked", "analytics", true}}) {
        SCOPED_TRACE(producer);
        const Writes w = writes(r, r.queue(group));
        // clicks is the second topic: its partitions' replicas start one broker later.
        const std::uint16_t leads = leaderAck ? 0 : 1;
        const std::uint16_t follows = leaderAck ? 2 : 0;
        std::map<std::uint16_t, std::set<std::int64_t>> took;
        for (const Record& c : r.of(RecordKind::Confirmed, r.producer(producer))) {
            took[w.partition.at(c.message)].insert((c.time - w.publishedAt.at(c.message)).nanos() /
                                                   1'000'000);
        }
        ASSERT_EQ(took.size(), 3u);
        for (const auto& [p, times] : took) {
            SCOPED_TRACE("partition " + std::to_string(p));
            ASSERT_EQ(times.size(), 1u);
            const std::int64_t t = *times.begin();
            if (p == leads) {
                EXPECT_EQ(t, leaderAck ? 302 : 307); // its every answer is late
            } else if (p == follows) {
                EXPECT_EQ(t, leaderAck ? 2 : 307); // acks=all waits for the slow copy
            } else {
                EXPECT_EQ(t, leaderAck ? 2 : 7);
            }
        }
    }
}

// The leader elections of partition `p` of `topic`, in order: (time, leader, preferred).
std::vector<std::tuple<SimTime, EntityId, bool>> elections(const Records& r, const char* topic,
                                                           std::uint16_t p) {
    std::vector<std::tuple<SimTime, EntityId, bool>> out;
    for (const Record& e : r.of(RecordKind::LeaderElected, r.id(EntityKind::Exchange, topic))) {
        if (e.attempt == p) {
            out.emplace_back(e.time, e.aux, e.detail == 1);
        }
    }
    return out;
}

TEST(KafkaCluster, KAFKA12_ThePreferredLeaderLeadsAgainAtTheFirstImbalanceCheckOnceBackInSync) {
    // Broker 1 (preferred for payments 0 and clicks 2) stops at 4 s, is fenced at 7 s and is
    // back at 14 s; the controller checks every 10 s: at 10 s it is down, at 20 s it leads again.
    const std::string down =
        R"({ "at": "4s", "name": "down", "broker_down": { "broker": 1, "for": "10s" } })";
    for (const char* balance : {R"("leader_imbalance_check_interval": "10s",)",
                                R"("leader_imbalance_check_interval": "10s",
                                   "auto_leader_rebalance": false,)"}) {
        SCOPED_TRACE(balance);
        const bool on = std::string(balance).find("false") == std::string::npos;
        Simulation sim(testkit::loadValid(clusterScenario(
            R"("replication_factor": 3, "min_insync_replicas": 2)", balance, down)));
        sim.run();
        const Records r(sim);
        const EntityId broker1 = r.id(EntityKind::Broker, "broker-1");
        const EntityId broker2 = r.id(EntityKind::Broker, "broker-2");
        for (const auto& [topic, p] : {std::pair{"payments", 0}, std::pair{"clicks", 2}}) {
            SCOPED_TRACE(topic);
            auto expected = std::vector{std::tuple{SimTime::fromSeconds(7), broker2, false}};
            if (on) {
                expected.emplace_back(SimTime::fromSeconds(20), broker1, true);
            }
            EXPECT_EQ(elections(r, topic, static_cast<std::uint16_t>(p)), expected);
        }
        EXPECT_EQ(r.of(RecordKind::LeaderElected).size(), on ? 4u : 2u)
            << "no other partition moves";
        EXPECT_EQ(processedEvents(sim, r, "ledger#0<-ledger").size(), 2000u);
    }
    // Stopped again at 18 s, broker 1 is still in sync at the 20 s check (the controller fences
    // it at 21 s) but down: nothing goes back to it until the check after it is back, at 30 s.
    Simulation again(testkit::loadValid(clusterScenario(
        R"("replication_factor": 3, "min_insync_replicas": 2)",
        R"("leader_imbalance_check_interval": "10s",)",
        down + R"(, { "at": "18s", "broker_down": { "broker": 1, "for": "10s" } })")));
    again.run();
    const Records r(again);
    EXPECT_EQ(
        elections(r, "payments", 0),
        (std::vector{
            std::tuple{SimTime::fromSeconds(7), r.id(EntityKind::Broker, "broker-2"), false},
            std::tuple{SimTime::fromSeconds(30), r.id(EntityKind::Broker, "broker-1"), true}}));
}

TEST(KafkaCluster, KAFKA12_LeadershipGoesBackOnlyWhenABrokersShareLedElsewherePassesThePercentage) {
    // Broker 1 is the preferred leader of a/0 (3 replicas) and b/2 and b/5 (one each). While it
    // is down a/0 moves to broker 2 and b/2 and b/5 go offline; they come back with it, so 1 of
    // its 3 partitions (33 %) is led elsewhere when the controller checks at 20 s.
    const auto scenario = [](int percentage) {
        return R"({ "name": "balance", "duration": "30s",
  "broker": { "kind": "kafka", "brokers": 3, "broker_session_timeout": "3s",
    "leader_imbalance_check_interval": "10s", "leader_imbalance_per_broker_percentage": )" +
               std::to_string(percentage) + R"(,
    "topics": [{ "name": "a", "partitions": 3, "replication_factor": 3 },
               { "name": "b", "partitions": 6 }] },
  "services": [{ "name": "app", "produces": [{ "event": "E", "topic": "a", "rate": "10/s" }] }],
  "timeline": [{ "at": "4s", "broker_down": { "broker": 1, "for": "10s" } }] })";
    };
    for (const int percentage : {30, 50}) {
        SCOPED_TRACE(percentage);
        Simulation sim(testkit::loadValid(scenario(percentage)));
        sim.run();
        const Records r(sim);
        const auto a0 = elections(r, "a", 0);
        ASSERT_EQ(a0.size(), percentage < 33 ? 2u : 1u);
        EXPECT_EQ(std::get<1>(a0.back()),
                  r.id(EntityKind::Broker, percentage < 33 ? "broker-1" : "broker-2"));
        EXPECT_EQ(std::get<2>(a0.back()), percentage < 33);
        for (const std::uint16_t p : {2, 5}) { // offline, then led by broker 1 as it is back
            const auto b = elections(r, "b", p);
            ASSERT_EQ(b.size(), 2u);
            EXPECT_EQ(std::get<1>(b[0]), EntityId{0});
            EXPECT_EQ(std::get<0>(b[1]), SimTime::fromSeconds(14));
            EXPECT_EQ(std::get<1>(b[1]), r.id(EntityKind::Broker, "broker-1"));
        }
    }
}

TEST(KafkaCluster, KAFKA12_APreferredLeaderElectionCutsOnlyWhatTheNewLeaderHadNotCopied) {
    // Followers copy 200 ms after a write, and broker 3 answers 500 ms late from 15 s: what
    // broker 2 wrote waits 700 ms for it, of which all but the last 200 ms is on broker 1 when
    // it takes its partitions back at 20 s. The rest is cut: acks=all writes are sent again,
    // acknowledged acks=1 ones are lost.
    Simulation sim(testkit::loadValid(clusterScenario(
        R"("replication_factor": 3)",
        R"("replication_delay": "200ms", "leader_imbalance_check_interval": "10s",)",
        R"({ "at": "4s", "broker_down": { "broker": 1, "for": "10s" } },
           { "at": "15s", "slow_broker": { "broker": 3, "latency": "500ms", "for": "10s" } })",
        6000))); // 30 s of writes
    sim.run();
    const Records r(sim);
    for (const auto& [topic, p] : {std::pair{"payments", 0}, std::pair{"clicks", 2}}) {
        SCOPED_TRACE(topic);
        const auto back = elections(r, topic, static_cast<std::uint16_t>(p)).back();
        ASSERT_TRUE(std::get<2>(back));
        std::size_t cut = 0;
        for (const Record& d : r.of(RecordKind::Dropped, r.id(EntityKind::Exchange, topic))) {
            cut += d.detail == static_cast<std::uint8_t>(DropReason::Truncated) &&
                   d.time == std::get<0>(back);
        }
        // A partition takes about 67 records a second: some 13 in 200 ms, 47 in 700.
        EXPECT_GE(cut, 5u);
        EXPECT_LE(cut, 25u) << "what broker 1 had copied was kept";
    }
    EXPECT_EQ(processedEvents(sim, r, "ledger#0<-ledger").size(), 6000u);
    EXPECT_EQ(sim.losses().total(), sim.losses()[DropReason::Truncated].count);
    EXPECT_GT(sim.losses()[DropReason::Truncated].count, 0u) << "acks=1 clicks cut";
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

} // namespace
} // namespace evsim
