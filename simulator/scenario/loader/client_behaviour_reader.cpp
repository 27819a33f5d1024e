#include "simulator/scenario/loader/client_behaviour_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 3> kConfirmKeys{"timeout", "retries", "backoff"};
constexpr std::array<std::string_view, 2> kIdempotentKeys{"window", "durable"};
constexpr std::array<std::string_view, 4> kRetryKeys{"attempts", "via", "backoff", "give_up"};
constexpr std::array<std::string_view, 2> kRouteKeys{"exchange", "routing_key"};
constexpr std::array<std::string_view, 3> kTransactionKeys{"records", "abort_every", "timeout"};
constexpr std::array<std::string_view, 1> kConsumerTransactionKeys{"timeout"};
// A transaction's records are all sent again when it aborts: the producer keeps them.
constexpr Limit kMaxTransactionRecords{
    100'000, "the producer keeps a transaction's events until it commits; Kafka's own "
             "transactions are usually a batch of a few hundred"};

} // namespace

bool ClientBehaviourReader::isSwitchOrObject(const Json& v, const std::string& path,
                                             std::string_view example) const {
    if (v.is_boolean() || v.is_object()) {
        return true;
    }
    m_context.fail(Code::WrongType, path,
                   label(path) + " must be true, false or an object, got " + describe(v),
                   "true takes the defaults; e.g. " + std::string(example));
    return false;
}

std::optional<ConfirmSpec> ClientBehaviourReader::readConfirms(const Json& v,
                                                               const std::string& path) const {
    if (!isSwitchOrObject(v, path, "{ \"timeout\": \"5s\", \"retries\": 3 }") ||
        (v.is_boolean() && !v.get<bool>())) {
        return std::nullopt;
    }
    ConfirmSpec spec;
    if (v.is_boolean() || !m_values.isObject(v, path, kConfirmKeys)) {
        return spec;
    }
    const MemberReader members(m_values, v, path);
    members.positiveDuration("timeout", spec.timeout);
    members.integer("retries", spec.retries, 0, kMaxRetries);
    if (const Json* backoff = members.find("backoff")) {
        spec.backoff = m_backoffs.read(*backoff, members.pathOf("backoff"), Backoff{});
    }
    return spec;
}

std::optional<TransactionSpec>
ClientBehaviourReader::readTransaction(const Json& v, const std::string& path) const {
    if (!isSwitchOrObject(v, path, "{ \"records\": 10, \"abort_every\": 5 }") ||
        (v.is_boolean() && !v.get<bool>())) {
        return std::nullopt;
    }
    TransactionSpec spec;
    if (v.is_object() && m_values.isObject(v, path, kTransactionKeys)) {
        const MemberReader members(m_values, v, path);
        members.integer("records", spec.records, 1, kMaxTransactionRecords);
        // Every one aborting would send the same events again without end.
        members.integer("abort_every", spec.abortEvery, 2, kMaxTransactionRecords);
        members.positiveDuration("timeout", spec.timeout);
    }
    return spec;
}

std::optional<SimTime>
ClientBehaviourReader::readConsumerTransaction(const Json& v, const std::string& path) const {
    if (!isSwitchOrObject(v, path, "{ \"timeout\": \"60s\" }") ||
        (v.is_boolean() && !v.get<bool>())) {
        return std::nullopt;
    }
    SimTime timeout = TransactionSpec{}.timeout;
    if (v.is_object() && m_values.isObject(v, path, kConsumerTransactionKeys)) {
        MemberReader(m_values, v, path).positiveDuration("timeout", timeout);
    }
    return timeout;
}

std::optional<IdempotencySpec>
ClientBehaviourReader::readIdempotent(const Json& v, const std::string& path) const {
    if (!isSwitchOrObject(v, path, "{ \"window\": \"10m\", \"durable\": true }") ||
        (v.is_boolean() && !v.get<bool>())) {
        return std::nullopt;
    }
    IdempotencySpec spec;
    if (v.is_object() && m_values.isObject(v, path, kIdempotentKeys)) {
        const MemberReader members(m_values, v, path);
        members.positiveDuration("window", spec.window);
        members.boolean("durable", spec.durable);
    }
    return spec;
}

