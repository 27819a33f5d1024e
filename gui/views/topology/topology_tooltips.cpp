#include "gui/views/topology/topology_tooltips.h"

#include "gui/views/topology/node_item.h"
#include "gui/widgets/counted.h"
#include "simulator/scenario/scenario.h"

#include <QStringList>
#include <map>

namespace evsim::gui {
namespace {

QString bold(const QString& text) {
    return QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped());
}

QString instanceLines(const NodeItem& item) {
    std::map<InstanceState, int> counts;
    for (const InstanceState s : item.instanceStates()) {
        ++counts[s];
    }
    QStringList parts;
    for (const auto& [state, count] : counts) {
        parts << QStringLiteral("%1 %2").arg(count).arg(instanceStateName(state));
    }
    QStringList lines;
    lines << QStringLiteral("%1: %2")
                 .arg(counted(static_cast<long long>(item.instanceStates().size()),
                              QStringLiteral("instance"), QStringLiteral("instances")))
                 .arg(parts.join(QStringLiteral(", ")));
    if (item.node().collapsed) {
        return lines.join(QStringLiteral("<br>")); // numbers within a group would mislead
    }
    if (item.instanceStates().size() <= 8) {
        for (std::size_t i = 0; i < item.instanceStates().size(); ++i) {
            const std::uint8_t version = i < item.versions().size() ? item.versions()[i] : 0;
            lines << QStringLiteral("&nbsp;&nbsp;#%1 %2%3")
                         .arg(i)
                         .arg(instanceStateName(item.instanceStates()[i]))
                         .arg(version != 0 ? QStringLiteral(", schema v%1").arg(version)
                                           : QString());
        }
    }
    lines << QStringLiteral("<i>Dots: filled busy, hollow idle, dotted not consuming, red cross "
                            "crashed, grey paused, amber hung; a ring: moved to a new schema "
                            "version by a rolling deploy. Right-click for faults to inject.</i>");
    return lines.join(QStringLiteral("<br>"));
}

QString rates(const NodeItem& item) {
    return QStringLiteral("<br>%1/s published in, %2/s acked out (at the last metrics sample)")
        .arg(item.rateIn(), 0, 'f', 1)
        .arg(item.rateOut(), 0, 'f', 1);
}

// A collapsed group: what it stands for, its members (the first few), what they add up to.
QString groupToolTip(const NodeItem& item) {
    const TopologyGraph::Node& n = item.node();
    constexpr int kNamesShown = 8;
    QStringList names = n.memberNames.mid(0, kNamesShown);
    for (QString& name : names) {
        name = name.toHtmlEscaped();
    }
    if (n.memberNames.size() > kNamesShown) {
        names << QStringLiteral("and %1 more").arg(n.memberNames.size() - kNamesShown);
    }
    QString text = bold(n.name) + QStringLiteral(" — a group of ") + n.detail.toHtmlEscaped() +
                   QStringLiteral(": ") + names.join(QStringLiteral(", ")) + QStringLiteral(".");
    if (n.kind == TopologyGraph::Node::Kind::Queue) {
        text += QStringLiteral("<br>%1 ready, %2 delivered and not acked yet, in all")
                    .arg(item.ready())
                    .arg(item.unacked()) +
                rates(item);
    } else if (n.kind != TopologyGraph::Node::Kind::Exchange) {
        text += QStringLiteral("<br>") + instanceLines(item);
    }
    return text + QStringLiteral("<br><i>Double-click to show each of them.</i>");
}

} // namespace

