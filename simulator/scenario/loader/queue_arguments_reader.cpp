#include "simulator/scenario/loader/queue_arguments_reader.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 2> kQueueTypes{"classic", "quorum"};
constexpr std::array<std::string_view, 7> kArguments{
    "x-message-ttl",   "x-max-length",           "x-max-length-bytes",
    "x-overflow",      "x-dead-letter-exchange", "x-dead-letter-routing-key",
    "x-delivery-limit"};
constexpr std::array<std::string_view, 3> kOverflows{"drop-head", "reject-publish",
                                                     "reject-publish-dlx"};

// RabbitMQ arguments that are real but not modelled: refusing them by name says so, rather
// than "unknown".
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kUnmodelled{{
    {"x-queue-type", "use the queue's \"type\": \"classic\" or \"quorum\""},
    {"x-expires", "queues are never deleted during a run"},
    {"x-max-priority", "messages have no priority here"},
    {"x-queue-mode", "memory and disk are not modelled"},
    {"x-queue-version", "memory and disk are not modelled"},
    {"x-single-active-consumer", "every consumer of a queue takes deliveries"},
    {"x-dead-letter-strategy", "dead-lettering is at-most-once, RabbitMQ's default"},
    {"x-queue-leader-locator", "the broker is a single node"},
    {"x-quorum-initial-group-size", "the broker is a single node"},
}};

// The longest TTL in milliseconds that fits in SimTime's nanoseconds.
constexpr std::uint64_t kMaxTtlMillis = INT64_MAX / 1'000'000;

} // namespace

void QueueArgumentsReader::read(const Json& queue, const std::string& path, QueueSpec& spec) {
    const MemberReader members(m_values, queue, path);
    bool typeKnown = true;
    if (const Json* type = members.find("type")) {
        const auto t =
            m_values.readChoice(*type, members.pathOf("type"), "queue type", kQueueTypes);
        spec.type = t == "quorum" ? QueueType::Quorum : QueueType::Classic;
        typeKnown = t.has_value();
    }
    const bool durableOk = members.boolean("durable", spec.durable);
    if (typeKnown && durableOk && spec.type == QueueType::Quorum && !spec.durable) {
        m_context.fail(Code::Inapplicable, members.pathOf("durable"),
                       "a quorum queue is always durable, so \"durable\" cannot be false",
                       "remove \"durable\", or make the queue \"classic\"");
    }
    if (const Json* arguments = members.find("arguments")) {
        readArguments(*arguments, members.pathOf("arguments"), spec);
        if (typeKnown) {
            checkQueueType(*arguments, members.pathOf("arguments"), spec);
        }
    }
}

