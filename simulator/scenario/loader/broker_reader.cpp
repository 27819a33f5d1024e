#include "simulator/scenario/loader/broker_reader.h"

#include "simulator/scenario/loader/kafka_reader.h"
#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 6> kBrokerKeys{"kind",     "exchanges",        "queues",
                                                      "bindings", "consumer_timeout", "heartbeat"};
constexpr std::array<std::string_view, 10> kKafkaKeys{"kind",
                                                      "topics",
                                                      "groups",
                                                      "retention_check_interval",
                                                      "brokers",
                                                      "replication_delay",
                                                      "broker_session_timeout",
                                                      "auto_leader_rebalance",
                                                      "leader_imbalance_check_interval",
                                                      "leader_imbalance_per_broker_percentage"};
constexpr std::array<std::string_view, 3> kExchangeKeys{"name", "type", "arguments"};
constexpr std::array<std::string_view, 1> kExchangeArguments{"alternate-exchange"};
constexpr std::array<std::string_view, 4> kQueueKeys{"name", "type", "durable", "arguments"};
constexpr std::array<std::string_view, 5> kBindingKeys{"exchange", "queue", "to_exchange", "key",
                                                       "arguments"};
constexpr std::array<std::string_view, 4> kExchangeTypes{"direct", "fanout", "topic", "headers"};
constexpr std::array<std::string_view, 4> kMatchKinds{"all", "any", "all-with-x", "any-with-x"};

} // namespace

void BrokerReader::read(const Json& v, const std::string& path, BrokerSpec& spec) const {
    // The kind decides which keys the object may have, so it is read first.
    if (v.is_object() && v.contains("kind")) {
        const auto kinds = brokerKindNames();
        const auto name = m_values.readChoice(v["kind"], at(path, "kind"), "broker kind", kinds);
        spec.kind = name ? *brokerKindNamed(*name) : BrokerKind::Amqp;
    }
    const bool logs = spec.kind == BrokerKind::Kafka;
    if (logs) {
        m_names.useLogWords();
    }
    if (!(logs ? m_values.isObject(v, path, kKafkaKeys)
               : m_values.isObject(v, path, kBrokerKeys))) {
        m_names.markIncomplete(NameKind::Exchange);
        m_names.markIncomplete(NameKind::Queue);
        return;
    }
    if (logs) {
        KafkaReader(m_context, m_names).read(v, path, spec.kafka);
    } else {
        readAmqp(v, path, spec.amqp);
    }
}

void BrokerReader::readAmqp(const Json& v, const std::string& path, AmqpSpec& broker) const {
    if (v.contains("exchanges") && !v["exchanges"].is_array()) {
        m_names.markIncomplete(NameKind::Exchange);
    }
    if (v.contains("queues") && !v["queues"].is_array()) {
        m_names.markIncomplete(NameKind::Queue);
    }
    // Past a limit only the first entries are read, so references to the others go unchecked.
    // An alternate may be declared after the exchange that names it: checked once all are read.
    std::vector<std::pair<std::string, std::string>> alternates; // (name, path)
    if (!m_values.forEach(
            v, path, "exchanges", kMaxExchanges, [&](const Json& e, const std::string& p) {
                const std::size_t before = broker.exchanges.size();
                readExchange(e, p, broker);
                if (broker.exchanges.size() > before && broker.exchanges.back().alternateExchange) {
                    alternates.emplace_back(*broker.exchanges.back().alternateExchange,
                                            at(at(p, "arguments"), "alternate-exchange"));
                }
            })) {
        m_names.markIncomplete(NameKind::Exchange);
    }
    for (const auto& [name, p] : alternates) {
        m_names.check(NameKind::Exchange, name, p);
    }
    QueueArgumentsReader arguments(m_context, m_names);
    if (!m_values.forEach(v, path, "queues", kMaxQueues, [&](const Json& q, const std::string& p) {
            readQueue(q, p, arguments, broker);
        })) {
        m_names.markIncomplete(NameKind::Queue);
    }
    arguments.checkDeadLetterQueues();
    m_values.forEach(v, path, "bindings", kMaxBindings,
                     [&](const Json& b, const std::string& p) { readBinding(b, p, broker); });
    const MemberReader members(m_values, v, path);
    members.positiveDuration("consumer_timeout", broker.consumerTimeout);
    members.positiveDuration("heartbeat", broker.heartbeat);
}

