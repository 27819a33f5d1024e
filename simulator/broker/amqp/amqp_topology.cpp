#include "simulator/broker/amqp/amqp_topology.h"

#include "simulator/broker/amqp/headers_matcher.h"

#include <set>
#include <string_view>

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

// A headers binding as a canvas labels it: "channel=email & tier=gold" (x-match all),
// "priority=high | escalate=true" (any), "tenant present"; with nothing to match, all is
// "(every message)" and any "(none)". No ", ": it separates two bindings on one arrow.
std::string headersLabel(std::string_view arguments) {
    const HeadersBinding binding(arguments);
    std::string label;
    for (const HeadersBinding::Wanted& w : binding.wanted()) {
        const bool quoted = w.value.size() >= 2 && w.value.front() == '"';
        label += (label.empty()   ? ""
                  : binding.any() ? " | "
                                  : " & ") +
                 w.name +
                 (w.presence ? std::string(" present")
                             : "=" + (quoted ? w.value.substr(1, w.value.size() - 2) : w.value));
    }
    return !label.empty() ? label : binding.any() ? "(none)" : "(every message)";
}

} // namespace

BrokerTopology describeAmqp(const AmqpSpec& spec) {
    BrokerTopology t;
    t.targets.push_back({"", "(default)", "default", true});
    for (const ExchangeSpec& x : spec.exchanges) {
        t.targets.push_back({x.name, x.name, exchangeTypeName(x.type), false, x.alternateExchange});
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
    std::set<std::string_view> byHeaders; // few: only headers exchanges
    for (const ExchangeSpec& x : spec.exchanges) {
        if (x.type == ExchangeType::Headers) {
            byHeaders.insert(x.name);
        }
    }
    for (const BindingSpec& b : spec.bindings) {
        const bool toExchange = !b.toExchange.empty();
        t.routes.push_back({b.exchange, toExchange ? b.toExchange : b.queue,
                            byHeaders.count(b.exchange) ? headersLabel(b.arguments) : b.key,
                            toExchange});
    }
    return t;
}

} // namespace evsim
