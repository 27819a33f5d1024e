#include "harness/io/topology_dot.h"

#include "simulator/scenario/scenario.h"

#include <map>
#include <set>

namespace evsim {
namespace {

class Graph {
public:
    // The node of `name` of `kind` ("service", "exchange", "queue"), declared on first use.
    std::string node(const std::string& kind, const std::string& name) {
        const auto key = std::make_pair(kind, name);
        if (const auto it = m_ids.find(key); it != m_ids.end()) {
            return it->second;
        }
        const std::string id = "n" + std::to_string(m_ids.size() + 1);
        m_ids.emplace(key, id);
        const char* shape = kind == "service" ? "box, style=rounded"
                            : kind == "queue" ? "cylinder"
                                              : "hexagon";
        m_nodes += "  " + id + " [label=" + dotQuoted(name.empty() ? "(default)" : name) +
                   ", shape=" + shape + "];\n";
        return id;
    }
    void edge(const std::string& from, const std::string& to, const std::string& label,
              const std::string& style = "") {
        const std::string line = "  " + from + " -> " + to +
                                 (label.empty() && style.empty() ? "" : " [") +
                                 (label.empty() ? "" : "label=" + dotQuoted(label)) +
                                 (!label.empty() && !style.empty() ? ", " : "") +
                                 (style.empty() ? "" : "style=" + style) +
                                 (label.empty() && style.empty() ? "" : "]") + ";\n";
        if (m_edges.insert(line).second) {
            m_edgeText += line;
        }
    }
    std::string text(const std::string& name) const {
        return "digraph " + dotQuoted(name) +
               " {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n" +
               "  edge [fontname=\"sans-serif\", fontsize=10];\n" + m_nodes + m_edgeText + "}\n";
    }

private:
    std::map<std::pair<std::string, std::string>, std::string> m_ids;
    std::string m_nodes;
    std::string m_edgeText;
    std::set<std::string> m_edges;
};

} // namespace

std::string dotQuoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n' || c == '\r') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string topologyDot(const Scenario& scenario) {
    Graph g;
    const bool log = scenario.broker.kind == BrokerKind::Kafka;
    if (log) {
        for (const TopicSpec& t : scenario.broker.kafka.topics) {
            g.node("exchange", t.name);
        }
        for (const GroupSpec& group : scenario.broker.kafka.groups) {
            g.edge(g.node("exchange", group.topic), g.node("queue", group.name), "");
        }
    } else {
        for (const ExchangeSpec& e : scenario.broker.amqp.exchanges) {
            const std::string id = g.node("exchange", e.name);
            if (e.alternateExchange) {
                g.edge(id, g.node("exchange", *e.alternateExchange), "alternate", "dashed");
            }
        }
        for (const QueueSpec& q : scenario.broker.amqp.queues) {
            const std::string id = g.node("queue", q.name);
            if (q.arguments.deadLetterExchange) {
                g.edge(id, g.node("exchange", *q.arguments.deadLetterExchange), "dead letters",
                       "dashed");
            }
        }
        for (const BindingSpec& b : scenario.broker.amqp.bindings) {
            const std::string to =
                b.toExchange.empty() ? g.node("queue", b.queue) : g.node("exchange", b.toExchange);
            g.edge(g.node("exchange", b.exchange), to, b.key);
        }
    }
    for (const ServiceSpec& s : scenario.services) {
        const std::string service = g.node("service", s.name);
        for (const ProducerSpec& p : s.produces) {
            g.edge(service, g.node("exchange", p.exchange), p.eventType);
        }
        for (const ConsumerSpec& c : s.consumes) {
            g.edge(g.node("queue", c.queue), service, "");
            for (const EmitSpec& e : c.emits) {
                g.edge(service, g.node("exchange", e.exchange), e.eventType);
            }
            if (c.retry) {
                if (c.retry->viaExchange) {
                    g.edge(service, g.node("exchange", *c.retry->viaExchange), "retry", "dotted");
                }
                for (const std::string& later : c.retry->laterVia) {
                    g.edge(service, g.node("exchange", later), "retry", "dotted");
                }
                if (c.retry->giveUpExchange) {
                    g.edge(service, g.node("exchange", *c.retry->giveUpExchange), "give up",
                           "dotted");
                }
            }
        }
    }
    return g.text(scenario.name.empty() ? "scenario" : scenario.name);
}

} // namespace evsim
