#include "gui/views/topology/canvas_edits.h"

#include "gui/control/session_controller.h"
#include "gui/widgets/plain_message.h"
#include "harness/session/topology_edit.h"

#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace evsim::gui {
namespace {

using Node = TopologyGraph::Node;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

// Asks for one name, offering `choices` (which the user may also type past); nullopt when
// cancelled or left empty.
std::optional<std::string> askName(QWidget* parent, const QString& title, const QString& question,
                                   const QStringList& choices, const QString& suggested = {}) {
    bool ok = false;
    const QString answer =
        choices.isEmpty()
            ? QInputDialog::getText(parent, title, question, QLineEdit::Normal, suggested, &ok)
            : QInputDialog::getItem(parent, title, question, choices, 0, true, &ok);
    if (!ok || answer.trimmed().isEmpty()) {
        return std::nullopt;
    }
    return answer.trimmed().toStdString();
}

QStringList serviceNames(const Scenario& scenario) {
    QStringList names;
    for (const ServiceSpec& s : scenario.services) {
        names << qs(s.name);
    }
    return names;
}

ExchangeType typeOf(const Scenario& scenario, const std::string& exchange) {
    for (const ExchangeSpec& x : scenario.broker.amqp.exchanges) {
        if (x.name == exchange) {
            return x.type;
        }
    }
    return ExchangeType::Direct;
}

// Makes the change once the user agreed to what goes with it; says why when it cannot be made.
void apply(SessionController& controller, QWidget* parent, const QString& what,
           const TopologyChange& change) {
    if (!change.ok()) {
        showPlainWarning(parent, QObject::tr("Cannot %1").arg(what), qs(change.error));
        return;
    }
    if (!change.alsoRemoved.empty()) {
        QString list;
        for (const std::string& part : change.alsoRemoved) {
            list += QStringLiteral("\n  • ") + qs(part);
        }
        QMessageBox box(QMessageBox::Question, QObject::tr("Remove"),
                        QObject::tr("To %1, these go too:%2").arg(what, list),
                        QMessageBox::Yes | QMessageBox::Cancel, parent);
        box.setTextFormat(Qt::PlainText);
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Yes) {
            return;
        }
    }
    if (const QString error = controller.editScenario(change.edits); !error.isEmpty()) {
        showPlainWarning(parent, QObject::tr("Cannot %1").arg(what), error);
    }
}

int exchangeEntries(QMenu& menu, SessionController& controller, const std::string& exchange,
                    QWidget* parent) {
    const QString name = qs(exchange);
    menu.addAction(QObject::tr("Add a Producer Publishing to %1…").arg(name), [&controller,
                                                                               exchange, name,
                                                                               parent] {
        const Session& session = controller.session();
        const auto service = askName(parent, QObject::tr("Add a Producer · %1").arg(name),
                                     QObject::tr("The service that publishes to %1 (pick one, or "
                                                 "type the name of a new one):")
                                         .arg(name),
                                     serviceNames(session.scenario()));
        if (!service) {
            return;
        }
        const auto event =
            askName(parent, QObject::tr("Add a Producer · %1").arg(name),
                    QObject::tr("The type of event it publishes:"), {}, QStringLiteral("Event"));
        if (!event) {
            return;
        }
        std::string key;
        const ExchangeType type = typeOf(session.scenario(), exchange);
        if (type != ExchangeType::Fanout && type != ExchangeType::Headers) {
            const auto typed = askName(parent, QObject::tr("Add a Producer · %1").arg(name),
                                       QObject::tr("Its routing key:"), {}, qs(*event));
            if (!typed) {
                return;
            }
            key = *typed;
        }
        apply(controller, parent, QObject::tr("add the producer"),
              addProducer(session, *service, exchange, *event, key));
    });
    menu.addAction(
        QObject::tr("Bind a Queue to %1…").arg(name), [&controller, exchange, name, parent] {
            const Session& session = controller.session();
            QStringList queues;
            for (const QueueSpec& q : session.scenario().broker.amqp.queues) {
                queues << qs(q.name);
            }
            const auto queue = askName(parent, QObject::tr("Bind a Queue · %1").arg(name),
                                       QObject::tr("The queue to bind to %1 (pick one, or type the "
                                                   "name of a new one):")
                                           .arg(name),
                                       queues);
            if (!queue) {
                return;
            }
            std::string key;
            const ExchangeType type = typeOf(session.scenario(), exchange);
            if (type == ExchangeType::Headers) {
                const auto arguments = askName(
                    parent, QObject::tr("Bind a Queue · %1").arg(name),
                    QObject::tr("The headers it matches, as a JSON object (\"x-match\": \"all\" "
                                "wants every one, \"any\" one of them):"),
                    {}, QStringLiteral("{\"x-match\": \"all\", \"region\": \"eu\"}"));
                if (!arguments) {
                    return;
                }
                apply(controller, parent, QObject::tr("bind the queue"),
                      addBinding(session, exchange, *queue, {}, *arguments));
                return;
            }
            if (type != ExchangeType::Fanout) {
                const bool topic = type == ExchangeType::Topic;
                const auto typed = askName(
                    parent, QObject::tr("Bind a Queue · %1").arg(name),
                    topic ? QObject::tr("The pattern it is bound with (words split by dots; * is "
                                        "one word, # zero or more):")
                          : QObject::tr("The routing key it is bound with:"),
                    {}, topic ? QStringLiteral("#") : qs(*queue));
                if (!typed) {
                    return;
                }
                key = *typed;
            }
            apply(controller, parent, QObject::tr("bind the queue"),
                  addBinding(session, exchange, *queue, key));
        });
    return 2;
}