std::optional<RetrySpec> ClientBehaviourReader::readRetry(const Json& v,
                                                          const std::string& path) const {
    if (!m_values.isObject(v, path, kRetryKeys)) {
        return std::nullopt;
    }
    RetrySpec spec;
    const MemberReader members(m_values, v, path);
    members.integer("attempts", spec.attempts, 1, kMaxAttempts);
    const bool logs = m_names.logWords();
    // A log's retry writes to a topic (a retry topic, a dead-letter topic) and keeps the
    // record's key, so a key's retries share a partition.
    spec.keepsKey = logs;
    if (const Json* via = members.find("via")) {
        if (logs && via->is_array()) {
            readRetryTopics(*via, members.pathOf("via"), spec);
        } else if (logs) {
            spec.viaExchange = readTopic(*via, members.pathOf("via"));
        } else if (auto route = readRoute(*via, members.pathOf("via"))) {
            spec.viaExchange = std::move(route->first);
            spec.viaRoutingKey = std::move(route->second);
        }
    }
    if (const Json* backoff = members.find("backoff")) {
        spec.backoff = m_backoffs.read(*backoff, members.pathOf("backoff"), Backoff{});
        // Without "via" a failed message goes back by the failure action at once: there is
        // nothing to wait between.
        if (!members.has("via")) {
            m_context.failAtKey(
                Code::MissingKey, members.pathOf("backoff"),
                logs ? "\"backoff\" needs \"via\": only a retry through a retry topic waits "
                       "between attempts"
                     : "\"backoff\" needs \"via\": only a retry through an exchange waits "
                       "between attempts",
                logs ? "add \"via\": \"<topic>\", a retry topic the service also reads "
                       "through a group, or remove \"backoff\""
                     : "add \"via\": { \"exchange\": ..., \"routing_key\": ... }, usually a "
                       "delay queue that dead-letters back, or remove \"backoff\"");
        }
    }
    if (const Json* giveUp = members.find("give_up")) {
        if (logs) {
            spec.giveUpExchange = readTopic(*giveUp, members.pathOf("give_up"));
        } else if (auto route = readRoute(*giveUp, members.pathOf("give_up"))) {
            spec.giveUpExchange = std::move(route->first);
            spec.giveUpRoutingKey = std::move(route->second);
        }
    }
    return spec;
}

void ClientBehaviourReader::readRetryTopics(const Json& v, const std::string& path,
                                            RetrySpec& spec) const {
    // One topic per retry at most: "attempts" counts the first delivery too.
    if (v.empty() || v.size() >= spec.attempts) {
        m_context.fail(Code::OutOfRange, path,
                       label(path) + " lists " + std::to_string(v.size()) +
                           " retry topics, but \"attempts\": " + std::to_string(spec.attempts) +
                           " makes " +
                           (spec.attempts == 2 ? std::string("1 retry")
                                               : std::to_string(spec.attempts - 1) + " retries"),
                       "one topic per retry, in order (e.g. \"orders-retry-1s\", "
                       "\"orders-retry-2s\"); the last takes every retry after it");
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::optional<std::string> topic = readTopic(v[i], JsonSourceMap::elementPath(path, i));
        if (!topic) {
            continue;
        }
        if (i == 0) {
            spec.viaExchange = std::move(topic);
        } else {
            spec.laterVia.push_back(std::move(*topic));
        }
    }
}

std::optional<std::string> ClientBehaviourReader::readTopic(const Json& v,
                                                            const std::string& path) const {
    if (!v.is_string()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must name a topic, got " + describe(v),
                       "e.g. \"orders-retry\"; the record keeps its key");
        return std::nullopt;
    }
    auto topic = m_values.readString(v, path, true);
    if (topic && !m_names.check(NameKind::Exchange, *topic, path)) {
        return std::nullopt;
    }
    return topic;
}

std::optional<std::pair<std::string, std::string>>
ClientBehaviourReader::readRoute(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kRouteKeys)) {
        return std::nullopt;
    }
    const Json* exchange = m_values.require(v, path, "exchange");
    const auto x = exchange ? m_values.readString(*exchange, at(path, "exchange")) : std::nullopt;
    std::optional<std::string> key = "";
    if (v.contains("routing_key")) {
        key = m_values.readString(v["routing_key"], at(path, "routing_key"));
    }
    if (!x || !key) {
        return std::nullopt;
    }
    m_publications.checkRoute(v, path, *x, *key);
    return std::pair(*x, *key);
}

} // namespace evsim::loader
