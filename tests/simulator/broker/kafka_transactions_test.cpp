// Transactions on the partitioned log (docs/semantics.md, KAFKA09): what read_committed and
// read_uncommitted groups see of committed, aborted and open transactions.
#include "simulator/engine/simulation.h"
#include "tests/simulator/engine/fault_bench.h"
#include "tests/simulator/scenario/load_text.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>

namespace evsim {
namespace {

using testkit::Records;

// Producer "ledger" writes `producer` (its transaction and count) to topic "payments" of
// `partitions`, keyed over 8 accounts; group "audit" reads it read_committed, "dashboard"
// read_uncommitted. `extra` goes into the top-level object.
std::string transactionScenario(const std::string& producer, int partitions,
                                const std::string& extra = "") {
    return R"({
  "name": "transactions", "seed": 11, "duration": "60s",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "payments", "partitions": )" +
           std::to_string(partitions) + R"( }],
    "groups": [
      { "name": "audit", "topic": "payments", "isolation": "read_committed",
        "auto_offset_reset": "earliest" },
      { "name": "dashboard", "topic": "payments", "auto_offset_reset": "earliest" } ] },
  "services": [
    { "name": "ledger", "produces": [{ "event": "PaymentBooked", "topic": "payments",
        "key": "account", "keys": 8, "gap": { "dist": "exponential", "mean": "10ms" }, )" +
           producer + R"( }] },
    { "name": "auditor", "consumes": [{ "group": "audit",
        "processing": { "dist": "constant", "value": "1ms" } }] },
    { "name": "dashboard", "consumes": [{ "group": "dashboard",
        "processing": { "dist": "constant", "value": "1ms" } }] }
  ],
  "network": { "latency": { "dist": "uniform", "min": "1ms", "max": "3ms" } })" +
           extra + "}";
}

struct Ending {
    RecordKind kind = RecordKind::TransactionCommitted;
    SimTime at;
    std::uint8_t why = 0;
};

std::map<std::uint32_t, Ending> endings(const Records& r) {
    std::map<std::uint32_t, Ending> out;
    for (const RecordKind kind :
         {RecordKind::TransactionCommitted, RecordKind::TransactionAborted}) {
        for (const Record& e : r.of(kind)) {
            EXPECT_TRUE(out.emplace(e.message, Ending{kind, e.time, e.detail}).second)
                << "transaction " << e.message << " ends once";
        }
    }
    return out;
}

TEST(KafkaTransactions, KAFKA09_ReadCommittedSeesATransactionWholeOnceItCommitsAndNeverAnAbort) {
    // Runs of 4 records; every third run aborts and its events go again in the next.
    Simulation sim(testkit::loadValid(transactionScenario(
        R"("count": 240, "transaction": { "records": 4, "abort_every": 3 })", 4)));
    sim.run();
    const Records r(sim);
    const std::map<std::uint32_t, Ending> ended = endings(r);
    std::size_t aborted = 0;
    for (const auto& [t, e] : ended) {
        aborted += e.kind == RecordKind::TransactionAborted ? 1 : 0;
        if (e.kind == RecordKind::TransactionAborted) {
            EXPECT_EQ(e.why, static_cast<std::uint8_t>(TransactionAbort::ByProducer));
        }
    }
    EXPECT_EQ(aborted, ended.size() / 3) << "every third transaction aborts";
    ASSERT_GT(aborted, 20u);

    // The read_committed group: a record only once its transaction committed, and each event
    // once. Atomicity across partitions: no record of a transaction before its commit.
    const EntityId audit = r.queue("audit");
    std::set<std::uint32_t> auditEvents;
    std::set<std::uint32_t> partitionsSeen;
    for (const Record& d : r.of(RecordKind::Delivered, audit)) {
        const std::optional<Message> m = sim.messages().findById(d.message);
        ASSERT_TRUE(m && sim.messages().transactionOf(d.message) != 0);
        const auto e = ended.find(sim.messages().transactionOf(d.message));
        ASSERT_NE(e, ended.end());
        EXPECT_EQ(e->second.kind, RecordKind::TransactionCommitted)
            << "msg-" << d.message << " of an aborted transaction reached read_committed";
        EXPECT_GE(d.time, e->second.at) << "msg-" << d.message << " read before its commit";
        EXPECT_TRUE(auditEvents.insert(m->eventId).second) << "evt-" << m->eventId << " twice";
    }
    EXPECT_EQ(auditEvents.size(), 240u) << "every event, committed in the end";
    std::uint64_t passedOver = 0;
    for (const Record& d : r.of(RecordKind::Dropped, audit)) {
        EXPECT_EQ(d.detail, static_cast<std::uint8_t>(DropReason::Aborted));
        ++passedOver;
    }
    EXPECT_EQ(passedOver, aborted * 4) << "every aborted record passed over";
    EXPECT_EQ(sim.losses().total(), 0u) << "an aborted transaction's events went again";

    // The read_uncommitted group reads records as they are written: aborted ones too, and
    // committed ones before their commit; the events sent again it processes twice.
    const EntityId dashboard = r.queue("dashboard");
    std::size_t dirty = 0;
    std::size_t early = 0;
    for (const Record& d : r.of(RecordKind::Delivered, dashboard)) {
        const Ending& e = ended.at(sim.messages().transactionOf(d.message));
        dirty += e.kind == RecordKind::TransactionAborted ? 1 : 0;
        early += d.time < e.at ? 1 : 0;
    }
    EXPECT_EQ(dirty, aborted * 4);
    EXPECT_GT(early, 300u) << "read before the transaction ended";
    const RunSummary s = sim.summary();
    EXPECT_EQ(s.consumer("auditor").duplicatesProcessed, 0u);
    EXPECT_EQ(s.consumer("dashboard").duplicatesProcessed, aborted * 4);
    EXPECT_TRUE(s.conservation.balanced());
}

TEST(KafkaTransactions, KAFKA09_AnOpenTransactionHoldsReadCommittedBackUntilItsAbort) {
    // The ledger crashes mid-transaction; a second producer writes to the same partition
    // outside transactions. restart: whether the ledger comes back (and fences what it left
    // open) before the transaction times out.
    const std::string plain = R"(,
      "produces": [{ "event": "Click", "topic": "payments", "rate": "50/s", "count": 500 }] })";
    for (const bool restart : {false, true}) {
        SCOPED_TRACE(restart ? "restarted at 4s" : "never restarted");
        std::string text = transactionScenario(
            R"("count": 400, "transaction": { "records": 100, "timeout": "10s" })", 1,
            std::string(R"(, "timeline": [{ "at": "1s", "crash": { "service": "ledger")") +
                (restart ? R"(, "restart_after": "3s")" : "") + " } }]");
        // The second producer: a service of its own, before "auditor".
        const std::string before = R"(    { "name": "auditor")";
        text.replace(text.find(before), 0, R"(    { "name": "clicks")" + plain + ",\n");
        Simulation sim(testkit::loadValid(text));
        sim.run();
        const Records r(sim);
        const std::map<std::uint32_t, Ending> ended = endings(r);
        // The transaction open at the crash: the one that aborted.
        const auto open = std::find_if(ended.begin(), ended.end(), [](const auto& e) {
            return e.second.kind == RecordKind::TransactionAborted;
        });
        ASSERT_NE(open, ended.end());
        EXPECT_EQ(std::count_if(ended.begin(), ended.end(),
                                [](const auto& e) {
                                    return e.second.kind == RecordKind::TransactionAborted;
                                }),
                  1);
        const SimTime abortAt = open->second.at;
        if (restart) {
            EXPECT_EQ(open->second.why, static_cast<std::uint8_t>(TransactionAbort::Fenced));
            EXPECT_EQ(abortAt, SimTime::fromSeconds(4));
        } else {
            EXPECT_EQ(open->second.why, static_cast<std::uint8_t>(TransactionAbort::TimedOut));
            EXPECT_GT(abortAt, SimTime::fromSeconds(10)) << "10 s after it began";
            EXPECT_LT(abortAt, SimTime::fromSeconds(11));
        }
        // When the open transaction first wrote: the partition's last stable offset since.
        SimTime firstWrite = SimTime::max();
        const EntityId audit = r.queue("audit");
        for (const Record& e : r.of(RecordKind::Enqueued, audit)) {
            if (sim.messages().transactionOf(e.message) == open->first) {
                firstWrite = std::min(firstWrite, e.time);
            }
        }
        ASSERT_LT(firstWrite, SimTime::fromSeconds(1));
        // read_committed: every click written after it waits for the abort; read_uncommitted
        // reads them as they come.
        std::size_t heldBack = 0;
        std::size_t readEarly = 0;
        std::map<std::uint32_t, SimTime> writtenAt;
        for (const Record& e : r.of(RecordKind::Enqueued, audit)) {
            writtenAt[e.message] = e.time;
        }
        for (const EntityId group : {audit, r.queue("dashboard")}) {
            for (const Record& d : r.of(RecordKind::Delivered, group)) {
                if (sim.messages().transactionOf(d.message) != 0 ||
                    writtenAt.at(d.message) <= firstWrite) {
                    continue;
                }
                if (group == audit) {
                    EXPECT_GE(d.time, abortAt) << "msg-" << d.message << " past the open one";
                    ++heldBack;
                } else {
                    readEarly += d.time < abortAt ? 1 : 0;
                }
            }
        }
        EXPECT_GT(heldBack, 100u);
        EXPECT_GT(readEarly, 100u);
        // What the aborted transaction wrote is lost to read_committed, and counted.
        std::uint64_t aborted = 0;
        for (const Record& d : r.of(RecordKind::Dropped, audit)) {
            aborted += d.detail == static_cast<std::uint8_t>(DropReason::Aborted) ? 1 : 0;
        }
        EXPECT_GT(aborted, 10u);
        EXPECT_GE(sim.losses().total(), aborted);
        EXPECT_TRUE(sim.summary().conservation.balanced());
    }
}

