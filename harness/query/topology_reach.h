#pragma once

#include "harness/query/topology_routes.h"
#include "simulator/scenario/scenario.h"

#include <optional>
#include <set>
#include <string>

namespace evsim {

// Where a publish can end up, asked of a scenario without running it: the queues its exchange
// routes it to and those their dead-letter exchanges route it to after, or on a partitioned log
// the consumer groups that read its topic. For `evsim contracts` and the AsyncAPI export.
class TopologyReach {
public:
    explicit TopologyReach(const Scenario& scenario);

    std::set<std::string> of(const std::string& exchange, const std::string& key) const;

private:
    void follow(const std::string& exchange, const std::string& key, std::set<std::string>& out,
                int depth) const;

    const Scenario& m_scenario;
    std::optional<TopologyRoutes> m_routes; // AMQP only
};

} // namespace evsim
