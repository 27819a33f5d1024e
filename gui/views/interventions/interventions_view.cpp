#include "gui/views/interventions/interventions_view.h"

#include "gui/control/session_controller.h"
#include "gui/models/interventions_model.h"
#include "gui/widgets/plain_message.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace evsim::gui {

InterventionsView::InterventionsView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_model = new InterventionsModel(controller, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("interventions"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(InterventionsModel::What,
                                                      QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);

    auto* buttons = new QHBoxLayout;
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected intervention and run again (Delete)"));
    m_move = new QPushButton(tr("Move to cursor"), this);
    m_move->setToolTip(tr("Move the selected intervention to the time cursor and run again"));
    buttons->addWidget(m_remove);
    buttons->addWidget(m_move);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto* remove = new QAction(tr("Remove"), this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(remove, &QAction::triggered, this, &InterventionsView::removeSelected);
    addAction(remove);

    connect(m_remove, &QPushButton::clicked, this, &InterventionsView::removeSelected);
    connect(m_move, &QPushButton::clicked, this, &InterventionsView::moveSelectedToCursor);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const Session& session = m_controller.session();
        const int added = m_model->addedIndex(index.row());
        const Intervention& i =
            added < 0 ? session.scenario().timeline[static_cast<std::size_t>(index.row())]
                      : session.added()[static_cast<std::size_t>(added)];
        m_controller.pause();
        m_controller.setCursor(i.at);
        updateButtons();
    });
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid() || m_model->addedIndex(index.row()) < 0) {
            return;
        }
        m_table->selectRow(index.row());
        QMenu menu(this);
        menu.addAction(tr("Move to the cursor"), this, &InterventionsView::moveSelectedToCursor);
        menu.addAction(tr("Move to…"), this, &InterventionsView::moveSelectedTo);
        menu.addSeparator();
        menu.addAction(tr("Remove"), this, &InterventionsView::removeSelected);
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    const auto refresh = [this] {
        m_model->refresh();
        m_table->resizeColumnToContents(InterventionsModel::Time);
        m_table->resizeColumnToContents(InterventionsModel::Source);
        updateButtons();
    };
    connect(&controller, &SessionController::sessionOpened, this, refresh);
    connect(&controller, &SessionController::interventionsChanged, this, refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InterventionsView::updateButtons);
    refresh();
}

int InterventionsView::selectedAdded() const {
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_model->addedIndex(rows.front().row());
}

void InterventionsView::updateButtons() {
    const bool editable = selectedAdded() >= 0;
    m_remove->setEnabled(editable);
    m_move->setEnabled(editable);
}

void InterventionsView::removeSelected() {
    const int added = selectedAdded();
    if (added >= 0) {
        m_controller.removeIntervention(static_cast<std::size_t>(added));
    }
}

void InterventionsView::moveSelectedToCursor() {
    const int added = selectedAdded();
    if (added < 0) {
        return;
    }
    const QString error =
        m_controller.moveIntervention(static_cast<std::size_t>(added), m_controller.cursor());
    if (!error.isEmpty()) {
        showPlainWarning(this, tr("Cannot move the intervention"), error);
    }
}

void InterventionsView::moveSelectedTo() {
    const int added = selectedAdded();
    if (added < 0) {
        return;
    }
    const Intervention& i = m_controller.session().added()[static_cast<std::size_t>(added)];
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Move intervention"), tr("New time (for example 2.5s, 1500ms, 1m):"),
        QLineEdit::Normal, QString::fromStdString(formatDuration(i.at)), &ok);
    if (!ok) {
        return;
    }
    const std::optional<SimTime> at = parseDuration(text.trimmed().toStdString());
    if (!at) {
        showPlainWarning(this, tr("Cannot move the intervention"),
                         tr("\"%1\" is not a duration: write a number and a unit (ns, us, ms, "
                            "s, m, h), such as 2.5s.")
                             .arg(text));
        return;
    }
    const QString error = m_controller.moveIntervention(static_cast<std::size_t>(added), *at);
    if (!error.isEmpty()) {
        showPlainWarning(this, tr("Cannot move the intervention"), error);
    }
}

} // namespace evsim::gui
