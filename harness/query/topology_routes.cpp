#include "harness/query/topology_routes.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace evsim {

ExchangeRouter::QueueNames TopologyRoutes::queueNames(const AmqpSpec& spec) {
    ExchangeRouter::QueueNames queues;
    for (std::size_t i = 0; i < spec.queues.size(); ++i) {
        queues.emplace_back(spec.queues[i].name, static_cast<std::uint32_t>(i));
    }
    std::sort(queues.begin(), queues.end());
    return queues;
}

TopologyRoutes::TopologyRoutes(const AmqpSpec& spec)
    : m_spec(spec), m_entities(spec.exchanges.size() + 1),
      m_router(spec, queueNames(spec), m_entities, m_strings) {}

bool TopologyRoutes::byHeaders(const std::string& exchange) const {
    return std::any_of(m_spec.exchanges.begin(), m_spec.exchanges.end(),
                       [&](const ExchangeSpec& x) {
                           return x.name == exchange && x.type == ExchangeType::Headers;
                       });
}

std::optional<std::vector<std::string>> TopologyRoutes::queuesFor(const std::string& exchange,
                                                                  const std::string& key) const {
    std::uint32_t headers = m_strings.intern("{}");
    std::uint32_t routingKey = m_strings.intern(key);
    if (byHeaders(exchange)) {
        const nlohmann::json parsed = nlohmann::json::parse(key, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
            return std::nullopt;
        }
        headers = m_strings.intern(parsed.dump());
        routingKey = m_strings.intern("");
    }
    std::vector<std::uint32_t> reached;
    m_router.route(*m_router.index(exchange), routingKey, headers, reached);
    std::set<std::string> names;
    for (const std::uint32_t q : reached) {
        names.insert(m_spec.queues[q].name);
    }
    return std::vector<std::string>(names.begin(), names.end());
}

} // namespace evsim
