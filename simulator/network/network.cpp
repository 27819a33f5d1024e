#include "network/network.h"

#include <map>
#include <utility>

namespace evsim {

Network::Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services,
                 EntityTable& entities) {
    std::map<std::pair<std::string_view, std::string_view>, const Distribution*> declared;
    for (const LinkSpec& l : spec.links) {
        declared[{l.from, l.to}] = &l.latency;
    }
    const auto latency = [&](std::string_view from, std::string_view to) {
        const auto it = declared.find({from, to});
        return it == declared.end() ? spec.latency : *it->second;
    };
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
    const bool toBroker = m_links[link].name.ends_with("->broker");
    c.rng = RandomStream::forEntity(seed, toBroker ? "link:" + instanceName + "->broker"
                                                   : "link:broker->" + instanceName);
    return c;
}

LinkIndex Network::addLink(const std::string& from, const std::string& to,
                           const Distribution& latency, EntityTable& entities) {
    Link link;
    link.name = from + "->" + to;
    link.latency = latency;
    link.instant = link.latency == Distribution::constant(SimTime::zero());
    link.entity = entities.add(EntityKind::Link, link.name);
    m_links.push_back(std::move(link));
    return static_cast<LinkIndex>(m_links.size() - 1);
}

} // namespace evsim
