#include "gui/views/inspector/inspector_view.h"

#include "gui/control/session_controller.h"
#include "gui/models/message_history_model.h"
#include "gui/widgets/row_table.h"
#include "harness/io/copy_headers.h"
#include "harness/io/envelope_json.h"
#include "simulator/engine/envelope.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace evsim::gui {
namespace {

enum Page { HintPage, MessagePage, EntityPage };

QString yesNo(bool b) {
    return b ? QObject::tr("yes") : QObject::tr("no");
}

} // namespace

InspectorView::InspectorView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setTextFormat(Qt::PlainText); // names come from the user's file
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    m_pages = new QStackedWidget(this);
    m_hint = new QLabel(tr("Select a message - a token on the canvas, an arrow in the sequence "
                           "diagram or a row of the log - to see its envelope and everything "
                           "that happened to it. Select a queue or an instance to see its "
                           "state at the cursor."),
                        this);
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(m_hint);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_envelope = new QPlainTextEdit(split);
    m_envelope->setObjectName(QStringLiteral("envelope"));
    m_envelope->setReadOnly(true);
    m_envelope->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_envelope->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_envelope->setToolTip(tr("The message's CloudEvents 1.0 envelope, as `evsim run --events` "
                              "writes it"));
    m_history = new MessageHistoryModel(controller.data(), this);
    m_historyTable = new QTableView(split);
    m_historyTable->setObjectName(QStringLiteral("history"));
    m_historyTable->setModel(m_history);
    setUpRowTable(*m_historyTable);
    // Times, kinds and counts as wide as they are; the two names share what is left, elided
    // in the middle when the dock is narrow.
    shareRoomBetween(*m_historyTable, {MessageHistoryModel::Entity, MessageHistoryModel::Other},
                     16);
    m_historyTable->setToolTip(tr("Everything that happened to this message; click a row to move "
                                  "the time cursor there"));
    split->addWidget(m_envelope);
    split->addWidget(m_historyTable);
    m_pages->addWidget(split);

    m_entityState = new QLabel(this);
    m_entityState->setObjectName(QStringLiteral("entityState"));
    m_entityState->setTextFormat(Qt::PlainText);
    m_entityState->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_entityState->setWordWrap(true);
    m_entityState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pages->addWidget(m_entityState);
    layout->addWidget(m_pages, 1);

    connect(m_historyTable, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const std::size_t record = m_history->recordAt(index.row());
        m_controller.pause();
        m_controller.setCursor(m_controller.data().records()[record].time);
    });
    connect(&controller, &SessionController::selectionChanged, this, &InspectorView::showSelection);
    connect(&controller, &SessionController::sessionOpened, this, &InspectorView::showSelection);
    connect(&controller, &SessionController::runFinished, this, &InspectorView::showSelection);
    // A restarted run starts with no records: forget the old run's rows until it has them.
    connect(&controller, &SessionController::runRestarted, this,
            [this] { m_history->setMessage(0); });
    connect(&controller, &SessionController::cursorChanged, this,
            &InspectorView::refreshEntityState);
    showSelection();
}

QString InspectorView::title() const {
    return m_title->text();
}

QString InspectorView::envelopeText() const {
    return m_envelope->toPlainText();
}

void InspectorView::showSelection() {
    const Selection& s = m_controller.selection();
    switch (s.kind) {
    case Selection::Kind::Message:
        showMessage(s.id);
        return;
    case Selection::Kind::Record:
        if (s.id != 0) {
            showMessage(s.id);
            return;
        }
        if (s.record < m_controller.data().records().size()) {
            showEntity(m_controller.data().records()[s.record].entity);
            return;
        }
        break;
    case Selection::Kind::Entity:
        showEntity(s.id);
        return;
    case Selection::Kind::None:
        break;
    }
    m_title->setText(tr("Nothing selected"));
    m_history->setMessage(0);
    m_pages->setCurrentIndex(HintPage);
}

