#pragma once

// Small scenarios built in code for unit tests of the core.
#include "simulator/scenario/scenario.h"

#include <string>

namespace evsim::testkit {

inline PublishMessage publishTo(std::string exchange, std::string key, std::string type = "Ping") {
    PublishMessage p;
    p.exchange = std::move(exchange);
    p.routingKey = std::move(key);
    p.eventType = std::move(type);
    return p;
}

inline ConsumerSpec consumerOf(std::string queue, SimTime processing, std::uint32_t prefetch = 0) {
    ConsumerSpec c;
    c.queue = std::move(queue);
    c.processing = Distribution::constant(processing);
    c.prefetch = prefetch;
    return c;
}

inline ServiceSpec service(std::string name, std::uint32_t instances = 1) {
    ServiceSpec s;
    s.name = std::move(name);
    s.instances = instances;
    return s;
}

// hello-pubsub in code: orders -> fanout -> billing (2 instances) and email.
inline Scenario fanoutScenario(double emailFailure = 0, bool emailRejects = false) {
    Scenario s;
    s.name = "fanout";
    s.duration = SimTime::fromSeconds(5);
    s.broker.amqp.exchanges.push_back({"orders", ExchangeType::Fanout});
    s.broker.amqp.queues.push_back({"billing.orders"});
    s.broker.amqp.queues.push_back({"email.orders"});
    s.broker.amqp.bindings.push_back({"orders", "billing.orders", ""});
    s.broker.amqp.bindings.push_back({"orders", "email.orders", ""});
    ServiceSpec orders = service("orders");
    ProducerSpec p;
    p.eventType = "OrderPlaced";
    p.exchange = "orders";
    p.routingKey = "order.placed";
    p.gap = Distribution::exponential(SimTime::fromMillis(20));
    p.count = 100;
    orders.produces.push_back(p);
    s.services.push_back(orders);
    ServiceSpec billing = service("billing", 2);
    billing.consumes.push_back(consumerOf("billing.orders", SimTime::fromMillis(5), 5));
    billing.consumes.back().processing =
        Distribution::logNormal(SimTime::fromMillis(5), SimTime::fromMillis(30));
    s.services.push_back(billing);
    ServiceSpec email = service("email");
    email.consumes.push_back(consumerOf("email.orders", SimTime::fromMillis(10), 10));
    email.consumes.back().failureProbability = emailFailure;
    email.consumes.back().onFailure = emailRejects ? FailureAction::Reject : FailureAction::Requeue;
    s.services.push_back(email);
    s.network.latency = Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(3));
    return s;
}

} // namespace evsim::testkit
