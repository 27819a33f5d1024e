#include "gui/views/topology/topology_graph.h"

#include "simulator/broker/broker_factory.h"
#include "simulator/scenario/scenario.h"

#include <QStringList>
#include <set>

namespace evsim::gui {
namespace {

using Node = TopologyGraph::Node;
using Edge = TopologyGraph::Edge;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

class Builder {
public:
    Builder(const Scenario& scenario, const EntityTable& entities)
        : m_scenario(scenario), m_topology(describeBroker(scenario.broker)), m_entities(entities) {}

    TopologyGraph build() {
        addServices(Node::Kind::Producer);
        for (const BrokerTopology::Target& x : m_topology.targets) {
            if (!x.routesByName) { // drawn once something publishes to it
                add(Node::Kind::Exchange, x.name, m_topology.targetEntity, x.name).detail =
                    qs(x.type);
            }
        }
        for (std::size_t s = 0; s < m_topology.sources.size(); ++s) {
            const BrokerTopology::Source& q = m_topology.sources[s];
            Node& n = add(Node::Kind::Queue, q.name, m_topology.sourceEntity, q.name);
            n.detail = qs(q.badge);
            n.maxLength = q.capacity;
            n.sources = {static_cast<std::uint32_t>(s)};
        }
        addServices(Node::Kind::Consumer);
        for (const BrokerTopology::Route& r : m_topology.routes) {
            edge(Edge::Kind::Binding, exchange(r.target),
                 r.toTarget ? exchange(r.source) : queue(r.source), kNoEntity, r.key);
        }
        for (const BrokerTopology::Target& x : m_topology.targets) {
            if (x.alternate) {
                edge(Edge::Kind::Alternate, exchange(x.address), exchange(*x.alternate), kNoEntity,
                     {});
            }
        }
        for (const ServiceSpec& s : m_scenario.services) {
            const EntityId service = m_entities.find(EntityKind::Service, s.name);
            for (const ProducerSpec& p : s.produces) {
                publish(Edge::Kind::Publish, m_graph.producerOf[service], p.exchange, p.routingKey,
                        linkOut(s.name));
            }
            for (const ConsumerSpec& c : s.consumes) {
                const int consumer = m_graph.consumerOf[service];
                edge(Edge::Kind::Consume, queue(c.queue), consumer, linkIn(s.name), {});
                for (const EmitSpec& e : c.emits) {
                    publish(Edge::Kind::Emit, consumer, e.exchange, e.routingKey, linkOut(s.name));
                }
                if (c.retry && c.retry->viaExchange) {
                    publish(Edge::Kind::Emit, consumer, *c.retry->viaExchange,
                            c.retry->viaRoutingKey, linkOut(s.name));
                }
                if (c.retry && c.retry->giveUpExchange) {
                    m_deadLetterExchanges.insert(*c.retry->giveUpExchange);
                    publish(Edge::Kind::Emit, consumer, *c.retry->giveUpExchange,
                            c.retry->giveUpRoutingKey, linkOut(s.name));
                }
            }
        }
        for (const BrokerTopology::Source& q : m_topology.sources) {
            if (q.deadLetterTarget) {
                m_deadLetterExchanges.insert(*q.deadLetterTarget);
                publish(Edge::Kind::DeadLetter, queue(q.name), *q.deadLetterTarget, q.deadLetterKey,
                        kNoEntity);
            }
        }
        markDeadLetterQueues();
        return std::move(m_graph);
    }

private:
    Node& add(Node::Kind kind, const std::string& name, EntityKind entityKind,
              const std::string& entityName) {
        Node n;
        n.kind = kind;
        n.name = qs(name);
        n.entity = m_entities.find(entityKind, entityName);
        n.members = {n.entity};
        n.key = nodeKindName(kind) + QLatin1Char(':') + n.name;
        m_graph.nodes.push_back(n);
        const int index = static_cast<int>(m_graph.nodes.size() - 1);
        if (kind == Node::Kind::Exchange || kind == Node::Kind::Queue) {
            m_graph.byEntity[n.entity] = index;
        }
        return m_graph.nodes.back();
    }

    void addServices(Node::Kind kind) {
        for (const ServiceSpec& s : m_scenario.services) {
            const bool wanted =
                kind == Node::Kind::Producer ? !s.produces.empty() : !s.consumes.empty();
            if (!wanted) {
                continue;
            }
            Node& n = add(kind, s.name, EntityKind::Service, s.name);
            for (std::uint32_t i = 0; i < s.instances; ++i) {
                n.instances.push_back(
                    m_entities.find(EntityKind::Instance, s.name + "#" + std::to_string(i)));
            }
            n.linkOut = linkOut(s.name);
            n.linkIn = linkIn(s.name);
            if (kind == Node::Kind::Producer) {
                m_graph.producerOf[n.entity] = static_cast<int>(m_graph.nodes.size() - 1);
            } else {
                m_graph.consumerOf[n.entity] = static_cast<int>(m_graph.nodes.size() - 1);
            }
        }
    }

    EntityId linkOut(const std::string& service) const {
        return m_entities.find(EntityKind::Link, service + "->broker");
    }
    EntityId linkIn(const std::string& service) const {
        return m_entities.find(EntityKind::Link, "broker->" + service);
    }

