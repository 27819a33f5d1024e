#include "simulator/broker/amqp/exchange_router.h"

#include "simulator/kernel/json_lookup.h"

#include <algorithm>
#include <bit>
#include <cassert>

namespace evsim {

ExchangeRouter::ExchangeRouter(const AmqpSpec& spec, const QueueNames& queuesByName,
                               const std::vector<EntityId>& exchangeEntities, StringTable& strings)
    : m_queues(static_cast<std::uint32_t>(queuesByName.size())), m_strings(strings) {
    Exchange defaultExchange;
    defaultExchange.isDefault = true;
    defaultExchange.entity = exchangeEntities[0];
    m_exchanges.push_back(std::move(defaultExchange));
    for (const auto& [name, queue] : queuesByName) {
        const std::uint32_t key = strings.intern(name);
        if (m_queueByKey.size() <= key) {
            m_queueByKey.resize(std::size_t{key} + 1, kNoQueue);
        }
        m_queueByKey[key] = queue;
    }
    for (const ExchangeSpec& x : spec.exchanges) {
        Exchange exchange;
        exchange.type = x.type;
        if (x.type == ExchangeType::Topic) {
            exchange.topic = static_cast<std::uint32_t>(m_topics.size());
            m_topics.emplace_back();
        }
        exchange.entity = exchangeEntities[m_exchanges.size()];
        m_byName.emplace(x.name, static_cast<std::uint32_t>(m_exchanges.size()));
        m_exchanges.push_back(std::move(exchange));
    }
    for (std::size_t i = 0; i < spec.exchanges.size(); ++i) {
        if (spec.exchanges[i].alternateExchange) {
            const std::optional<std::uint32_t> alternate =
                index(*spec.exchanges[i].alternateExchange);
            assert(alternate && "the loader rejects an unknown alternate exchange");
            m_exchanges[i + 1].alternate = *alternate;
            m_walks = true;
        }
    }
    for (const BindingSpec& b : spec.bindings) {
        const std::optional<std::uint32_t> x = index(b.exchange);
        assert(x && "the loader rejects dangling bindings");
        std::uint32_t destination = 0;
        if (!b.toExchange.empty()) {
            const std::optional<std::uint32_t> to = index(b.toExchange);
            assert(to && "the loader rejects dangling bindings");
            destination = kExchangeBit | *to;
            m_walks = true;
        } else {
            const auto q = std::lower_bound(
                queuesByName.begin(), queuesByName.end(), b.queue,
                [](const auto& entry, std::string_view name) { return entry.first < name; });
            assert(q != queuesByName.end() && q->first == b.queue &&
                   "the loader rejects dangling bindings");
            destination = q->second;
        }
        Exchange& exchange = m_exchanges[*x];
        if (exchange.type == ExchangeType::Headers) {
            exchange.bindings.push_back(
                Binding{destination, static_cast<std::uint32_t>(m_headers.size())});
            m_headers.emplace_back(b.arguments);
            continue;
        }
        if (exchange.type == ExchangeType::Topic) {
            m_topics[exchange.topic].add(b.key,
                                         static_cast<std::uint32_t>(exchange.bindings.size()));
        }
        exchange.bindings.push_back(Binding{destination, strings.intern(b.key)});
    }
    m_seen.assign(std::size_t{m_queues} + m_exchanges.size(), 0);
    m_reached.assign(m_seen.size(), 0);
    indexDirectBindings();
}

namespace {

std::size_t slotOf(std::uint64_t exchangeAndKey, std::size_t mask) {
    // Fibonacci hashing: keys are dense string ids, the product spreads them.
    return static_cast<std::size_t>((exchangeAndKey * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

} // namespace

void ExchangeRouter::indexDirectBindings() {
    // A direct exchange finds a key's bindings in one hash probe, so routing costs the same
    // with ten bindings or a hundred thousand.
    std::size_t keys = 0;
    for (Exchange& x : m_exchanges) {
        if (x.type == ExchangeType::Direct) {
            std::stable_sort(x.bindings.begin(), x.bindings.end(),
                             [](const Binding& a, const Binding& b) { return a.key < b.key; });
            keys += x.bindings.size();
        }
    }
    m_ranges.assign(std::bit_ceil(2 * keys + 2), KeyRange{});
    const std::size_t mask = m_ranges.size() - 1;
    for (std::size_t xi = 0; xi < m_exchanges.size(); ++xi) {
        const Exchange& x = m_exchanges[xi];
        if (x.type != ExchangeType::Direct) {
            continue;
        }
        for (std::size_t b = 0; b < x.bindings.size();) {
            const std::uint32_t key = x.bindings[b].key;
            std::size_t end = b + 1;
            while (end < x.bindings.size() && x.bindings[end].key == key) {
                ++end;
            }
            const std::uint64_t id = (std::uint64_t{xi} << 32) | key;
            std::size_t at = slotOf(id, mask);
            while (m_ranges[at].exchangeAndKey != kNoEntry) {
                at = (at + 1) & mask;
            }
            m_ranges[at] =
                KeyRange{id, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(end - b)};
            b = end;
        }
    }
}

const ExchangeRouter::KeyRange* ExchangeRouter::findRange(std::uint32_t exchange,
                                                          std::uint32_t key) const {
    const std::uint64_t id = (std::uint64_t{exchange} << 32) | key;
    const std::size_t mask = m_ranges.size() - 1;
    for (std::size_t at = slotOf(id, mask);; at = (at + 1) & mask) {
        if (m_ranges[at].exchangeAndKey == id) {
            return &m_ranges[at];
        }
        if (m_ranges[at].exchangeAndKey == kNoEntry) {
            return nullptr;
        }
    }
}

std::optional<std::uint32_t> ExchangeRouter::index(std::string_view name) const {
    if (name.empty()) {
        return 0;
    }
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? std::nullopt : std::optional(it->second);
}

void ExchangeRouter::route(std::uint32_t exchangeIndex, std::uint32_t routingKey,
                           std::uint32_t headers, std::vector<std::uint32_t>& queues) const {
    queues.clear();
    if (m_exchanges[exchangeIndex].deleted) [[unlikely]] {
        return; // a dead-letter exchange that is gone: RabbitMQ drops the dead letter
    }
    if (!m_walks) { // no exchange leads to another: one exchange's bindings are the answer
        ownDestinations(exchangeIndex, routingKey, headers, queues);
        return;
    }
    // As RabbitMQ's rabbit_exchange:route walks: each exchange reached once, whatever the
    // cycles; one whose own bindings lead nowhere hands the message to its alternate exchange;
    // each queue reached once however many ways lead to it.
    if (++m_walkStamp == 0) {
        std::fill(m_reached.begin(), m_reached.end(), 0);
        m_walkStamp = 1;
    }
    m_pending.assign(1, exchangeIndex);
    m_reached[m_queues + exchangeIndex] = m_walkStamp;
    while (!m_pending.empty()) {
        const std::uint32_t x = m_pending.back();
        m_pending.pop_back();
        ownDestinations(x, routingKey, headers, m_destinations);
        if (m_destinations.empty() && m_exchanges[x].alternate != kNoExchange) {
            m_destinations.push_back(kExchangeBit | m_exchanges[x].alternate);
        }
        for (const std::uint32_t d : m_destinations) {
            const std::uint32_t slot = seenSlot(d);
            if (m_reached[slot] == m_walkStamp) {
                continue;
            }
            m_reached[slot] = m_walkStamp;
            if ((d & kExchangeBit) != 0) {
                // rabbit_exchange:cons_if_present/2: an exchange that is gone is passed over.
                if (!m_exchanges[d & ~kExchangeBit].deleted) {
                    m_pending.push_back(d & ~kExchangeBit);
                }
            } else {
                queues.push_back(d);
            }
        }
    }
}

void ExchangeRouter::ownDestinations(std::uint32_t exchangeIndex, std::uint32_t routingKey,
                                     std::uint32_t headers,
                                     std::vector<std::uint32_t>& queues) const {
    queues.clear();
    const Exchange& exchange = m_exchanges[exchangeIndex];
    if (exchange.isDefault) {
        if (routingKey < m_queueByKey.size() && m_queueByKey[routingKey] != kNoQueue) {
            queues.push_back(m_queueByKey[routingKey]);
        }
        return;
    }
    if (exchange.type == ExchangeType::Topic || exchange.type == ExchangeType::Headers) {
        const Route r = exchange.type == ExchangeType::Topic ? topicRoute(exchangeIndex, routingKey)
                                                             : headersRoute(exchangeIndex, headers);
        queues.assign(m_learnedQueues.begin() + r.first,
                      m_learnedQueues.begin() + r.first + r.count);
        return;
    }
    auto first = exchange.bindings.begin();
    auto last = exchange.bindings.end();
    if (exchange.type == ExchangeType::Direct) {
        const KeyRange* range = findRange(exchangeIndex, routingKey);
        if (range == nullptr) {
            return;
        }
        if (range->count == 1) { // the common case: nothing to deduplicate
            queues.push_back(exchange.bindings[range->first].destination);
            return;
        }
        first += range->first;
        last = first + range->count;
    }
    nextStamp();
    for (auto b = first; b != last; ++b) {
        // A queue bound twice (or through two keys) still gets one copy (AMQP01).
        if (m_seen[seenSlot(b->destination)] != m_stamp) {
            m_seen[seenSlot(b->destination)] = m_stamp;
            queues.push_back(b->destination);
        }
    }
}

ExchangeRouter::Route ExchangeRouter::topicRoute(std::uint32_t exchangeIndex,
                                                 std::uint32_t key) const {
    const std::uint64_t id = (std::uint64_t{exchangeIndex} << 32) | key;
    if (const auto known = m_learnedRoutes.find(id); known != m_learnedRoutes.end()) {
        return known->second;
    }
    const Exchange& exchange = m_exchanges[exchangeIndex];
    m_topics[exchange.topic].match(m_strings[key], m_matched);
    return learn(id, exchange);
}

ExchangeRouter::Route ExchangeRouter::headersRoute(std::uint32_t exchangeIndex,
                                                   std::uint32_t headers) const {
    const std::uint64_t id = (std::uint64_t{exchangeIndex} << 32) | headers;
    if (const auto known = m_learnedRoutes.find(id); known != m_learnedRoutes.end()) {
        return known->second;
    }
    // RabbitMQ sorts a message's headers by name before it matches them.
    if (!jsonMembers(m_strings[headers], m_fields)) {
        m_fields.clear(); // no headers table: only bindings with nothing to match apply
    }
    std::stable_sort(m_fields.begin(), m_fields.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const Exchange& exchange = m_exchanges[exchangeIndex];
    m_matched.clear();
    for (std::uint32_t b = 0; b < exchange.bindings.size(); ++b) {
        if (m_headers[exchange.bindings[b].key].matches(m_fields)) {
            m_matched.push_back(b);
        }
    }
    return learn(id, exchange);
}

ExchangeRouter::Route ExchangeRouter::learn(std::uint64_t id, const Exchange& exchange) const {
    nextStamp();
    const auto first = static_cast<std::uint32_t>(m_learnedQueues.size());
    for (const std::uint32_t binding : m_matched) {
        const std::uint32_t destination = exchange.bindings[binding].destination;
        if (m_seen[seenSlot(destination)] != m_stamp) { // a queue two bindings match: one copy
            m_seen[seenSlot(destination)] = m_stamp;
            m_learnedQueues.push_back(destination);
        }
    }
    const Route found{first, static_cast<std::uint32_t>(m_learnedQueues.size()) - first};
    m_learnedRoutes.emplace(id, found);
    return found;
}

void ExchangeRouter::nextStamp() const {
    if (++m_stamp == 0) { // wrapped after 2^32 routings: forget every old stamp
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_stamp = 1;
    }
}

} // namespace evsim
