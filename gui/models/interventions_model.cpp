#include "gui/models/interventions_model.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "harness/run/intervention_text.h"

#include <QBrush>
#include <QPalette>

namespace evsim::gui {

InterventionsModel::InterventionsModel(const SessionController& controller, QObject* parent)
    : QAbstractTableModel(parent), m_controller(controller) {}

int InterventionsModel::fromFile() const {
    return m_controller.hasSession()
               ? static_cast<int>(m_controller.session().scenario().timeline.size())
               : 0;
}

void InterventionsModel::refresh() {
    beginResetModel();
    m_rows = m_controller.hasSession()
                 ? fromFile() + static_cast<int>(m_controller.session().added().size())
                 : 0;
    endResetModel();
}

int InterventionsModel::addedIndex(int row) const {
    return row >= fromFile() && row < m_rows ? row - fromFile() : -1;
}

int InterventionsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int InterventionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InterventionsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows) {
        return {};
    }
    const int added = addedIndex(index.row());
    const Session& session = m_controller.session();
    const Intervention& i = added < 0
                                ? session.scenario().timeline[static_cast<std::size_t>(index.row())]
                                : session.added()[static_cast<std::size_t>(added)];
    if (role == Qt::ForegroundRole && added < 0) {
        return Theme::mutedText();
    }
    if (role == Qt::ToolTipRole) {
        return added < 0 ? tr("Written in the scenario file; edit the file to change it")
                         : tr("Added in this session: Delete removes it, right-click to move it");
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Time:
        return QString::fromStdString(formatDuration(i.at));
    case What: {
        QString text = QString::fromStdString(describe(i.action));
        if (!i.name.empty()) {
            text = QStringLiteral("%1 (%2)").arg(text, QString::fromStdString(i.name));
        }
        return text;
    }
    case Source:
        return added < 0 ? tr("scenario file") : tr("added here");
    default:
        return {};
    }
}

QVariant InterventionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("At");
    case What:
        return tr("Intervention");
    case Source:
        return tr("From");
    default:
        return {};
    }
}

} // namespace evsim::gui