    int exchange(const std::string& address) {
        const BrokerTopology::Target* target = m_topology.target(address);
        if (target == nullptr) {
            return -1;
        }
        const std::string& entityName = target->name;
        const EntityId id = m_entities.find(m_topology.targetEntity, entityName);
        if (const auto it = m_graph.byEntity.find(id); it != m_graph.byEntity.end()) {
            return it->second;
        }
        if (id == kNoEntity) {
            return -1;
        }
        // The default exchange appears only once something publishes to it.
        Node& n = add(Node::Kind::Exchange, entityName, m_topology.targetEntity, entityName);
        n.detail = qs(target->type);
        return static_cast<int>(m_graph.nodes.size() - 1);
    }

    int queue(const std::string& name) const {
        const auto it = m_graph.byEntity.find(m_entities.find(m_topology.sourceEntity, name));
        return it == m_graph.byEntity.end() ? -1 : it->second;
    }

    // An arrow into an exchange; through the default exchange, also the queue the key names.
    void publish(Edge::Kind kind, int from, const std::string& address, const std::string& key,
                 EntityId link) {
        const int x = exchange(address);
        edge(kind, from, x, link, key);
        const BrokerTopology::Target* target = m_topology.target(address);
        if (target != nullptr && target->routesByName) {
            edge(Edge::Kind::Binding, x, queue(key), kNoEntity, key);
        }
    }

    void edge(Edge::Kind kind, int from, int to, EntityId link, const std::string& key) {
        if (from < 0 || to < 0) {
            return;
        }
        const auto [it, added] =
            m_graph.edgeOf.emplace(std::pair(from, to), static_cast<int>(m_graph.edges.size()));
        if (!added) {
            Edge& e = m_graph.edges[static_cast<std::size_t>(it->second)];
            if (!key.empty() && !e.label.split(QStringLiteral(", ")).contains(qs(key))) {
                e.label += (e.label.isEmpty() ? QString() : QStringLiteral(", ")) + qs(key);
            }
            return;
        }
        m_graph.edges.push_back(Edge{kind, from, to, link, qs(key)});
    }

    // A queue is a dead-letter queue when everything that reaches it comes through exchanges
    // that only dead letters (or given-up retries) reach.
    void markDeadLetterQueues() {
        std::set<int> published; // exchanges something publishes to in the first place
        for (const Edge& e : m_graph.edges) {
            if (e.kind == Edge::Kind::Publish) {
                published.insert(e.to);
            }
        }
        for (std::size_t q = 0; q < m_graph.nodes.size(); ++q) {
            Node& n = m_graph.nodes[q];
            if (n.kind != Node::Kind::Queue) {
                continue;
            }
            bool any = false;
            bool all = true;
            for (const Edge& e : m_graph.edges) {
                if (e.kind != Edge::Kind::Binding || e.to != static_cast<int>(q)) {
                    continue;
                }
                const Node& x = m_graph.nodes[static_cast<std::size_t>(e.from)];
                any = true;
                const bool deadOnly = m_deadLetterExchanges.contains(x.name.toStdString()) &&
                                      !published.contains(e.from);
                all = all && deadOnly;
            }
            n.deadLetter = any && all;
        }
    }

    const Scenario& m_scenario;
    const BrokerTopology m_topology;
    const EntityTable& m_entities;
    TopologyGraph m_graph;
    std::set<std::string> m_deadLetterExchanges;
};

} // namespace

int TopologyGraph::nodeOf(EntityId entity, const EntityTable& entities) const {
    if (entity == kNoEntity || entity >= entities.size()) {
        return -1;
    }
    const EntityInfo& info = entities[entity];
    const std::map<EntityId, int>* map = &byEntity;
    if (info.kind == EntityKind::Producer) {
        map = &producerOf;
        entity = info.parent;
    } else if (info.kind == EntityKind::Consumer) {
        map = &consumerOf;
        entity = info.parent;
    }
    const auto it = map->find(entity);
    return it == map->end() ? -1 : it->second;
}

int TopologyGraph::nodeOfKey(const QString& key) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int TopologyGraph::findByName(const QString& text) const {
    const QString wanted = text.trimmed();
    if (wanted.isEmpty()) {
        return -1;
    }
    int exact = -1;
    int starts = -1;
    int contains = -1;
    const auto consider = [&](const QString& name, int node) {
        if (exact < 0 && name.compare(wanted, Qt::CaseInsensitive) == 0) {
            exact = node;
        }
        if (starts < 0 && name.startsWith(wanted, Qt::CaseInsensitive)) {
            starts = node;
        }
        if (contains < 0 && name.contains(wanted, Qt::CaseInsensitive)) {
            contains = node;
        }
    };
    for (std::size_t i = 0; i < nodes.size() && exact < 0; ++i) {
        consider(nodes[i].name, static_cast<int>(i));
        for (const QString& member : nodes[i].memberNames) {
            consider(member, static_cast<int>(i));
        }
    }
    return exact >= 0 ? exact : starts >= 0 ? starts : contains;
}

int TopologyGraph::edgeBetween(int from, int to) const {
    const auto it = edgeOf.find({from, to});
    return it == edgeOf.end() ? -1 : it->second;
}

QString nodeKindName(TopologyGraph::Node::Kind kind) {
    switch (kind) {
    case Node::Kind::Producer:
        return QStringLiteral("producer");
    case Node::Kind::Exchange:
        return QStringLiteral("exchange");
    case Node::Kind::Queue:
        return QStringLiteral("queue");
    case Node::Kind::Consumer:
        return QStringLiteral("consumer");
    }
    return {};
}

TopologyGraph buildTopologyGraph(const Scenario& scenario, const EntityTable& entities) {
    return Builder(scenario, entities).build();
}

} // namespace evsim::gui
