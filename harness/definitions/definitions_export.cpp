#include "harness/definitions/definitions_export.h"

#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Out = nlohmann::ordered_json;

const char* overflowName(Overflow o) {
    switch (o) {
    case Overflow::DropHead:
        return "drop-head";
    case Overflow::RejectPublish:
        return "reject-publish";
    case Overflow::RejectPublishDlx:
        return "reject-publish-dlx";
    }
    return "drop-head";
}

Out queueArguments(const QueueSpec& q) {
    const QueueArguments& a = q.arguments;
    // RabbitMQ's import takes a queue's type from x-queue-type alone.
    Out out{{"x-queue-type", q.type == QueueType::Quorum ? "quorum" : "classic"}};
    if (a.messageTtl) {
        out["x-message-ttl"] = a.messageTtl->nanos() / 1'000'000;
    }
    if (a.maxLength) {
        out["x-max-length"] = *a.maxLength;
    }
    if (a.maxLengthBytes) {
        out["x-max-length-bytes"] = *a.maxLengthBytes;
    }
    if (a.overflow != Overflow::DropHead) {
        out["x-overflow"] = overflowName(a.overflow);
    }
    if (a.deadLetterExchange) {
        out["x-dead-letter-exchange"] = *a.deadLetterExchange;
    }
    if (a.deadLetterRoutingKey) {
        out["x-dead-letter-routing-key"] = *a.deadLetterRoutingKey;
    }
    if (a.deliveryLimit) {
        out["x-delivery-limit"] = *a.deliveryLimit;
    }
    return out;
}

} // namespace

std::string rabbitMqQueueArguments(const QueueSpec& queue) {
    return queueArguments(queue).dump();
}

std::string exportRabbitMqDefinitions(const Scenario& scenario) {
    const AmqpSpec& amqp = scenario.broker.amqp;
    Out exchanges = Out::array();
    for (const ExchangeSpec& x : amqp.exchanges) {
        Out arguments = Out::object();
        if (x.alternateExchange) {
            arguments["alternate-exchange"] = *x.alternateExchange;
        }
        exchanges.push_back(Out{{"name", x.name},
                                {"vhost", "/"},
                                {"type", exchangeTypeName(x.type)},
                                {"durable", true},
                                {"auto_delete", false},
                                {"internal", false},
                                {"arguments", arguments}});
    }
    Out queues = Out::array();
    for (const QueueSpec& q : amqp.queues) {
        queues.push_back(Out{{"name", q.name},
                             {"vhost", "/"},
                             {"durable", q.durable},
                             {"auto_delete", false},
                             {"arguments", queueArguments(q)}});
    }
    Out bindings = Out::array();
    for (const BindingSpec& b : amqp.bindings) {
        const bool toExchange = !b.toExchange.empty();
        bindings.push_back(
            Out{{"source", b.exchange},
                {"vhost", "/"},
                {"destination", toExchange ? b.toExchange : b.queue},
                {"destination_type", toExchange ? "exchange" : "queue"},
                {"routing_key", b.key},
                {"arguments", b.arguments.empty() ? Out::object() : Out::parse(b.arguments)}});
    }
    const Out definitions{{"rabbit_version", "3.10.25"},
                          {"rabbitmq_version", "3.10.25"},
                          {"vhosts", Out::array({Out{{"name", "/"}}})},
                          {"policies", Out::array()},
                          {"exchanges", exchanges},
                          {"queues", queues},
                          {"bindings", bindings}};
    return definitions.dump(2) + "\n";
}

} // namespace evsim