// "shop" writes 1,000 orders to "orders"; two "enricher" instances read them (group
// "enricher"), taking 5 ms each and writing an OrderEnriched to "enriched" for each, with
// `enricher` (its transaction or commits); "shipping" reads "enriched" read_committed, "audit"
// read_uncommitted. Commits and outputs take 20 ms to reach the broker, and the enrichers crash
// now and then, so some crash with a record's outputs and commit on their way.
std::string transformScenario(const std::string& enricher) {
    return R"({
  "name": "consume-transform-produce", "seed": 4, "duration": "60s",
  "broker": { "kind": "kafka",
    "topics": [{ "name": "orders", "partitions": 3 }, { "name": "enriched", "partitions": 3 }],
    "groups": [
      { "name": "enricher", "topic": "orders", "auto_offset_reset": "earliest",
        "session_timeout": "2s" },
      { "name": "shipping", "topic": "enriched", "isolation": "read_committed",
        "auto_offset_reset": "earliest" },
      { "name": "audit", "topic": "enriched", "auto_offset_reset": "earliest" } ] },
  "services": [
    { "name": "shop", "produces": [{ "event": "OrderPlaced", "topic": "orders",
        "key": "customer", "keys": 50, "rate": "100/s", "count": 1000 }] },
    { "name": "enricher", "instances": 2, "consumes": [{ "group": "enricher",
        "processing": { "dist": "constant", "value": "5ms" },
        "emits": [{ "event": "OrderEnriched", "topic": "enriched" }])" +
           enricher + R"( }] },
    { "name": "shipping", "consumes": [{ "group": "shipping" }] },
    { "name": "audit", "consumes": [{ "group": "audit" }] } ],
  "network": { "latency": { "dist": "constant", "value": "20ms" } },
  "timeline": [
    { "at": "1s", "crash": { "service": "enricher", "instance": 0, "restart_after": "1s" } },
    { "at": "3507ms", "crash": { "service": "enricher", "instance": 1, "restart_after": "1s" } },
    { "at": "5013ms", "crash": { "service": "enricher", "instance": 0, "restart_after": "1s" } },
    { "at": "7021ms", "crash": { "service": "enricher", "instance": 1, "restart_after": "1s" } } ]
})";
}

