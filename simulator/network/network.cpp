#include "simulator/network/network.h"

#include <algorithm>
#include <map>
#include <utility>

namespace evsim {

Network::Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services,
                 EntityTable& entities)
    : m_entities(&entities) {
    std::map<std::pair<std::string_view, std::string_view>, const Distribution*> declared;
    for (const LinkSpec& l : spec.links) {
        declared[{l.from, l.to}] = &l.latency;
    }
    const auto latency = [&](std::string_view from, std::string_view to) {
        const auto it = declared.find({from, to});
        return it == declared.end() ? spec.latency : *it->second;
    };
    m_links.reserve(2 * services.size());
    m_toBroker.reserve(services.size());
    m_fromBroker.reserve(services.size());
    for (const ServiceSpec& service : services) {
        m_toBroker.push_back(
            addLink(service.name, "broker", latency(service.name, "broker"), entities));
        m_fromBroker.push_back(
            addLink("broker", service.name, latency("broker", service.name), entities));
    }
}

Connection Network::connect(LinkIndex link, const std::string& instanceName,
                            std::uint64_t seed) const {
    Connection c;
    c.link = link;
    c.rng =
        RandomStream::forEntity(seed, m_links[link].toBroker ? "link:" + instanceName + "->broker"
                                                             : "link:broker->" + instanceName);
    return c;
}

Connection Network::connectNamed(LinkIndex link, const std::string& streamName,
                                 std::uint64_t seed) const {
    Connection c;
    c.link = link;
    c.rng = RandomStream::forEntity(seed, streamName);
    return c;
}

LinkIndex Network::addLink(const std::string& from, const std::string& to,
                           const Distribution& latency, EntityTable& entities) {
    Link link;
    link.latency = latency;
    link.instant = link.latency == Distribution::constant(SimTime::zero());
    link.toBroker = to == "broker";
    link.entity = entities.add(EntityKind::Link, from + "->" + to);
    m_links.push_back(link);
    m_inFlight.push_back(0);
    return static_cast<LinkIndex>(m_links.size() - 1);
}

Hop Network::sendSingledOut(Connection& c, SimTime now, const LinkFault* fault,
                            const MessageFault& single) {
    if (single.kind == MessageFaultKind::Drop) {
        Hop hop;
        hop.lost = true;
        return hop;
    }
    Hop hop = send(c, now, fault);
    if (hop.lost) {
        return hop;
    }
    if (single.kind == MessageFaultKind::Delay) {
        hop.at += single.delay; // c.lastArrival stays: what follows is not held up
        hop.duplicateAt = std::max(hop.duplicateAt, hop.at);
    } else if (single.kind == MessageFaultKind::Duplicate && !hop.duplicated) {
        hop.duplicated = true;
        hop.duplicateAt = hop.at;
        ++m_inFlight[c.link];
    }
    return hop;
}

Hop Network::sendThrough(Connection& c, SimTime now, const LinkFault& f) {
    const LinkFault* fault = &f;
    Hop hop;
    if (fault->partition || (fault->loss > 0 && c.rng.chance(fault->loss))) {
        hop.lost = true;
        return hop;
    }
    const Link& l = m_links[c.link];
    const auto delay = [&] {
        SimTime d = fault->latency ? fault->latency->sample(c.rng) : l.latency.sample(c.rng);
        if (fault->jitter > SimTime::zero()) {
            d += SimTime::fromNanos(static_cast<std::int64_t>(
                c.rng.below(static_cast<std::uint64_t>(fault->jitter.nanos()) + 1)));
        }
        return d;
    };
    hop.at = now + delay();
    // A reordered message may overtake earlier ones; the others still keep the order.
    const bool reordered = fault->reorder > 0 && c.rng.chance(fault->reorder);
    if (!reordered) {
        hop.at = std::max(hop.at, c.lastArrival);
        c.lastArrival = hop.at;
    }
    ++m_inFlight[c.link];
    if (fault->duplicate > 0 && c.rng.chance(fault->duplicate)) {
        hop.duplicated = true;
        hop.duplicateAt = std::max(now + delay(), hop.at);
        ++m_inFlight[c.link];
    }
    return hop;
}

} // namespace evsim
