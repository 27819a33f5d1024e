#include "network.h"

namespace evsim {

Network::Network(const NetworkSpec& spec, const std::vector<ServiceSpec>& services,
                 std::uint64_t seed, EntityTable& entities) {
    for (const ServiceSpec& service : services) {
        m_toBroker.push_back(addLink(service.name, "broker", spec, seed, entities));
        m_fromBroker.push_back(addLink("broker", service.name, spec, seed, entities));
    }
}

LinkIndex Network::addLink(const std::string& from, const std::string& to,
                           const NetworkSpec& spec, std::uint64_t seed, EntityTable& entities) {
    Link link;
    link.name = from + "->" + to;
    link.latency = spec.latency;
    for (const LinkSpec& l : spec.links) {
        if (l.from == from && l.to == to) {
            link.latency = l.latency;
        }
    }
    link.instant = link.latency == Distribution::constant(SimTime::zero());
    link.rng = RandomStream::forEntity(seed, "link:" + link.name);
    link.entity = entities.add(EntityKind::Link, link.name);
    m_links.push_back(std::move(link));
    return static_cast<LinkIndex>(m_links.size() - 1);
}

} // namespace evsim