// How many enriched records `consumer` processed, and for how many distinct orders.
std::pair<std::size_t, std::size_t> outputsPerOrder(const Simulation& sim, const Records& r,
                                                    std::string_view consumer) {
    std::size_t processed = 0;
    std::set<std::uint32_t> orders;
    for (const Record& p : r.of(RecordKind::Processed, r.consumer(consumer))) {
        ++processed;
        const std::optional<Message> output = sim.messages().findById(p.message);
        EXPECT_TRUE(output.has_value());
        orders.insert(output ? r.eventOf(output->parent) : 0);
    }
    return {processed, orders.size()};
}

TEST(KafkaTransactions, KAFKA09_AConsumersOutputsAndItsOffsetCommitTogetherOrNotAtAll) {
    Simulation plain(testkit::loadValid(transformScenario("")));
    plain.run();
    const Records p(plain);
    // Without a transaction: a crash between writing a record's output and committing it
    // reads the record again and writes its output twice, for every reader.
    const auto [plainShipped, plainOrders] = outputsPerOrder(plain, p, "shipping#0<-shipping");
    EXPECT_EQ(plainOrders, 1000u);
    EXPECT_GT(plainShipped, plainOrders) << "outputs written twice";

    Simulation tx(testkit::loadValid(transformScenario(R"(, "transaction": true)")));
    tx.run();
    const Records r(tx);
    // With one: a crashed member's transaction aborts, its outputs refused or passed over,
    // and read_committed shipping processes exactly one output per order.
    const auto [shipped, orders] = outputsPerOrder(tx, r, "shipping#0<-shipping");
    EXPECT_EQ(orders, 1000u);
    EXPECT_EQ(shipped, 1000u) << "exactly once";
    std::size_t readAgain = 0;
    for (const Record& a : r.of(RecordKind::TransactionAborted)) {
        EXPECT_EQ(a.detail, static_cast<std::uint8_t>(TransactionAbort::InputReadAgain));
        EXPECT_EQ(a.entity, r.consumer(a.entity == r.consumer("enricher#0<-enricher")
                                           ? "enricher#0<-enricher"
                                           : "enricher#1<-enricher"));
        ++readAgain;
    }
    EXPECT_GT(readAgain, 0u) << "some crash caught a record's outputs and commit on their way";
    for (std::size_t reason = 1; reason < kDropReasonCount; ++reason) {
        const auto& l = tx.losses()[static_cast<DropReason>(reason)];
        if (l.count > 0) {
            ADD_FAILURE() << dropReasonName(static_cast<DropReason>(reason)) << " " << l.count;
        }
    }
    EXPECT_EQ(tx.losses().total(), 0u);
    EXPECT_TRUE(tx.summary().conservation.balanced());
}

