#include "gui/views/log/log_view.h"

#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/models/event_log_model.h"
#include "gui/widgets/behind_a_tab.h"
#include "gui/widgets/row_table.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace evsim::gui {

LogView::LogView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_model = new EventLogModel(controller.data(), this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: msg:93  trace:12  entity:billing  kind:dropped  "
                                    "or any text (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_follow = new QCheckBox(tr("Follow the cursor"), this);
    m_follow->setChecked(true);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_follow);
    layout->addLayout(bar);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventLog"));
    m_table->setModel(m_model);
    setUpRowTable(*m_table);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // The detail takes the room that is left, not the attempt count at the end.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(EventLogModel::Detail, QHeaderView::Stretch);
    fitColumns();
    layout->addWidget(m_table, 1);

    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    addAction(find);

    connect(m_filter, &QLineEdit::textChanged, this,
            [this](const QString& text) { setFilter(text); });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const std::size_t record = m_model->recordAt(index.row());
        const Record& r = m_controller.data().records()[record];
        m_controller.pause();
        m_controller.setCursor(r.time);
        m_controller.select({Selection::Kind::Record, r.message, record});
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid()) {
            return;
        }
        const Record& r = m_controller.data().records()[m_model->recordAt(index.row())];
        // From the row's time: its next hop is the one this row begins, or the first after.
        QMenu menu(this);
        if (fillMessageMenu(menu, m_controller, messageOf(r), r.time, this) > 0) {
            menu.exec(m_table->viewport()->mapToGlobal(at));
        }
    });
    const auto restart = [this] {
        m_model->reset();
        fitColumns();
    };
    connect(&controller, &SessionController::sessionOpened, this, restart);
    connect(&controller, &SessionController::runRestarted, this, restart);
    connect(&controller, &SessionController::dataChanged, this, &LogView::takeNewRecords);
    connect(&controller, &SessionController::runFinished, this, &LogView::fitColumns);
    connect(&controller, &SessionController::cursorChanged, this, &LogView::followCursor);
    connect(&controller, &SessionController::selectionChanged, this, &LogView::showSelection);
}

void LogView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_behind) {
        takeNewRecords();
        showSelection(); // the selected message's rows may have arrived meanwhile
    }
}

void LogView::takeNewRecords() {
    // Behind another tab of a shown window, the table is not told: inserting rows it does not
    // show, step after step of a long run, would stall the window while the run computes.
    m_behind = behindATab(*this);
    if (m_behind) {
        return;
    }
    m_model->refresh();
    if (m_controller.data().entities().size() != m_fittedEntities) {
        fitColumns(); // names are known once the run numbered its entities
    }
}

void LogView::fitColumns() {
    // Sized for what the run can show, not measured row by row (a run has millions): the
    // widest time, kind and message id it can have, the longest entity name. What is wider
    // still (a name past kMostNameCharacters) is elided in the middle, its tooltip whole.
    constexpr int kMostNameCharacters = 40;
    QFont boldFont = m_table->font();
    boldFont.setBold(true); // rows of the selected message are bold
    const QFontMetrics fm(boldFont);
    const int padding = fm.horizontalAdvance(QLatin1Char('0')) * 2;
    const auto fit = [&](int column, int textWidth) {
        const int header =
            fm.horizontalAdvance(
                m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()) +
            padding;
        m_table->setColumnWidth(column, std::max(textWidth + padding, header));
    };
    const RunData& data = m_controller.data();
    const std::size_t records = data.records().size();
    const std::uint32_t lastMessage = records > 0 ? data.records().back().message : 0;
    const SimTime end = m_controller.hasSession() ? m_controller.end() : SimTime::fromSeconds(1);
    fit(EventLogModel::Time, fm.horizontalAdvance(EventLogModel::timeText(end)));
    fit(EventLogModel::Kind, fm.horizontalAdvance(QStringLiteral("dead lettered")));
    fit(EventLogModel::Message,
        fm.horizontalAdvance(QStringLiteral("msg-%1").arg(std::max<std::uint32_t>(
            lastMessage * 2, 99999)))); // room for the ids still to come in a running run
    int widestName = fm.horizontalAdvance(QStringLiteral("billing#0<-billing.orders"));
    for (EntityId id = 1; id < data.entities().size(); ++id) {
        const QString name = QString::fromStdString(data.entities()[id].name);
        widestName = std::max(widestName, fm.horizontalAdvance(name.left(kMostNameCharacters)));
    }
    fit(EventLogModel::Entity, widestName);
    fit(EventLogModel::Other, widestName);
    fit(EventLogModel::Attempt, fm.horizontalAdvance(QStringLiteral("99")));
    m_fittedEntities = data.entities().size();
}

void LogView::showSelection() {
    const Selection& s = m_controller.selection();
    const bool aboutMessage =
        s.kind == Selection::Kind::Message || (s.kind == Selection::Kind::Record && s.id != 0);
    m_model->setHighlighted(aboutMessage ? s.id : 0);
    if (!aboutMessage || s.kind == Selection::Kind::Record) {
        return; // a clicked row is already in view
    }
    // Scroll to what the message went through last at the cursor (or its first record).
    const std::vector<std::size_t> records = m_controller.data().recordsOf(s.id);
    std::size_t shown = records.empty() ? 0 : records.front();
    for (const std::size_t r : records) {
        if (m_controller.data().records()[r].time <= m_controller.cursor()) {
            shown = r;
        }
    }
    const int row = records.empty() ? -1 : m_model->rowOf(shown);
    if (row >= 0) {
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
        m_table->selectRow(row);
    }
}

void LogView::setFilter(const QString& text) {
    if (m_filter->text() != text) {
        m_filter->setText(text); // comes back here through textChanged
        return;
    }
    m_model->setFilter(text);
}

void LogView::followCursor() {
    if (!m_follow->isChecked() || !isVisible()) {
        return;
    }
    const std::size_t next =
        m_controller.data().firstRecordAt(m_controller.cursor() + SimTime::fromNanos(1));
    if (next == 0) {
        return;
    }
    // The last record at or before the cursor that the filter keeps.
    const int row = m_model->rowOf(next - 1);
    if (row >= 0) {
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
        m_table->selectRow(row);
    }
}

} // namespace evsim::gui
