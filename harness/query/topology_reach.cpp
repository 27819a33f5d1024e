#include "harness/query/topology_reach.h"

#include <algorithm>

namespace evsim {

// Dead-letter exchanges may lead on to others; past this many hops a cycle is the likelier
// reason, and what is reached by then is the answer.
constexpr int kMaxDeadLetterHops = 8;

TopologyReach::TopologyReach(const Scenario& scenario) : m_scenario(scenario) {
    if (scenario.broker.kind != BrokerKind::Kafka) {
        m_routes.emplace(scenario.broker.amqp);
    }
}

std::set<std::string> TopologyReach::of(const std::string& exchange, const std::string& key) const {
    std::set<std::string> out;
    if (!m_routes) {
        for (const GroupSpec& g : m_scenario.broker.kafka.groups) {
            if (g.topic == exchange) {
                out.insert(g.name);
            }
        }
        return out;
    }
    follow(exchange, key, out, 0);
    return out;
}

void TopologyReach::follow(const std::string& exchange, const std::string& key,
                           std::set<std::string>& out, int depth) const {
    if (depth > kMaxDeadLetterHops || !m_routes->has(exchange)) {
        return;
    }
    for (const std::string& queue :
         m_routes->queuesFor(exchange, key).value_or(std::vector<std::string>())) {
        if (!out.insert(queue).second) {
            continue;
        }
        const auto& queues = m_scenario.broker.amqp.queues;
        const auto q = std::find_if(queues.begin(), queues.end(),
                                    [&](const QueueSpec& s) { return s.name == queue; });
        if (q != queues.end() && q->arguments.deadLetterExchange) {
            follow(*q->arguments.deadLetterExchange,
                   q->arguments.deadLetterRoutingKey.value_or(key), out, depth + 1);
        }
    }
}

} // namespace evsim