TEST(KafkaTransactions, KAFKA09_ACommitAfterItsTransactionTimedOutIsRefusedAndTheRecordReadAgain) {
    // Transactions time out after 30 ms; outputs and commits take 1 to 40 ms to arrive, so some
    // commits come after their transaction was aborted.
    std::string text = transformScenario(R"(, "transaction": { "timeout": "30ms" })");
    const std::string constant = R"("latency": { "dist": "constant", "value": "20ms" })";
    text.replace(text.find(constant), constant.size(),
                 R"("latency": { "dist": "uniform", "min": "1ms", "max": "40ms" })");
    Simulation sim(testkit::loadValid(text));
    sim.run();
    const Records r(sim);
    std::size_t timedOut = 0;
    for (const Record& a : r.of(RecordKind::TransactionAborted)) {
        timedOut += a.detail == static_cast<std::uint8_t>(TransactionAbort::TimedOut) ? 1 : 0;
    }
    EXPECT_GT(timedOut, 20u);
    // Each input's offset committed only with its output: shipping gets every order once.
    const auto [shipped, orders] = outputsPerOrder(sim, r, "shipping#0<-shipping");
    EXPECT_EQ(orders, 1000u);
    EXPECT_EQ(shipped, 1000u);
    EXPECT_EQ(sim.losses().total(), 0u) << "what timed out is read and written again";
    EXPECT_TRUE(sim.summary().conservation.balanced());
}

} // namespace
} // namespace evsim
