#pragma once

#include "distribution.h"
#include "entity_table.h"
#include "random.h"
#include "scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

using LinkIndex = std::uint32_t;

// One direction between a service and the broker, with its own latency distribution and its
// own random stream (keyed by the link's name, so links never disturb each other's draws).
struct Link {
    EntityId entity = 0;
    std::string name; // "orders->broker"
    Distribution latency;
    RandomStream rng;
    bool instant = false; // constant zero latency: delivered without an event
};

// The hops of a run. A connection (one service instance in one direction) is ordered, like
// the TCP connection under an AMQP channel: a message never overtakes an earlier one on the
// same connection, so arrival = max(now + latency, previous arrival on that connection).
class Network {
public:
    Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services, std::uint64_t seed,
            EntityTable& entities);

    LinkIndex toBroker(std::size_t serviceIndex) const { return m_toBroker[serviceIndex]; }
    LinkIndex fromBroker(std::size_t serviceIndex) const { return m_fromBroker[serviceIndex]; }
    bool instant(LinkIndex link) const { return m_links[link].instant; }

    // When a message sent now on `link` arrives, given the connection's previous arrival.
    // Updates `lastArrival`.
    SimTime arrival(LinkIndex link, SimTime now, SimTime& lastArrival) {
        Link& l = m_links[link];
        SimTime at = l.instant ? now : now + l.latency.sample(l.rng);
        if (at < lastArrival) {
            at = lastArrival;
        }
        lastArrival = at;
        return at;
    }

    const std::vector<Link>& links() const { return m_links; }

private:
    LinkIndex addLink(const std::string& from, const std::string& to, const NetworkSpec& spec,
                      std::uint64_t seed, EntityTable& entities);

    std::vector<Link> m_links;
    std::vector<LinkIndex> m_toBroker;
    std::vector<LinkIndex> m_fromBroker;
};

} // namespace evsim