QString nodeToolTip(const NodeItem& item) {
    const TopologyGraph::Node& n = item.node();
    if (n.collapsed) {
        return groupToolTip(item);
    }
    switch (n.kind) {
    case TopologyGraph::Node::Kind::Producer:
        return bold(n.name) + QStringLiteral(" publishes events to the broker.<br>") +
               instanceLines(item);
    case TopologyGraph::Node::Kind::Consumer:
        return bold(n.name) + QStringLiteral(" consumes from the broker's queues.<br>") +
               instanceLines(item);
    case TopologyGraph::Node::Kind::Exchange:
        return bold(n.name) +
               QStringLiteral(" — a %1 exchange: it routes what is published to it to the queues "
                              "bound to it.")
                   .arg(n.detail) +
               (item.deleted() ? QStringLiteral("<br><b>Deleted now</b> (dashed): a publish to it "
                                                "gets 404 NOT_FOUND, which closes the "
                                                "publisher's channel.")
                               : QString());
    case TopologyGraph::Node::Kind::Queue: {
        QString text =
            bold(n.name) + QStringLiteral(" — a ") +
            (n.detail.isEmpty() ? QStringLiteral("classic") : n.detail) + QStringLiteral(" queue") +
            (n.deadLetter ? QStringLiteral(" that collects dead letters (dashed)") : QString()) +
            QStringLiteral(".<br>%1 ready, %2 delivered and not acked yet")
                .arg(item.ready())
                .arg(item.unacked());
        if (n.maxLength > 0) {
            text += QStringLiteral(" (max-length %1)").arg(n.maxLength);
        }
        text += rates(item);
        return text + QStringLiteral(
                          ".<br><i>Bar: ready solid, unacked hatched. Right-click to purge.</i>");
    }
    }
    return {};
}

QString edgeToolTip(const TopologyGraph::Edge& edge, const TopologyGraph& graph,
                    const Scenario& scenario) {
    const auto& from = graph.nodes[static_cast<std::size_t>(edge.from)];
    const auto& to = graph.nodes[static_cast<std::size_t>(edge.to)];
    QString what;
    switch (edge.kind) {
    case TopologyGraph::Edge::Kind::Publish:
        what = QStringLiteral("%1 publishes to %2");
        break;
    case TopologyGraph::Edge::Kind::Binding:
        what = QStringLiteral("%1 routes to %2");
        break;
    case TopologyGraph::Edge::Kind::Consume:
        what = QStringLiteral("%1 delivers to %2");
        break;
    case TopologyGraph::Edge::Kind::Emit:
        what = QStringLiteral("%1 publishes (after processing) to %2");
        break;
    case TopologyGraph::Edge::Kind::DeadLetter:
        what = QStringLiteral("%1 dead-letters to %2");
        break;
    case TopologyGraph::Edge::Kind::Alternate:
        what =
            QStringLiteral("%1 sends what its bindings route nowhere to %2 (alternate exchange)");
        break;
    }
    QString text = what.arg(bold(from.name), bold(to.name));
    if (!edge.label.isEmpty()) {
        const bool binding = edge.kind == TopologyGraph::Edge::Kind::Binding;
        const QString said = binding && from.detail == QLatin1String("headers") ? "headers: "
                             : binding && from.detail == QLatin1String("topic") ? "pattern: "
                             : binding                                          ? "binding key: "
                                                                                : "routing key: ";
        text += QStringLiteral("<br>") + said + edge.label.toHtmlEscaped();
    }
    if (edge.link != kNoEntity) {
        const bool toBroker = edge.kind != TopologyGraph::Edge::Kind::Consume;
        const std::string service = (toBroker ? from.name : to.name).toStdString();
        Distribution latency = scenario.network.latency;
        for (const LinkSpec& l : scenario.network.links) {
            if ((toBroker && l.from == service && l.to == "broker") ||
                (!toBroker && l.from == "broker" && l.to == service)) {
                latency = l.latency;
            }
        }
        text += QStringLiteral("<br>network: %1, latency %2")
                    .arg(toBroker ? QString::fromStdString(service + " → broker")
                                  : QString::fromStdString("broker → " + service))
                    .arg(QString::fromStdString(latency.describe()).toHtmlEscaped());
        text += QStringLiteral("<br><i>Right-click for network faults to inject.</i>");
    }
    return text;
}

} // namespace evsim::gui
