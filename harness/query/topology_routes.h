#pragma once

#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/observe/entity_table.h"
#include "simulator/scenario/amqp_spec.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

// Where a message would go through an AMQP topology, asked without running anything: the
// broker's own router over the scenario's exchanges, queues and bindings (`evsim route`, the
// app's Routing view).

namespace evsim {

class TopologyRoutes {
public:
    explicit TopologyRoutes(const AmqpSpec& spec);
    TopologyRoutes(const TopologyRoutes&) = delete;
    TopologyRoutes& operator=(const TopologyRoutes&) = delete;

    // Whether the exchange is declared ("" is the default exchange, always there).
    bool has(const std::string& exchange) const { return m_router.index(exchange).has_value(); }
    // A headers exchange routes on a message's headers, given as a JSON object, not a key.
    bool byHeaders(const std::string& exchange) const;

    // The queues a message reaches through `exchange` (which must exist), sorted by name: one
    // published with routing key `key`, or through a headers exchange one whose headers are
    // the JSON object `key`. nullopt when such a `key` is not a JSON object.
    std::optional<std::vector<std::string>> queuesFor(const std::string& exchange,
                                                      const std::string& key) const;

private:
    static ExchangeRouter::QueueNames queueNames(const AmqpSpec& spec);

    const AmqpSpec& m_spec;
    std::vector<EntityId> m_entities;
    mutable StringTable m_strings;
    ExchangeRouter m_router;
};

} // namespace evsim