void QueueArgumentsReader::readArguments(const Json& v, const std::string& path, QueueSpec& spec) {
    if (!v.is_object()) {
        m_context.fail(Code::WrongType, path,
                       "\"arguments\" must be an object of RabbitMQ queue arguments, got " +
                           describe(v),
                       "e.g. { \"x-max-length\": 1000, \"x-overflow\": \"reject-publish\" }");
        return;
    }
    for (const auto& item : v.items()) {
        const std::string& key = item.key(); // a name, not a binding: lambdas capture it
        if (m_context.enough() ||
            std::find(kArguments.begin(), kArguments.end(), key) != kArguments.end()) {
            continue;
        }
        const auto unmodelled = std::find_if(kUnmodelled.begin(), kUnmodelled.end(),
                                             [&](const auto& u) { return u.first == key; });
        if (unmodelled != kUnmodelled.end()) {
            m_context.failAtKey(Code::Unsupported, at(path, key),
                                "queue argument " + quote(key) + " is not supported",
                                std::string(unmodelled->second));
            continue;
        }
        const std::string hint = didYouMean(key, kArguments);
        m_context.failAtKey(Code::UnknownKey, at(path, key), "unknown queue argument " + quote(key),
                            hint.empty() ? "supported arguments: " + listOf(kArguments) : hint);
    }
    QueueArguments& a = spec.arguments;
    const MemberReader members(m_values, v, path);
    if (const Json* ttl = members.find("x-message-ttl")) {
        // RabbitMQ takes milliseconds; a duration with its unit reads better and is allowed too.
        const std::string p = members.pathOf("x-message-ttl");
        if (ttl->is_number()) {
            const auto ms = m_values.readInteger(*ttl, p, 0, kMaxTtlMillis);
            a.messageTtl = ms ? std::optional(SimTime::fromMillis(static_cast<std::int64_t>(*ms)))
                              : std::nullopt;
        } else if (ttl->is_string()) {
            a.messageTtl = m_values.readDuration(*ttl, p);
        } else {
            m_context.fail(Code::WrongType, p,
                           "\"x-message-ttl\" must be milliseconds (an integer) or a duration, "
                           "got " +
                               describe(*ttl),
                           "e.g. 60000 or \"1m\"");
        }
    }
    for (const std::string_view key : {"x-max-length", "x-max-length-bytes"}) {
        if (const Json* n = members.find(key)) {
            (key == "x-max-length" ? a.maxLength : a.maxLengthBytes) =
                m_values.readInteger(*n, members.pathOf(key), 0, UINT64_MAX);
        }
    }
    if (const Json* overflow = members.find("x-overflow")) {
        const auto o =
            m_values.readChoice(*overflow, members.pathOf("x-overflow"), "overflow", kOverflows);
        a.overflow = o == "reject-publish"       ? Overflow::RejectPublish
                     : o == "reject-publish-dlx" ? Overflow::RejectPublishDlx
                                                 : Overflow::DropHead;
    }
    if (const Json* dlx = members.find("x-dead-letter-exchange")) {
        const std::string p = members.pathOf("x-dead-letter-exchange");
        a.deadLetterExchange = m_values.readString(*dlx, p);
        if (a.deadLetterExchange && !a.deadLetterExchange->empty()) {
            m_names.check(NameKind::Exchange, *a.deadLetterExchange, p);
        }
    }
    if (const Json* key = members.find("x-dead-letter-routing-key")) {
        const std::string p = members.pathOf("x-dead-letter-routing-key");
        a.deadLetterRoutingKey = m_values.readString(*key, p);
        if (!members.has("x-dead-letter-exchange")) {
            m_context.failAtKey(
                Code::MissingKey, p,
                "\"x-dead-letter-routing-key\" is set without \"x-dead-letter-exchange\"",
                "without a dead-letter exchange nothing is dead-lettered; add "
                "\"x-dead-letter-exchange\" (\"\" for the default exchange)");
        } else if (a.deadLetterRoutingKey && a.deadLetterExchange &&
                   a.deadLetterExchange->empty()) {
            m_deadLetterKeys.emplace_back(*a.deadLetterRoutingKey, p);
        }
    }
    if (const Json* limit = members.find("x-delivery-limit")) {
        a.deliveryLimit =
            m_values.readInteger(*limit, members.pathOf("x-delivery-limit"), 0, UINT32_MAX);
    }
}

// What RabbitMQ refuses, or ignores, for the queue's type.
void QueueArgumentsReader::checkQueueType(const Json& v, const std::string& path,
                                          const QueueSpec& spec) {
    if (spec.type == QueueType::Classic && v.is_object() && v.contains("x-delivery-limit")) {
        m_context.failAtKey(Code::Inapplicable, at(path, "x-delivery-limit"),
                            "\"x-delivery-limit\" is for quorum queues only, and " +
                                quote(spec.name) + " is a classic queue",
                            "set the queue's \"type\" to \"quorum\", or use a consumer's "
                            "\"retry\" to give up after some attempts");
    }
}

// The default exchange delivers to the queue named by the routing key, as for a publish.
void QueueArgumentsReader::checkDeadLetterQueues() {
    if (!m_names.complete(NameKind::Queue)) {
        return;
    }
    for (const auto& [key, path] : m_deadLetterKeys) {
        if (m_names.has(NameKind::Queue, key)) {
            continue;
        }
        const std::string hint = m_names.didYouMean(NameKind::Queue, key);
        m_context.fail(Code::UnknownReference, path,
                       "the default exchange (\"\") dead-letters to the queue named by "
                       "\"x-dead-letter-routing-key\", and there is no queue " +
                           quote(key),
                       hint.empty() ? m_names.listing(NameKind::Queue) : hint);
    }
}

} // namespace evsim::loader
