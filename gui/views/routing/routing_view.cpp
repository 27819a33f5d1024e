#include "gui/views/routing/routing_view.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "harness/query/topology_routes.h"
#include "harness/session/run_index.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <variant>

namespace evsim::gui {
namespace {

// The scenario's topology, or an empty one before any scenario is open.
const AmqpSpec& topologyOf(const SessionController& controller) {
    static const AmqpSpec none;
    return controller.hasSession() ? controller.session().scenario().broker.amqp : none;
}

// A declared exchange's type; nullopt for the default exchange (or one that is gone).
std::optional<ExchangeType> typeOf(const AmqpSpec& spec, const std::string& exchange) {
    for (const ExchangeSpec& x : spec.exchanges) {
        if (x.name == exchange) {
            return x.type;
        }
    }
    return std::nullopt;
}

// How a binding reads in the list: what it matches, then where it leads.
QString bindingText(const BindingSpec& b, ExchangeType type) {
    QString match;
    if (type == ExchangeType::Headers) {
        match = QString::fromStdString(b.arguments.empty() ? "{}" : b.arguments);
    } else if (type == ExchangeType::Fanout) {
        match = QObject::tr("(every message)");
    } else {
        match = QString::fromStdString(b.key.empty() ? std::string("\"\"") : b.key);
    }
    const QString to = b.toExchange.empty()
                           ? QString::fromStdString(b.queue)
                           : QObject::tr("exchange %1").arg(QString::fromStdString(b.toExchange));
    return QStringLiteral("%1  →  %2").arg(match, to);
}

} // namespace

RoutingView::RoutingView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_exchange = new QComboBox(this);
    m_exchange->setMinimumContentsLength(28);
    m_exchange->setObjectName(QStringLiteral("routingExchange"));
    m_exchange->setToolTip(tr("The exchange a message is published to"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("routingKey"));
    m_key->setClearButtonEnabled(true);
    m_key->setMinimumWidth(m_exchange->sizeHint().width());
    form->addRow(tr("Exchange"), m_exchange);
    form->addRow(tr("Routing key"), m_key);
    layout->addLayout(form);
    m_answer = new QLabel(this);
    m_answer->setObjectName(QStringLiteral("routingAnswer"));
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_answer);
    m_deleted = new QLabel(this);
    m_deleted->setObjectName(QStringLiteral("routingDeleted"));
    m_deleted->setWordWrap(true);
    m_deleted->setVisible(false);
    layout->addWidget(m_deleted);
    auto* heading = new QLabel(tr("Its bindings"), this);
    layout->addWidget(heading);
    m_bindings = new QListWidget(this);
    m_bindings->setObjectName(QStringLiteral("routingBindings"));
    layout->addWidget(m_bindings, 1);

    connect(m_exchange, &QComboBox::currentIndexChanged, this, [this] {
        showBindings();
        route();
        showDeletion();
    });
    connect(&controller, &SessionController::cursorChanged, this, &RoutingView::showDeletion);
    connect(&controller, &SessionController::dataChanged, this, &RoutingView::showDeletion);
    connect(m_key, &QLineEdit::textChanged, this, &RoutingView::route);
    // A topology edit runs the scenario again; another scenario opens as a new session.
    connect(&controller, &SessionController::sessionOpened, this, [this] {
        m_exchange->clear(); // a new scenario: nothing chosen in it yet
        refreshExchanges();
    });
    connect(&controller, &SessionController::runRestarted, this, &RoutingView::refreshExchanges);
    refreshExchanges();
}

RoutingView::~RoutingView() = default;

void RoutingView::showDeletion() {
    const std::string exchange = m_exchange->currentData().toString().toStdString();
    // Only a run that deletes this exchange can have it deleted: no state to rebuild otherwise.
    const auto deletes = [&](const std::vector<Intervention>& timeline) {
        return std::any_of(timeline.begin(), timeline.end(), [&](const Intervention& i) {
            const auto* d = std::get_if<DeleteExchange>(&i.action);
            return d != nullptr && d->exchange == exchange;
        });
    };
    bool deleted = false;
    if (!exchange.empty() && m_controller.hasSession() &&
        (deletes(m_controller.session().scenario().timeline) ||
         deletes(m_controller.session().added()))) {
        const EntityId entity = m_controller.data().entities().find(EntityKind::Exchange, exchange);
        const RunState state = m_controller.index().stateAt(m_controller.cursor());
        deleted = entity != kNoEntity && entity < state.deleted.size() && state.deleted[entity];
    }
    m_deleted->setVisible(deleted);
    if (deleted) {
        m_deleted->setText(
            tr("<span style=\"color:%1\">At the cursor (%2) this exchange is deleted: a publish "
               "to it gets 404 NOT_FOUND, which closes the publisher's channel.</span>")
                .arg(Theme::error().name(),
                     QString::fromStdString(formatDuration(m_controller.cursor()))));
    }
}

