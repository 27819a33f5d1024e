#include "simulator/broker/amqp/amqp_topology.h"

namespace evsim {
namespace {

std::vector<std::string> detailsOf(const QueueSpec& queue) {
    std::vector<std::string> parts;
    parts.emplace_back(queue.type == QueueType::Quorum ? "quorum" : "classic");
    if (!queue.durable) {
        parts.emplace_back("transient");
    }
    const QueueArguments& a = queue.arguments;
    if (a.messageTtl) {
        parts.push_back("ttl " + formatDuration(*a.messageTtl));
    }
    if (a.maxLength) {
        parts.push_back("max " + std::to_string(*a.maxLength));
    }
    if (a.deadLetterExchange) {
        parts.push_back("dlx " + (a.deadLetterExchange->empty() ? std::string("(default)")
                                                                : *a.deadLetterExchange));
    }
    if (a.deliveryLimit) {
        parts.push_back("delivery limit " + std::to_string(*a.deliveryLimit));
    }
    return parts;
}

} // namespace

BrokerTopology describeAmqp(const AmqpSpec& spec) {
    BrokerTopology t;
    t.targets.push_back({"", "(default)", "default", true});
    for (const ExchangeSpec& x : spec.exchanges) {
        t.targets.push_back({x.name, x.name, exchangeTypeName(x.type)});
    }
    for (const QueueSpec& q : spec.queues) {
        BrokerTopology::Source s;
        s.name = q.name;
        s.badge = q.type == QueueType::Quorum ? "quorum" : "";
        s.details = detailsOf(q);
        s.capacity = q.arguments.maxLength.value_or(0);
        s.deadLetterTarget = q.arguments.deadLetterExchange;
        s.deadLetterKey = q.arguments.deadLetterRoutingKey.value_or(std::string());
        t.sources.push_back(std::move(s));
    }
    for (const BindingSpec& b : spec.bindings) {
        t.routes.push_back({b.exchange, b.queue, b.key});
    }
    return t;
}

} // namespace evsim
