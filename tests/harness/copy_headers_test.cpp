// The headers `evsim run --events` shows on each delivery, followed through a run: x-death,
// x-first-death-*, x-delivery-count, compared field by field with what RabbitMQ 3.10 sets.
#include "harness/io/copy_headers.h"
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

// The headers of every `kind` record (a delivery, by default) at `queue`, in order.
std::vector<Json> deliveredHeaders(const Scenario& s, const std::string& queue,
                                   RecordKind kind = RecordKind::Delivered) {
    Simulation sim(s);
    sim.run();
    CopyHeaders headers(s, sim.entities(), sim.strings());
    const EntityId q = sim.entities().find(EntityKind::Queue, queue);
    std::vector<Json> out;
    for (const Record& r : sim.log().records()) {
        const std::optional<Message> m =
            r.message != 0 ? sim.messages().findById(r.message) : std::nullopt;
        const auto h = headers.onRecord(r, m ? &*m : nullptr);
        if (h && r.entity == q && r.kind == kind) {
            out.push_back(*h);
        }
    }
    return out;
}

// One message, always rejected at "work", waits 1 s in "wait" and comes back: each round adds
// a rejection at work and an expiry at wait.
Scenario rejectAndWait() {
    Scenario s;
    s.name = "reject-and-wait";
    s.duration = SimTime::fromMillis(3500);
    QueueSpec work("work");
    work.arguments.deadLetterExchange = "retry";
    QueueSpec wait("wait");
    wait.arguments.messageTtl = SimTime::fromSeconds(1);
    wait.arguments.deadLetterExchange = "back";
    s.broker.amqp.queues = {work, wait};
    s.broker.amqp.exchanges = {{"retry", ExchangeType::Fanout}, {"back", ExchangeType::Fanout}};
    s.broker.amqp.bindings = {{"retry", "wait", ""}, {"back", "work", ""}};
    ServiceSpec worker = testkit::service("worker");
    worker.consumes.push_back(testkit::consumerOf("work", SimTime::fromMillis(1)));
    worker.consumes.back().failureProbability = 1;
    worker.consumes.back().onFailure = FailureAction::Reject;
    s.services.push_back(worker);
    s.timeline.push_back({SimTime::zero(), testkit::publishTo("", "work", "Order")});
    return s;
}

TEST(CopyHeaders, AMQP11_ADeliveredCopyCarriesItsXDeathNewestFirstAndItsFirstDeath) {
    const std::vector<Json> h = deliveredHeaders(rejectAndWait(), "work");
    ASSERT_GE(h.size(), 3u);
    EXPECT_FALSE(h[0].contains("x-death")) << "the first delivery has died nowhere yet";
    const Json& second = h[1]["x-death"];
    ASSERT_EQ(second.size(), 2u) << h[1].dump();
    EXPECT_EQ(second[0]["queue"], "wait");
    EXPECT_EQ(second[0]["reason"], "expired");
    EXPECT_EQ(second[0]["exchange"], "retry");
    EXPECT_EQ(second[0]["count"], 1);
    EXPECT_EQ(second[0]["routing-keys"], Json::array({"work"}));
    EXPECT_EQ(second[1]["queue"], "work");
    EXPECT_EQ(second[1]["reason"], "rejected");
    EXPECT_EQ(second[1]["exchange"], "") << "it was published to the default exchange";
    const Json& third = h[2]["x-death"];
    ASSERT_EQ(third.size(), 2u) << "one entry per (queue, reason), not one per death";
    EXPECT_EQ(third[0]["queue"], "wait") << "the newest first";
    EXPECT_EQ(third[0]["count"], 2);
    EXPECT_EQ(third[1]["count"], 2);
    EXPECT_EQ(third[1]["time"], second[1]["time"]) << "an entry keeps the time of its first death";
    EXPECT_EQ(third[1]["exchange"], "")
        << "and its exchange, though it came through \"back\" since";
    EXPECT_EQ(h[2]["x-first-death-queue"], "work");
    EXPECT_EQ(h[2]["x-first-death-reason"], "rejected");
    EXPECT_EQ(h[2]["x-first-death-exchange"], "");
}

TEST(CopyHeaders, AMQP12_AQuorumRedeliveryCountsItsReturnsAndTheFirstHasNone) {
    Scenario s = rejectAndWait();
    s.broker.amqp.queues[0].type = QueueType::Quorum;
    s.services[0].consumes[0].onFailure = FailureAction::Requeue;
    s.services[0].consumes[0].failureProbability = 1;
    s.duration = SimTime::fromMillis(50);
    const std::vector<Json> h = deliveredHeaders(s, "work");
    ASSERT_GE(h.size(), 3u);
    EXPECT_FALSE(h[0].contains("x-delivery-count")) << "absent on the first delivery";
    EXPECT_EQ(h[1]["x-delivery-count"], 1);
    EXPECT_EQ(h[2]["x-delivery-count"], 2);
    s.broker.amqp.queues[0].type = QueueType::Classic;
    for (const Json& classic : deliveredHeaders(s, "work")) {
        EXPECT_FALSE(classic.contains("x-delivery-count")) << "a classic queue never sets it";
    }
}

TEST(CopyHeaders, AMQP11_ADeadLetterCarriesItsNewDeathToItsExchange) {
    const std::vector<Json> h = deliveredHeaders(rejectAndWait(), "work", RecordKind::DeadLettered);
    ASSERT_GE(h.size(), 2u);
    ASSERT_EQ(h[0]["x-death"].size(), 1u) << "the death it is dead-lettered for is in it";
    EXPECT_EQ(h[0]["x-death"][0]["reason"], "rejected");
    EXPECT_EQ(h[0]["x-first-death-queue"], "work");
    EXPECT_EQ(h[1]["x-death"][0]["count"], 2) << "the second rejection at work, counted";
    EXPECT_FALSE(h[1].contains("x-delivery-count")) << "a header of deliveries only";
}

} // namespace
} // namespace evsim
