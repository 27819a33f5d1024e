#include "harness/io/copy_headers.h"

#include "simulator/engine/envelope.h"

#include <algorithm>

namespace evsim {

CopyHeaders::CopyHeaders(const Scenario& scenario, const EntityTable& entities,
                         const StringTable& strings)
    : m_entities(entities), m_strings(strings),
      // The broker names its default exchange first; RabbitMQ writes it as "".
      m_defaultExchange(entities.find(EntityKind::Exchange, "(default)")) {
    for (const QueueSpec& q : scenario.broker.amqp.queues) {
        if (q.type == QueueType::Quorum) {
            m_quorum.insert(entities.find(EntityKind::Queue, q.name));
        }
        if (q.arguments.deadLetterRoutingKey) {
            m_deadLetterKeys.emplace(entities.find(EntityKind::Queue, q.name),
                                     *q.arguments.deadLetterRoutingKey);
        }
    }
}

std::optional<nlohmann::ordered_json> CopyHeaders::onRecord(const Record& r,
                                                            const Message* message) {
    if (r.time != m_now) {
        m_now = r.time;
        m_deadLetters.clear(); // a dead letter's copies are enqueued in the instant it dies
    }
    const std::pair key(r.message, r.entity);
    switch (r.kind) {
    case RecordKind::Enqueued: {
        Copy copy;
        copy.via = r.aux;
        if (const auto dead = m_deadLetters.find(r.message);
            dead != m_deadLetters.end() && dead->second.exchange == r.aux) {
            copy.history = dead->second.history;
        }
        m_copies[key] = std::move(copy);
        return std::nullopt;
    }
    case RecordKind::DeadLettered: {
        Copy copy;
        if (const auto it = m_copies.find(key); it != m_copies.end()) {
            copy = std::move(it->second);
            m_copies.erase(it);
        }
        // One entry per (queue, reason): a repeat counts up and moves to the front, keeping
        // the time, exchange and routing keys of its first death (rabbit_dead_letter, AMQP11).
        Death death{r.entity, r.detail, 1,
                    r.time,   copy.via, message != nullptr ? message->routingKey : 0};
        std::vector<Death>& deaths = copy.history.deaths;
        const auto same = std::find_if(deaths.begin(), deaths.end(), [&](const Death& d) {
            return d.queue == death.queue && d.reason == death.reason;
        });
        if (same != deaths.end()) {
            death.count = same->count + 1;
            death.time = same->time;
            death.exchange = same->exchange;
            death.routingKey = same->routingKey;
            deaths.erase(same);
        }
        deaths.insert(deaths.begin(), death);
        if (!copy.history.first) {
            copy.history.first = death;
        }
        // What the dead letter carries to its exchange: the history with this death in it.
        std::optional<nlohmann::ordered_json> carried;
        if (message != nullptr) {
            carried = headersOf(r, *message, &copy);
        }
        m_deadLetters[r.message] = DeadLetter{r.aux, std::move(copy.history)};
        return carried;
    }
    case RecordKind::Returned: // the message as published: its own headers only
        if (message == nullptr) {
            return std::nullopt;
        }
        return headersOf(r, *message, nullptr);
    case RecordKind::Acked:
    case RecordKind::Dropped:
        if (m_entities[r.entity].kind == EntityKind::Queue) {
            m_copies.erase(key); // the copy is gone from its queue
        }
        return std::nullopt;
    case RecordKind::Delivered: {
        if (message == nullptr) {
            return std::nullopt;
        }
        const auto it = m_copies.find(key);
        return headersOf(r, *message, it == m_copies.end() ? nullptr : &it->second);
    }
    default:
        return std::nullopt;
    }
}

std::string CopyHeaders::deadLetterRoutingKey(const Record& r, const Message& m) const {
    const auto it = m_deadLetterKeys.find(r.entity);
    return it != m_deadLetterKeys.end() ? it->second : std::string(m_strings[m.routingKey]);
}

nlohmann::ordered_json CopyHeaders::headersOf(const Record& r, const Message& m,
                                              const Copy* copy) const {
    nlohmann::ordered_json headers = nlohmann::ordered_json::object();
    if (m.headers != 0) {
        const auto own = nlohmann::ordered_json::parse(m_strings[m.headers], nullptr, false);
        if (own.is_object()) {
            headers = own;
        }
    }
    if (r.kind == RecordKind::Delivered && m_quorum.contains(r.entity) && r.attempt > 1) {
        headers["x-delivery-count"] = r.attempt - 1; // each return counts; the first has none
    }
    if (copy == nullptr || copy->history.deaths.empty()) {
        return headers;
    }
    const auto name = [&](EntityId id) {
        return id == 0 || id == m_defaultExchange ? std::string() : m_entities[id].name;
    };
    nlohmann::ordered_json deaths = nlohmann::ordered_json::array();
    for (const Death& d : copy->history.deaths) {
        deaths.push_back({{"count", d.count},
                          {"reason", deadLetterReasonName(static_cast<DeadLetterReason>(d.reason))},
                          {"queue", name(d.queue)},
                          {"time", formatRfc3339(d.time)},
                          {"exchange", name(d.exchange)},
                          {"routing-keys", {std::string(m_strings[d.routingKey])}}});
    }
    headers["x-death"] = std::move(deaths);
    const Death& first = *copy->history.first;
    headers["x-first-death-exchange"] = name(first.exchange);
    headers["x-first-death-queue"] = name(first.queue);
    headers["x-first-death-reason"] =
        deadLetterReasonName(static_cast<DeadLetterReason>(first.reason));
    return headers;
}

} // namespace evsim
