#pragma once

#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/observe/entity_table.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

using LinkIndex = std::uint32_t;

// One direction between a service and the broker, with its latency distribution: one cache
// line, since every hop reads it (its name is its entity's: Network::linkName). How many
// messages are on their way over it is kept apart, in one dense array (Network::inFlight).
struct alignas(64) Link {
    Distribution latency;
    EntityId entity = 0;
    bool instant = false;  // constant zero latency: delivered without an event
    bool toBroker = false; // service -> broker, not broker -> service
};

// One service instance's connection over a link, in one direction. It draws latencies from
// its own random stream (keyed by the instance's name, so adding an instance or a service
// never changes another connection's draws) and delivers in order.
struct Connection {
    LinkIndex link = 0;
    SimTime lastArrival;
    RandomStream rng;
};

// Where a message sent over a connection ends up: when it arrives, or that it was lost; and
// when a second copy arrives, if the link duplicated it.
struct Hop {
    SimTime at;
    bool lost = false;
    bool duplicated = false;
    SimTime duplicateAt;
};

// The hops of a run. A connection (one service instance in one direction) is ordered, like
// the TCP connection under an AMQP channel: a message never overtakes an earlier one on the
// same connection, so arrival = max(now + latency, previous arrival on that connection) - unless
// a link fault lets it reorder. Faults draw from the connection's own stream, and only while
// a fault is active, so a run without faults draws exactly what it did before.
class Network {
public:
    Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services,
            EntityTable& entities);

    LinkIndex toBroker(std::size_t serviceIndex) const { return m_toBroker[serviceIndex]; }
    LinkIndex fromBroker(std::size_t serviceIndex) const { return m_fromBroker[serviceIndex]; }
    bool instant(const Connection& c) const { return m_links[c.link].instant; }

    // A connection of `instanceName` ("billing#1") over `link`.
    Connection connect(LinkIndex link, const std::string& instanceName, std::uint64_t seed) const;
    // The same, with its random stream named `streamName` (for a second connection of one
    // instance in one direction, which must not share the first one's draws).
    Connection connectNamed(LinkIndex link, const std::string& streamName,
                            std::uint64_t seed) const;

    // When a message sent now on `c` arrives: never before an earlier message on `c`.
    SimTime arrival(Connection& c, SimTime now) const {
        const Link& l = m_links[c.link];
        SimTime at = l.instant ? now : now + l.latency.sample(c.rng);
        if (at < c.lastArrival) {
            at = c.lastArrival;
        }
        c.lastArrival = at;
        return at;
    }

    // A message sent now on `c`, through `fault` when one is active on its link (nullptr:
    // none). Counts it in flight on the link until arrived() (lost ones never are).
    Hop send(Connection& c, SimTime now, const LinkFault* fault) {
        if (fault == nullptr) {
            Hop hop;
            hop.at = arrival(c, now);
            ++m_inFlight[c.link];
            return hop;
        }
        return sendThrough(c, now, *fault);
    }
    // The same for a message a message fault singles out: lost (drawing nothing from the
    // connection's stream), delivered twice, or late without holding up the messages behind it.
    Hop sendSingledOut(Connection& c, SimTime now, const LinkFault* fault,
                       const MessageFault& single);
    // A message (or a duplicate) sent on `link` arrived or was discarded on arrival.
    void arrived(LinkIndex link) { --m_inFlight[link]; }
    // A message crosses `link` without an event (a zero-latency hop): counted until arrived().
    void departed(LinkIndex link) { ++m_inFlight[link]; }
    std::uint64_t inFlight(LinkIndex link) const { return m_inFlight[link]; }
    std::size_t linkCount() const { return m_links.size(); }
    const Link& link(LinkIndex index) const { return m_links[index]; }
    // "a->broker", the name of its entity.
    const std::string& linkName(LinkIndex index) const {
        return (*m_entities)[m_links[index].entity].name;
    }

private:
    Hop sendThrough(Connection& c, SimTime now, const LinkFault& fault);
    LinkIndex addLink(const std::string& from, const std::string& to, const Distribution& latency,
                      EntityTable& entities);

    std::vector<Link> m_links;
    // Messages on their way over each link: an arrival touches only this, 4 bytes a link, so
    // with tens of thousands of links the counts stay in cache where the links would not.
    std::vector<std::uint32_t> m_inFlight;
    const EntityTable* m_entities; // names the links; outlives the network
    std::vector<LinkIndex> m_toBroker;
    std::vector<LinkIndex> m_fromBroker;
};

} // namespace evsim
