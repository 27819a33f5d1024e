#include "broker/exchange_router.h"

#include <algorithm>
#include <cassert>

namespace evsim {

ExchangeRouter::ExchangeRouter(const BrokerSpec& spec,
                               const std::map<std::string, std::uint32_t, std::less<>>& queueByName,
                               const std::vector<EntityId>& exchangeEntities, StringTable& strings)
    : m_seen(queueByName.size(), 0) {
    Exchange defaultExchange;
    defaultExchange.isDefault = true;
    defaultExchange.entity = exchangeEntities[0];
    m_exchanges.push_back(std::move(defaultExchange));
    for (const auto& [name, queue] : queueByName) {
        const std::uint32_t key = strings.intern(name);
        if (m_queueByKey.size() <= key) {
            m_queueByKey.resize(std::size_t{key} + 1, kNoQueue);
        }
        m_queueByKey[key] = queue;
    }
    for (const ExchangeSpec& x : spec.exchanges) {
        Exchange exchange;
        exchange.type = x.type;
        exchange.entity = exchangeEntities[m_exchanges.size()];
        m_byName.emplace(x.name, static_cast<std::uint32_t>(m_exchanges.size()));
        m_exchanges.push_back(std::move(exchange));
    }
    for (const BindingSpec& b : spec.bindings) {
        const std::uint32_t x = index(b.exchange);
        const auto q = queueByName.find(b.queue);
        assert(x != UINT32_MAX && q != queueByName.end() && "the loader rejects dangling bindings");
        m_exchanges[x].bindings.push_back(Binding{q->second, strings.intern(b.key)});
    }
    // A direct exchange finds its bindings by key: routing costs log(bindings), not bindings.
    for (Exchange& x : m_exchanges) {
        if (x.type == ExchangeType::Direct) {
            std::stable_sort(x.bindings.begin(), x.bindings.end(),
                             [](const Binding& a, const Binding& b) { return a.key < b.key; });
        }
    }
}

std::uint32_t ExchangeRouter::index(std::string_view name) const {
    if (name.empty()) {
        return 0;
    }
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? UINT32_MAX : it->second;
}

void ExchangeRouter::route(std::uint32_t exchangeIndex, std::uint32_t routingKey,
                           std::vector<std::uint32_t>& queues) const {
    queues.clear();
    const Exchange& exchange = m_exchanges[exchangeIndex];
    if (exchange.isDefault) {
        if (routingKey < m_queueByKey.size() && m_queueByKey[routingKey] != kNoQueue) {
            queues.push_back(m_queueByKey[routingKey]);
        }
        return;
    }
    auto first = exchange.bindings.begin();
    auto last = exchange.bindings.end();
    if (exchange.type == ExchangeType::Direct) {
        const auto byKey = [](const Binding& b, std::uint32_t key) {
            return b.key < key;
        };
        first = std::lower_bound(first, last, routingKey, byKey);
        last = std::find_if(first, last, [&](const Binding& b) { return b.key != routingKey; });
    }
    if (++m_stamp == 0) { // wrapped after 2^32 routings: forget every old stamp
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_stamp = 1;
    }
    for (auto b = first; b != last; ++b) {
        // A queue bound twice (or through two keys) still gets one copy (AMQP01).
        if (m_seen[b->queue] != m_stamp) {
            m_seen[b->queue] = m_stamp;
            queues.push_back(b->queue);
        }
    }
}

} // namespace evsim
