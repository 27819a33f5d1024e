#include "gui/views/scenario/scenario_tree_view.h"

#include "gui/control/session_controller.h"
#include "simulator/broker/broker_factory.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace evsim::gui {
namespace {

// An item stores the entity it stands for as (kind, name): ids exist only once a run has
// built its entity table, and every run of the session numbers them alike.
constexpr int kKindRole = Qt::UserRole;
constexpr int kNameRole = Qt::UserRole + 1;

QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const QString& text,
                         EntityKind kind = EntityKind::None, const std::string& name = {}) {
    auto* item = new QTreeWidgetItem(parent, {text});
    item->setToolTip(0, text);
    if (kind != EntityKind::None) {
        item->setData(0, kKindRole, static_cast<int>(kind));
        item->setData(0, kNameRole, QString::fromStdString(name));
    }
    return item;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString joined(const std::vector<std::string>& parts) {
    QStringList list;
    for (const std::string& part : parts) {
        list << q(part);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

ScenarioTreeView::ScenarioTreeView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("scenarioTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { selectFromTree(item); });
    connect(&controller, &SessionController::sessionOpened, this, &ScenarioTreeView::rebuild);
    rebuild();
}

void ScenarioTreeView::rebuild() {
    m_tree->clear();
    if (!m_controller.hasSession()) {
        return;
    }
    const Scenario& s = m_controller.session().scenario();
    auto* root = m_tree->invisibleRootItem();
    auto* services = addItem(root, tr("Services (%1)").arg(s.services.size()));
    for (const ServiceSpec& service : s.services) {
        auto* item = addItem(services, q(service.name), EntityKind::Service, service.name);
        for (std::uint32_t i = 0; i < service.instances; ++i) {
            const std::string name = service.name + "#" + std::to_string(i);
            addItem(item, tr("instance %1").arg(q(name)), EntityKind::Instance, name);
        }
        for (const ProducerSpec& p : service.produces) {
            addItem(item, tr("produces %1 → %2").arg(q(p.eventType), q(p.exchange)));
        }
        for (const ConsumerSpec& c : service.consumes) {
            addItem(item, tr("consumes ← %1").arg(q(c.queue)));
        }
    }
    const BrokerTopology broker = describeBroker(s.broker);
    std::vector<const BrokerTopology::Target*> declared;
    for (const BrokerTopology::Target& x : broker.targets) {
        if (!x.routesByName) {
            declared.push_back(&x);
        }
    }
    // "Exchanges", "Queues"; a log's "Topics", "Groups".
    const auto heading = [](std::string_view noun, std::size_t count) {
        QString text = QString::fromUtf8(noun.data(), static_cast<qsizetype>(noun.size()));
        text[0] = text[0].toUpper();
        return QStringLiteral("%1s (%2)").arg(text).arg(count);
    };
    auto* exchanges = addItem(root, heading(broker.targetNoun, declared.size()));
    for (const BrokerTopology::Target* x : declared) {
        addItem(exchanges, QStringLiteral("%1 (%2)").arg(q(x->name), q(x->type)),
                broker.targetEntity, x->name);
    }
    auto* queues = addItem(root, heading(broker.sourceNoun, broker.sources.size()));
    for (const BrokerTopology::Source& queue : broker.sources) {
        addItem(queues, QStringLiteral("%1 (%2)").arg(q(queue.name), joined(queue.details)),
                broker.sourceEntity, queue.name);
    }
    if (!s.alerts.empty()) {
        auto* alerts = addItem(root, tr("Alerts (%1)").arg(s.alerts.size()));
        for (const AlertRule& rule : s.alerts) {
            addItem(alerts, tr("%1 on %2").arg(q(rule.name), q(rule.queue)), EntityKind::Alert,
                    rule.name);
        }
    }
    addItem(root, tr("Expectations: %1").arg(s.expectations.size()));
    addItem(root, tr("Seed %1, runs for %2").arg(s.seed).arg(q(formatDuration(s.duration))));
    services->setExpanded(true);
    exchanges->setExpanded(true);
    queues->setExpanded(true);
}

void ScenarioTreeView::selectFromTree(QTreeWidgetItem* item) {
    const QVariant kind = item->data(0, kKindRole);
    if (!kind.isValid()) {
        return;
    }
    const EntityId id = m_controller.data().entities().find(
        static_cast<EntityKind>(kind.toInt()), item->data(0, kNameRole).toString().toStdString());
    if (id != kNoEntity) {
        m_controller.select({Selection::Kind::Entity, id, 0});
    }
}

} // namespace evsim::gui