void BrokerReader::readExchange(const Json& e, const std::string& p, AmqpSpec& broker) const {
    const Json* name =
        m_values.isObject(e, p, kExchangeKeys) ? m_values.require(e, p, "name") : nullptr;
    const auto n = name ? m_values.readString(*name, at(p, "name"), true) : std::nullopt;
    if (!n) {
        m_names.markIncomplete(NameKind::Exchange);
        return;
    }
    m_names.declare(NameKind::Exchange, *n, at(p, "name"));
    const Json* type = m_values.require(e, p, "type");
    const auto t = type ? m_values.readChoice(*type, at(p, "type"), "exchange type", kExchangeTypes)
                        : std::nullopt;
    if (!t) {
        return;
    }
    ExchangeSpec spec{*n, *t == "direct"   ? ExchangeType::Direct
                          : *t == "fanout" ? ExchangeType::Fanout
                          : *t == "topic"  ? ExchangeType::Topic
                                           : ExchangeType::Headers};
    // RabbitMQ's exchange arguments; alternate-exchange is the one that changes routing.
    const std::string args = at(p, "arguments");
    if (e.contains("arguments") && m_values.isObject(e["arguments"], args, kExchangeArguments) &&
        e["arguments"].contains("alternate-exchange")) {
        const std::string ap = at(args, "alternate-exchange");
        spec.alternateExchange =
            m_values.readString(e["arguments"]["alternate-exchange"], ap, true);
    }
    broker.exchanges.push_back(std::move(spec));
}

void BrokerReader::readQueue(const Json& q, const std::string& p, QueueArgumentsReader& arguments,
                             AmqpSpec& broker) const {
    const Json* name =
        m_values.isObject(q, p, kQueueKeys) ? m_values.require(q, p, "name") : nullptr;
    const auto n = name ? m_values.readString(*name, at(p, "name"), true) : std::nullopt;
    if (!n) {
        m_names.markIncomplete(NameKind::Queue);
        return;
    }
    m_names.declare(NameKind::Queue, *n, at(p, "name"));
    QueueSpec spec(*n);
    arguments.read(q, p, spec);
    broker.queues.push_back(std::move(spec));
}

void BrokerReader::readBinding(const Json& b, const std::string& p, AmqpSpec& broker) const {
    if (!m_values.isObject(b, p, kBindingKeys)) {
        return;
    }
    BindingSpec spec;
    if (const Json* x = m_values.require(b, p, "exchange")) {
        spec.exchange = m_values.readString(*x, at(p, "exchange"), true).value_or("");
        if (!spec.exchange.empty()) {
            m_names.check(NameKind::Exchange, spec.exchange, at(p, "exchange"));
        }
    }
    // A binding leads to a queue or, as RabbitMQ's exchange-to-exchange bindings, to another
    // exchange (AMQP04): one of the two.
    if (b.contains("queue") && b.contains("to_exchange")) {
        m_context.failAtKey(Code::ConflictingKeys, at(p, "to_exchange"),
                            "a binding leads to a queue or to an exchange, but \"queue\" and "
                            "\"to_exchange\" are both set",
                            "bind the queue and the exchange in two bindings");
        return;
    }
    if (b.contains("to_exchange")) {
        spec.toExchange =
            m_values.readString(b["to_exchange"], at(p, "to_exchange"), true).value_or("");
        if (!spec.toExchange.empty()) {
            m_names.check(NameKind::Exchange, spec.toExchange, at(p, "to_exchange"));
        }
    } else if (!b.is_object() || !b.contains("queue")) {
        m_context.fail(Code::MissingKey, p, "a binding needs a \"queue\" or a \"to_exchange\"",
                       "e.g. { \"exchange\": \"events\", \"queue\": \"orders\" }");
    } else {
        spec.queue = m_values.readString(b["queue"], at(p, "queue"), true).value_or("");
        if (!spec.queue.empty()) {
            m_names.check(NameKind::Queue, spec.queue, at(p, "queue"));
        }
    }
    if (b.contains("key")) {
        spec.key = m_values.readString(b["key"], at(p, "key")).value_or("");
    }
    if (b.contains("arguments")) {
        spec.arguments = readArguments(b["arguments"], at(p, "arguments"));
    }
    broker.bindings.push_back(std::move(spec));
}

std::string BrokerReader::readArguments(const Json& a, const std::string& p) const {
    // A binding's arguments are an AMQP table, as a headers exchange matches them (AMQP03).
    if (!a.is_object()) {
        m_context.fail(Code::WrongType, p,
                       "\"arguments\" must be an object of names and values, got " + describe(a),
                       "e.g. { \"x-match\": \"any\", \"region\": \"eu\" }");
        return {};
    }
    if (a.contains("x-match")) {
        const Json& match = a["x-match"];
        if (!match.is_string()) {
            m_context.fail(Code::WrongType, at(p, "x-match"),
                           "\"x-match\" must be a string, got " + describe(match),
                           "one of \"all\", \"any\", \"all-with-x\" or \"any-with-x\"");
            return {};
        }
        if (!m_values.readChoice(match, at(p, "x-match"), "x-match", kMatchKinds)) {
            return {};
        }
    }
    std::string text = a.dump();
    if (text.size() > kMaxHeadersBytes.max) {
        m_context.fail(Code::LimitExceeded, p,
                       "\"arguments\" is " + std::to_string(text.size()) +
                           " bytes of JSON; the limit is " + std::to_string(kMaxHeadersBytes.max),
                       std::string(kMaxHeadersBytes.why));
        return {};
    }
    return text;
}

} // namespace evsim::loader
