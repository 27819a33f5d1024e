#include "simulator/scenario/loader/broker_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <optional>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 6> kBrokerKeys{"kind",     "exchanges",        "queues",
                                                      "bindings", "consumer_timeout", "heartbeat"};
constexpr std::array<std::string_view, 2> kExchangeKeys{"name", "type"};
constexpr std::array<std::string_view, 4> kQueueKeys{"name", "type", "durable", "arguments"};
constexpr std::array<std::string_view, 4> kBindingKeys{"exchange", "queue", "key", "arguments"};
constexpr std::array<std::string_view, 4> kExchangeTypes{"direct", "fanout", "topic", "headers"};
constexpr std::array<std::string_view, 4> kMatchKinds{"all", "any", "all-with-x", "any-with-x"};

} // namespace

void BrokerReader::read(const Json& v, const std::string& path, BrokerSpec& spec) const {
    if (!m_values.isObject(v, path, kBrokerKeys)) {
        m_names.markIncomplete(NameKind::Exchange);
        m_names.markIncomplete(NameKind::Queue);
        return;
    }
    if (v.contains("kind")) {
        const auto kinds = brokerKindNames();
        const auto name = m_values.readChoice(v["kind"], at(path, "kind"), "broker kind", kinds);
        spec.kind = name ? *brokerKindNamed(*name) : BrokerKind::Amqp;
    }
    readAmqp(v, path, spec.amqp);
}

void BrokerReader::readAmqp(const Json& v, const std::string& path, AmqpSpec& broker) const {
    if (v.contains("exchanges") && !v["exchanges"].is_array()) {
        m_names.markIncomplete(NameKind::Exchange);
    }
    if (v.contains("queues") && !v["queues"].is_array()) {
        m_names.markIncomplete(NameKind::Queue);
    }
    // Past a limit only the first entries are read, so references to the others go unchecked.
    if (!m_values.forEach(
            v, path, "exchanges", kMaxExchanges,
            [&](const Json& e, const std::string& p) { readExchange(e, p, broker); })) {
        m_names.markIncomplete(NameKind::Exchange);
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
    if (t) {
        broker.exchanges.push_back({*n, *t == "direct"   ? ExchangeType::Direct
                                        : *t == "fanout" ? ExchangeType::Fanout
                                        : *t == "topic"  ? ExchangeType::Topic
                                                         : ExchangeType::Headers});
    }
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
    if (const Json* q = m_values.require(b, p, "queue")) {
        spec.queue = m_values.readString(*q, at(p, "queue"), true).value_or("");
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
