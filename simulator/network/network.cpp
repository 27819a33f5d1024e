#include "network/network.h"

namespace evsim {

Network::Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services,
                 EntityTable& entities) {
    for (const ServiceSpec& service : services) {
        m_toBroker.push_back(addLink(service.name, "broker", spec, entities));
        m_fromBroker.push_back(addLink("broker", service.name, spec, entities));
    }
}

Connection Network::connect(LinkIndex link, const std::string& instanceName, std::uint16_t lane,
                            std::uint64_t seed) const {
    Connection c;
    c.link = link;
    c.lane = lane;
    const bool toBroker = m_links[link].name.ends_with("->broker");
    c.rng = RandomStream::forEntity(seed, toBroker ? "link:" + instanceName + "->broker"
                                                   : "link:broker->" + instanceName);
    return c;
}

LinkIndex Network::addLink(const std::string& from, const std::string& to, const NetworkSpec& spec,
                           EntityTable& entities) {
    Link link;
    link.name = from + "->" + to;
    link.latency = spec.latency;
    for (const LinkSpec& l : spec.links) {
        if (l.from == from && l.to == to) {
            link.latency = l.latency;
        }
    }
    link.instant = link.latency == Distribution::constant(SimTime::zero());
    link.entity = entities.add(EntityKind::Link, link.name);
    m_links.push_back(std::move(link));
    return static_cast<LinkIndex>(m_links.size() - 1);
}

} // namespace evsim