int queueEntries(QMenu& menu, SessionController& controller, const std::string& queue,
                 QWidget* parent) {
    const QString name = qs(queue);
    menu.addAction(
        QObject::tr("Add a Consumer of %1…").arg(name), [&controller, queue, name, parent] {
            const auto service = askName(parent, QObject::tr("Add a Consumer · %1").arg(name),
                                         QObject::tr("The service that consumes %1 (pick one, or "
                                                     "type the name of a new one):")
                                             .arg(name),
                                         serviceNames(controller.session().scenario()));
            if (service) {
                apply(controller, parent, QObject::tr("add the consumer"),
                      addConsumer(controller.session(), *service, queue));
            }
        });
    menu.addAction(QObject::tr("Remove Queue %1…").arg(name), [&controller, queue, name, parent] {
        apply(controller, parent, QObject::tr("remove queue %1").arg(name),
              removeQueue(controller.session(), queue));
    });
    return 2;
}

int serviceEntries(QMenu& menu, SessionController& controller, const Node& node, QWidget* parent) {
    const std::string service = node.name.toStdString();
    const Session& session = controller.session();
    int added = 0;
    if (node.kind == Node::Kind::Producer) {
        const std::vector<std::string> producers = producersOf(session, service);
        for (std::size_t i = 0; i < producers.size(); ++i) {
            const QString what =
                QObject::tr("remove producer %1 of %2").arg(qs(producers[i]), node.name);
            menu.addAction(QObject::tr("Remove Producer %1").arg(qs(producers[i])),
                           [&controller, service, i, what, parent] {
                               apply(controller, parent, what,
                                     removeProducer(controller.session(), service, i));
                           });
            ++added;
        }
        return added;
    }
    for (const std::string& queue : consumedQueuesOf(session, service)) {
        const QString what =
            QObject::tr("remove the consumer of %1 at %2").arg(qs(queue), node.name);
        menu.addAction(QObject::tr("Remove Consumer of %1").arg(qs(queue)), [&controller, service,
                                                                             queue, what, parent] {
            apply(controller, parent, what, removeConsumer(controller.session(), service, queue));
        });
        ++added;
    }
    return added;
}

int bindingEntries(QMenu& menu, SessionController& controller, const Node& exchange,
                   const Node& queue, QWidget* parent) {
    int added = 0;
    const std::string x = exchange.name.toStdString();
    const std::string q = queue.name.toStdString();
    for (const BindingSpec& b : controller.session().scenario().broker.amqp.bindings) {
        if (b.exchange != x || b.queue != q) {
            continue;
        }
        const std::string matched = !b.arguments.empty() ? b.arguments : b.key;
        const QString label =
            matched.empty() ? QObject::tr("Remove Binding %1 → %2").arg(exchange.name, queue.name)
                            : QObject::tr("Remove Binding %1 → %2 (%3)")
                                  .arg(exchange.name, queue.name, qs(matched));
        menu.addAction(label, [&controller, x, q, key = b.key, arguments = b.arguments, parent] {
            apply(controller, parent, QObject::tr("remove the binding"),
                  removeBinding(controller.session(), x, q, key, arguments));
        });
        ++added;
    }
    return added;
}

// The entries for what was clicked, without their section.
int addEntries(QMenu& menu, SessionController& controller, const TopologyGraph& graph,
               const Node* node, const TopologyGraph::Edge* edge, QWidget* parent) {
    if (node != nullptr) {
        if (node->collapsed) {
            return 0; // a group stands for many parts: its members are edited one by one
        }
        switch (node->kind) {
        case Node::Kind::Exchange:
            return node->name == QLatin1String("(default)")
                       ? 0
                       : exchangeEntries(menu, controller, node->name.toStdString(), parent);
        case Node::Kind::Queue:
            return queueEntries(menu, controller, node->name.toStdString(), parent);
        case Node::Kind::Producer:
        case Node::Kind::Consumer:
            return serviceEntries(menu, controller, *node, parent);
        }
        return 0;
    }
    if (edge != nullptr) {
        return edge->kind == TopologyGraph::Edge::Kind::Binding
                   ? bindingEntries(menu, controller,
                                    graph.nodes[static_cast<std::size_t>(edge->from)],
                                    graph.nodes[static_cast<std::size_t>(edge->to)], parent)
                   : 0;
    }
    menu.addAction(QObject::tr("Add a Queue…"), [&controller, parent] {
        const auto name = askName(parent, QObject::tr("Add a Queue"),
                                  QObject::tr("The name of the new queue:"), {});
        if (name) {
            apply(controller, parent, QObject::tr("add the queue"),
                  addQueue(controller.session(), *name));
        }
    });
    return 1;
}

} // namespace

int fillCanvasEditMenu(QMenu& menu, SessionController& controller, const TopologyGraph& graph,
                       const Node* node, const TopologyGraph::Edge* edge, QWidget* dialogParent) {
    if (!controller.hasSession() || controller.session().text().empty()) {
        return 0; // nothing to edit: a scenario built in code
    }
    QAction* section = menu.addSection(QObject::tr("Scenario"));
    const int added = addEntries(menu, controller, graph, node, edge, dialogParent);
    if (added == 0) {
        menu.removeAction(section);
        delete section;
    }
    return added;
}

} // namespace evsim::gui
