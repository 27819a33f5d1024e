// Adding and removing parts of a scenario's topology, as the app's canvas does: the file's
// text gains or loses exactly those parts (and what cannot stand without them), it still
// loads, and a run shows the change.
#include "harness/run/runner.h"
#include "harness/session/session.h"
#include "harness/session/topology_edit.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace evsim {
namespace {

Session hello() {
    LoadResult<Session> opened =
        Session::open(std::string(EVSIM_SOURCE_DIR) + "/scenarios/hello-pubsub.json");
    EXPECT_TRUE(opened.ok());
    return std::move(*opened.value);
}

void apply(Session& session, const TopologyChange& change) {
    ASSERT_TRUE(change.ok()) << change.error;
    const Status done = session.edit(change.edits);
    ASSERT_TRUE(done.ok()) << done.why() << "\n" << session.text();
}

bool hasQueue(const Scenario& s, std::string_view name) {
    const auto& queues = s.broker.amqp.queues;
    return std::any_of(queues.begin(), queues.end(), [&](const auto& q) { return q.name == name; });
}

const ServiceSpec* serviceNamed(const Scenario& s, std::string_view name) {
    for (const ServiceSpec& service : s.services) {
        if (service.name == name) {
            return &service;
        }
    }
    return nullptr;
}

std::uint64_t acked(const RunOutcome& run, std::string_view queue) {
    for (const QueueStats& q : run.summary.queues) {
        if (q.name == queue) {
            return q.acked;
        }
    }
    return 0;
}

// A queue bound to the fanout exchange and a new service consuming it: the run delivers every
// order there too, and the file keeps its comment and the rest of its layout.
TEST(TopologyEdit, AQueueBoundWithANewConsumerGetsEveryOrder) {
    Session session = hello();
    apply(session, addBinding(session, "orders", "audit", ""));
    apply(session, addConsumer(session, "auditor", "audit"));
    EXPECT_TRUE(hasQueue(session.scenario(), "audit"));
    ASSERT_NE(serviceNamed(session.scenario(), "auditor"), nullptr);
    EXPECT_NE(session.text().find("// The default scenario"), std::string::npos);
    EXPECT_NE(session.text().find(R"({ "name": "email.orders" }, { "name": "audit" }])"),
              std::string::npos)
        << session.text();
    EXPECT_NE(
        session.text().find("      { \"exchange\": \"orders\", \"queue\": \"email.orders\" },\n"
                            "      { \"exchange\": \"orders\", \"queue\": \"audit\" }\n"),
        std::string::npos)
        << "a binding on a line of its own, laid out as the others";
    EXPECT_NE(session.text().find(R"({ "name": "auditor", "consumes": [{ "queue": "audit" }] })"),
              std::string::npos);
    const RunOutcome run = runScenario(session.effective());
    EXPECT_EQ(acked(run, "audit"), 200u);
    EXPECT_EQ(acked(run, "billing.orders"), 200u);
}

// A producer added to an existing service publishes at 10 a second beside its own.
TEST(TopologyEdit, AProducerAddedToAServicePublishesBesideItsOwn) {
    Session session = hello();
    apply(session, addProducer(session, "order-service", "orders", "OrderCancelled", ""));
    const ServiceSpec* s = serviceNamed(session.scenario(), "order-service");
    ASSERT_NE(s, nullptr);
    ASSERT_EQ(s->produces.size(), 2u);
    EXPECT_EQ(producersOf(session, "order-service"),
              (std::vector<std::string>{"OrderPlaced -> orders", "OrderCancelled -> orders"}));
    const RunOutcome run = runScenario(session.effective());
    EXPECT_GT(acked(run, "billing.orders"), 250u) << "200 orders and about 100 cancellations";
}

// A queue goes with its binding, its consumer (and the service, which did nothing else) and
// the expectations about both; what is left loads and runs.
TEST(TopologyEdit, ARemovedQueueTakesWhatCannotStandWithoutIt) {
    Session session = hello();
    const TopologyChange change = removeQueue(session, "email.orders");
    ASSERT_TRUE(change.ok()) << change.error;
    const std::vector<std::string> expected{
        "binding orders -> email.orders",
        "consumer email <- email.orders, and with it service email",
        "expectation 6 (consumer email)",
        "expectation 4 (queue email.orders)",
    };
    std::vector<std::string> also = change.alsoRemoved;
    std::sort(also.begin(), also.end());
    std::vector<std::string> sorted = expected;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(also, sorted);
    apply(session, change);
    EXPECT_FALSE(hasQueue(session.scenario(), "email.orders"));
    EXPECT_EQ(serviceNamed(session.scenario(), "email"), nullptr);
    EXPECT_EQ(session.scenario().broker.amqp.bindings.size(), 1u);
    EXPECT_EQ(session.text().find(R"("consumer": "email")"), std::string::npos);
    EXPECT_EQ(session.text().find("email.orders"), std::string::npos) << session.text();
    EXPECT_NE(
        session.text().find(R"({ "queue": "billing.orders", "published": 200, "acked": 200 })"),
        std::string::npos)
        << "nothing else goes";
    const RunOutcome run = runScenario(session.effective());
    EXPECT_EQ(acked(run, "billing.orders"), 200u);
    EXPECT_TRUE(run.passed()) << "the expectations left still hold";
}

// A headers exchange's binding is added with its arguments, routes by them in a run, and is
// removed by them: two bindings of one queue that differ only in their arguments are two.
TEST(TopologyEdit, AHeadersBindingIsAddedAndRemovedByItsArguments) {
    LoadResult<Session> opened =
        Session::open(std::string(EVSIM_SOURCE_DIR) + "/scenarios/headers-routing.json");
    ASSERT_TRUE(opened.ok());
    Session session = std::move(*opened.value);
    EXPECT_FALSE(addBinding(session, "notifications", "sms.outbox", {}, "[1]").ok());
    apply(session, addBinding(session, "notifications", "sms.outbox", {},
                              R"({"x-match": "any", "escalate": true})"));
    const RunOutcome run = runScenario(session.effective());
    EXPECT_EQ(acked(run, "sms.outbox"), 190u) << "the 10 escalated parcels too";
    const std::size_t bound = session.scenario().broker.amqp.bindings.size();
    EXPECT_FALSE(
        removeBinding(session, "notifications", "sms.outbox", "", R"({"escalate":true})").ok());
    apply(session, removeBinding(session, "notifications", "sms.outbox", "",
                                 R"({"escalate":true,"x-match":"any"})"));
    ASSERT_EQ(session.scenario().broker.amqp.bindings.size(), bound - 1);
    EXPECT_EQ(runScenario(session.effective()).summary.queue("sms.outbox")->acked, 180u)
        << "the binding removed is the one added, not the scenario's own";
}

// One consumer of a service that consumes two queues goes alone; the last producer of a
// service that only produces takes the service; a binding goes by its key.
TEST(TopologyEdit, RemovingOnePartLeavesItsNeighbours) {
    Session session = hello();
    apply(session, addConsumer(session, "billing", "email.orders"));
    EXPECT_EQ(consumedQueuesOf(session, "billing"),
              (std::vector<std::string>{"billing.orders", "email.orders"}));
    const TopologyChange one = removeConsumer(session, "billing", "billing.orders");
    EXPECT_TRUE(one.alsoRemoved.empty());
    apply(session, one);
    EXPECT_EQ(consumedQueuesOf(session, "billing"), (std::vector<std::string>{"email.orders"}));

    Session other = hello();
    apply(other, removeBinding(other, "orders", "billing.orders", ""));
    EXPECT_EQ(other.scenario().broker.amqp.bindings.size(), 1u);
    EXPECT_FALSE(removeBinding(other, "orders", "billing.orders", "").ok());
    const TopologyChange producer = removeProducer(other, "order-service", 0);
    ASSERT_TRUE(producer.ok());
    ASSERT_EQ(producer.alsoRemoved.size(), 1u);
    EXPECT_EQ(producer.alsoRemoved[0], ", and with it service order-service");
    apply(other, producer);
    EXPECT_EQ(serviceNamed(other.scenario(), "order-service"), nullptr);
}

TEST(TopologyEdit, WhatCannotBeDoneSaysWhy) {
    Session session = hello();
    EXPECT_NE(addQueue(session, "billing.orders").error.find("already"), std::string::npos);
    EXPECT_FALSE(addQueue(session, "").ok());
    EXPECT_NE(removeQueue(session, "nope").error.find("no queue named nope"), std::string::npos);
    EXPECT_FALSE(removeConsumer(session, "email", "billing.orders").ok());
    EXPECT_FALSE(removeProducer(session, "order-service", 3).ok());
    EXPECT_FALSE(addProducer(session, "order-service", "orders", "", "").ok());
    // A producer to an exchange the scenario lacks: the change is made, the loader refuses it.
    const Status bad = session.edit(addProducer(session, "x", "nowhere", "E", "").edits);
    EXPECT_FALSE(bad.ok());
    EXPECT_NE(bad.why().find("nowhere"), std::string::npos) << bad.why();
}

} // namespace
} // namespace evsim