void RoutingView::refreshExchanges() {
    m_routes = std::make_unique<TopologyRoutes>(topologyOf(m_controller));
    const QVariant chosen = m_exchange->currentData(); // invalid when nothing was chosen
    const QSignalBlocker quiet(m_exchange);
    m_exchange->clear();
    m_exchange->addItem(tr("(default exchange)"), QString());
    for (const ExchangeSpec& x : topologyOf(m_controller).exchanges) {
        const QString name = QString::fromStdString(x.name);
        m_exchange->addItem(QStringLiteral("%1  (%2)").arg(name, exchangeTypeName(x.type)), name);
    }
    const int again = chosen.isValid() ? m_exchange->findData(chosen) : -1;
    // A fresh scenario starts on its first declared exchange: the default one routes by name.
    m_exchange->setCurrentIndex(again >= 0 ? again : (m_exchange->count() > 1 ? 1 : 0));
    showBindings();
    route();
}

void RoutingView::showBindings() {
    m_bindings->clear();
    const AmqpSpec& spec = topologyOf(m_controller);
    const std::string exchange = m_exchange->currentData().toString().toStdString();
    if (exchange.empty()) {
        m_bindings->addItem(tr("The default exchange routes a message to the queue its routing "
                               "key names."));
        m_key->setPlaceholderText(tr("a queue's name"));
        return;
    }
    const ExchangeType type = typeOf(spec, exchange).value_or(ExchangeType::Direct);
    for (const BindingSpec& b : spec.bindings) {
        if (b.exchange == exchange) {
            m_bindings->addItem(bindingText(b, type));
        }
    }
    for (const ExchangeSpec& x : spec.exchanges) {
        if (x.name == exchange && x.alternateExchange) {
            m_bindings->addItem(tr("(what nothing above takes)  →  alternate exchange %1")
                                    .arg(QString::fromStdString(*x.alternateExchange)));
        }
    }
    const bool headers = type == ExchangeType::Headers;
    m_key->setPlaceholderText(headers ? tr("a message's headers, e.g. {\"region\": \"eu\"}")
                              : type == ExchangeType::Topic ? tr("e.g. order.placed.eu")
                                                            : tr("e.g. order.placed"));
    m_key->setToolTip(headers ? tr("A headers exchange ignores the routing key: give the "
                                   "message's headers as a JSON object")
                              : tr("The message's routing key"));
}

void RoutingView::route() {
    m_controller.showRoute({}); // until there is an answer with queues
    const TopologyRoutes& routes = *m_routes;
    const std::string exchange = m_exchange->currentData().toString().toStdString();
    if (!routes.has(exchange)) {
        m_answer->setText(tr("The exchange is gone from the scenario."));
        return;
    }
    const std::optional<ExchangeType> type = typeOf(topologyOf(m_controller), exchange);
    const bool needsKey = !type || *type == ExchangeType::Direct || *type == ExchangeType::Topic;
    if (m_key->text().isEmpty() && needsKey) {
        m_answer->setText(tr("Type a routing key to see which queues it reaches."));
        return;
    }
    const std::optional<std::vector<std::string>> queues =
        routes.queuesFor(exchange, m_key->text().toStdString());
    if (!queues) {
        m_answer->setText(tr("Not a JSON object: a headers exchange routes on the message's "
                             "headers, such as {\"region\": \"eu\"}."));
        return;
    }
    if (queues->empty()) {
        m_answer->setText(tr("Reaches no queue: the message is dropped as unroutable (or "
                             "returned to a mandatory publisher)."));
        return;
    }
    QStringList names;
    for (const std::string& q : *queues) {
        names << QString::fromStdString(q);
    }
    m_controller.showRoute({exchange, *queues}); // the canvas lights the route up
    m_answer->setText((names.size() == 1 ? tr("Reaches 1 queue: %1")
                                         : tr("Reaches %1 queues: %2").arg(names.size()))
                          .arg(names.join(QStringLiteral(", "))));
}

void RoutingView::ask(const QString& exchange, const QString& key) {
    const int index = m_exchange->findData(exchange);
    if (index >= 0) {
        m_exchange->setCurrentIndex(index);
    }
    m_key->setText(key);
    route();
}

QString RoutingView::answer() const {
    return m_answer->text();
}

} // namespace evsim::gui