void InspectorView::showMessage(std::uint32_t id) {
    const RunData& data = m_controller.data();
    const Message* message = data.message(id);
    m_history->setMessage(id);
    m_pages->setCurrentIndex(MessagePage);
    if (message == nullptr) {
        m_title->setText(tr("msg-%1 (not published yet)").arg(id));
        m_envelope->clear();
        return;
    }
    const Envelope envelope = envelopeFrom(data.seed(), *message, data.publisherOf(id),
                                           data.entities(), data.eventTypes(), data.strings());
    QString title =
        QStringLiteral("msg-%1 · %2").arg(id).arg(QString::fromStdString(envelope.type));
    if (message->eventId != message->id) {
        title += tr(" · a copy of evt-%1").arg(message->eventId);
    }
    if (message->parent != 0) {
        title += tr(" · caused by msg-%1").arg(message->parent);
    }
    m_title->setText(title);
    std::string text =
        envelopeJson(envelope).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    // Below the envelope, the headers each copy carried: as each consumer saw a delivery, as a
    // dead letter went on to its exchange, as a return came back. Queue types come from the
    // scenario as written: no intervention changes them.
    CopyHeaders headers(m_controller.session().scenario(), data.entities(), data.strings());
    const auto name = [&](EntityId e) {
        return data.entities()[e].name;
    };
    for (const std::size_t index : data.recordsOf(id)) {
        const Record& r = data.records()[index];
        const auto h = headers.onRecord(r, message);
        if (!h || h->empty()) {
            continue;
        }
        const std::string at = formatDuration(r.time);
        text += r.kind == RecordKind::DeadLettered
                    ? "\n\nheaders dead-lettered at " + at + " from " + name(r.entity) + " to " +
                          name(r.aux) + " (routing key \"" +
                          headers.deadLetterRoutingKey(r, *message) + "\"):\n"
                : r.kind == RecordKind::Returned
                    ? "\n\nheaders returned at " + at + " to " + name(r.entity) + ":\n"
                    : "\n\nheaders delivered at " + at + " from " + name(r.entity) + ":\n";
        text += h->dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    m_envelope->setPlainText(QString::fromStdString(text));
}

void InspectorView::showEntity(std::uint32_t id) {
    const EntityTable& entities = m_controller.data().entities();
    if (id == 0 || id >= entities.size()) {
        m_title->setText(tr("Nothing selected"));
        m_pages->setCurrentIndex(HintPage);
        return;
    }
    m_title->setText(QStringLiteral("%1 %2").arg(
        QString::fromStdString(std::string(entityKindName(entities[id].kind))),
        QString::fromStdString(entities[id].name)));
    m_pages->setCurrentIndex(EntityPage);
    refreshEntityState();
}

void InspectorView::refreshEntityState() {
    const Selection& s = m_controller.selection();
    if (m_pages->currentIndex() != EntityPage) {
        return;
    }
    const std::uint32_t id = s.kind == Selection::Kind::Entity ? s.id
                             : s.record < m_controller.data().records().size()
                                 ? m_controller.data().records()[s.record].entity
                                 : 0;
    const EntityTable& entities = m_controller.data().entities();
    if (id == 0 || id >= entities.size()) {
        return;
    }
    const RunState state = m_controller.index().stateAt(m_controller.cursor());
    QStringList lines;
    lines << tr("At %1:").arg(QString::fromStdString(formatDuration(m_controller.cursor())));
    switch (entities[id].kind) {
    case EntityKind::Queue:
        if (id < state.queues.size()) {
            lines << tr("ready (waiting for a consumer): %1").arg(state.queues[id].ready)
                  << tr("unacked (delivered, not yet acknowledged): %1")
                         .arg(state.queues[id].unacked);
        }
        break;
    case EntityKind::Consumer:
        if (id < state.held.size()) {
            lines << tr("deliveries held (not processed yet): %1").arg(state.held[id]);
        }
        break;
    case EntityKind::Instance:
        if (id < state.instances.size()) {
            const RunState::Instance& i = state.instances[id];
            lines << tr("crashed: %1").arg(yesNo(i.crashed))
                  << tr("paused: %1").arg(yesNo(i.paused)) << tr("hung: %1").arg(yesNo(i.hung))
                  << tr("slowed down: %1").arg(yesNo(i.slow))
                  << tr("failing on purpose: %1").arg(yesNo(i.erroring))
                  << tr("network fault on its link: %1").arg(yesNo(i.linkFault))
                  << tr("connected: %1").arg(yesNo(i.connected));
            if (i.schemaVersion != 0) {
                lines << tr("schema version: v%1, since a rolling deploy").arg(i.schemaVersion);
            }
        }
        break;
    case EntityKind::Alert:
        if (id < state.alerts.size()) {
            lines << tr("raised: %1").arg(yesNo(state.alerts[id]));
        }
        break;
    case EntityKind::Broker:
        if (id < state.nodeDown.size() && isClusterBroker(entities[id])) {
            lines << tr("stopped: %1").arg(yesNo(state.nodeDown[id]))
                  << tr("answering late: %1").arg(yesNo(state.nodeSlow[id]));
            break;
        }
        lines << tr("broker down: %1").arg(yesNo(state.brokerDown));
        break;
    default:
        lines << tr("broker down: %1").arg(yesNo(state.brokerDown));
        break;
    }
    m_entityState->setText(lines.join(QLatin1Char('\n')));
}

} // namespace evsim::gui
