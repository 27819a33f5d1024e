#include "gui/views/topology/node_groups.h"

#include "gui/widgets/counted.h"

#include <algorithm>
#include <map>

namespace evsim::gui {
namespace {

using Node = TopologyGraph::Node;
using Kind = Node::Kind;

// An arrow that stands for many keeps this many of their routing keys in its tooltip.
constexpr int kLabelKeys = 6;

// The word a name starts with, as the group's name shows it ("billing.*", "worker*"); "" for
// a name that is one plain word.
QString prefixOf(const QString& name) {
    static const QString kSeparators = QStringLiteral(".-_/:");
    for (qsizetype i = 1; i < name.size(); ++i) { // from 1: a leading separator starts no word
        if (kSeparators.contains(name[i])) {
            return name.left(i + 1) + QLatin1Char('*');
        }
    }
    qsizetype end = name.size();
    while (end > 0 && name[end - 1].isDigit()) {
        --end;
    }
    return end > 0 && end < name.size() ? name.left(end) + QLatin1Char('*') : QString();
}

// "12 queues", "3 services": how many nodes like `member` a group stands for.
QString membersCounted(const Node& member, std::size_t n) {
    const bool service = member.kind == Kind::Producer || member.kind == Kind::Consumer;
    const QString one = service ? QStringLiteral("service") : nodeKindName(member.kind);
    return counted(static_cast<long long>(n), one, one + QLatin1Char('s'));
}

// The one service that consumes queue `node`; -1 when none or several do.
int onlyConsumerOf(const TopologyGraph& graph, int node) {
    int consumer = -1;
    for (const TopologyGraph::Edge& e : graph.edges) {
        if (e.kind == TopologyGraph::Edge::Kind::Consume && e.from == node) {
            if (consumer >= 0 && consumer != e.to) {
                return -1;
            }
            consumer = e.to;
        }
    }
    return consumer;
}

void addKeys(QString& label, const QString& more) {
    if (more.isEmpty() || label.endsWith(QStringLiteral("…"))) {
        return;
    }
    QStringList keys = label.isEmpty() ? QStringList() : label.split(QStringLiteral(", "));
    for (const QString& key : more.split(QStringLiteral(", "))) {
        if (keys.contains(key)) {
            continue;
        }
        if (keys.size() == kLabelKeys) {
            keys << QStringLiteral("…");
            break;
        }
        keys << key;
    }
    label = keys.join(QStringLiteral(", "));
}

} // namespace

QString groupingName(NodeGrouping grouping) {
    switch (grouping) {
    case NodeGrouping::None:
        return QStringLiteral("none");
    case NodeGrouping::NamePrefix:
        return QStringLiteral("prefix");
    case NodeGrouping::ConsumingService:
        return QStringLiteral("service");
    }
    return {};
}

std::optional<NodeGrouping> groupingNamed(const QString& name) {
    for (const NodeGrouping g :
         {NodeGrouping::None, NodeGrouping::NamePrefix, NodeGrouping::ConsumingService}) {
        if (groupingName(g) == name) {
            return g;
        }
    }
    return std::nullopt;
}

QString groupDisplayName(const QString& key) {
    return key.mid(key.indexOf(QLatin1Char(':')) + 1); // after the kind
}

QString groupOf(const TopologyGraph& graph, int node, NodeGrouping grouping) {
    const Node& n = graph.nodes[static_cast<std::size_t>(node)];
    QString shared;
    if (grouping == NodeGrouping::NamePrefix) {
        shared = prefixOf(n.name);
    } else if (grouping == NodeGrouping::ConsumingService && n.kind == Kind::Queue) {
        const int consumer = onlyConsumerOf(graph, node);
        if (consumer >= 0) {
            shared =
                QStringLiteral("queues of ") + graph.nodes[static_cast<std::size_t>(consumer)].name;
        }
    }
    return shared.isEmpty() ? QString() : nodeKindName(n.kind) + QLatin1Char(':') + shared;
}

TopologyGraph collapseGroups(const TopologyGraph& full, NodeGrouping grouping,
                             const std::set<QString>& expanded) {
    const std::size_t count = full.nodes.size();
    std::vector<QString> groups(count);
    std::map<QString, std::size_t> sizes;
    for (std::size_t i = 0; i < count; ++i) {
        groups[i] = groupOf(full, static_cast<int>(i), grouping);
        if (!groups[i].isEmpty()) {
            ++sizes[groups[i]];
        }
    }
    const auto shared = [&](std::size_t i) { // by another node too
        const auto it = sizes.find(groups[i]);
        return it != sizes.end() && it->second >= 2;
    };
    const auto collapsed = [&](std::size_t i) {
        return shared(i) && !expanded.contains(groups[i]);
    };

    TopologyGraph out;
    std::vector<int> newIndex(count, -1);
    std::map<QString, int> groupNode;
    for (std::size_t i = 0; i < count; ++i) {
        const Node& n = full.nodes[i];
        if (!collapsed(i)) {
            newIndex[i] = static_cast<int>(out.nodes.size());
            out.nodes.push_back(n);
            out.nodes.back().group = shared(i) ? groups[i] : QString();
            continue;
        }
        auto [it, first] = groupNode.emplace(groups[i], static_cast<int>(out.nodes.size()));
        if (first) { // the group takes the place of its first member
            Node g;
            g.kind = n.kind;
            g.key = QStringLiteral("group:") + groups[i];
            g.name = groupDisplayName(groups[i]);
            g.detail = membersCounted(n, sizes[groups[i]]);
            g.group = groups[i];
            g.collapsed = true;
            g.deadLetter = true;
            out.nodes.push_back(std::move(g));
        }
        newIndex[i] = it->second;
        Node& g = out.nodes[static_cast<std::size_t>(it->second)];
        g.members.insert(g.members.end(), n.members.begin(), n.members.end());
        g.instances.insert(g.instances.end(), n.instances.begin(), n.instances.end());
        g.sources.insert(g.sources.end(), n.sources.begin(), n.sources.end());
        g.memberNames << n.name;
        g.deadLetter = g.deadLetter && n.deadLetter;
        // Bounded only when every member is: then the group holds at most their sum.
        const bool bounded = g.memberNames.size() == 1 || g.maxLength > 0;
        g.maxLength = bounded && n.maxLength > 0 ? g.maxLength + n.maxLength : 0;
    }

    for (std::size_t i = 0; i < count; ++i) {
        const Node& n = full.nodes[i];
        const int to = newIndex[i];
        for (const EntityId member : n.members) {
            if (n.kind == Kind::Producer) {
                out.producerOf[member] = to;
            } else if (n.kind == Kind::Consumer) {
                out.consumerOf[member] = to;
            } else {
                out.byEntity[member] = to;
            }
        }
    }

    for (const TopologyGraph::Edge& e : full.edges) {
        const int from = newIndex[static_cast<std::size_t>(e.from)];
        const int to = newIndex[static_cast<std::size_t>(e.to)];
        if (from == to) {
            continue;
        }
        // A link belongs to one service: an arrow that stands for several services' arrows has
        // none of its own.
        const bool manyServices = out.nodes[static_cast<std::size_t>(from)].collapsed ||
                                  out.nodes[static_cast<std::size_t>(to)].collapsed;
        const auto [it, added] =
            out.edgeOf.emplace(std::pair(from, to), static_cast<int>(out.edges.size()));
        if (added) {
            TopologyGraph::Edge merged = e;
            merged.from = from;
            merged.to = to;
            merged.label.clear();
            addKeys(merged.label, e.label);
            if (manyServices) {
                merged.link = kNoEntity;
            }
            out.edges.push_back(std::move(merged));
            continue;
        }
        TopologyGraph::Edge& merged = out.edges[static_cast<std::size_t>(it->second)];
        addKeys(merged.label, e.label);
        if (merged.link != e.link) {
            merged.link = kNoEntity;
        }
    }
    return out;
}

} // namespace evsim::gui
