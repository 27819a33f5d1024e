#include "gui/models/message_history_model.h"

#include "gui/models/event_log_model.h"
#include "harness/session/run_data.h"

namespace evsim::gui {

MessageHistoryModel::MessageHistoryModel(const RunData& data, QObject* parent)
    : QAbstractTableModel(parent), m_data(data) {}

void MessageHistoryModel::setMessage(std::uint32_t id) {
    beginResetModel();
    m_message = id;
    m_rows = id == 0 ? std::vector<std::size_t>{} : m_data.recordsOf(id);
    endResetModel();
}

int MessageHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MessageHistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageHistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Time) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter); // digits line up
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    const std::size_t record = m_rows[static_cast<std::size_t>(index.row())];
    if (record >= m_data.records().size()) {
        return {};
    }
    const Record& r = m_data.records()[record];
    const EntityTable& entities = m_data.entities();
    switch (index.column()) {
    case Time:
        return EventLogModel::timeText(r.time);
    case Kind:
        return EventLogModel::kindText(r);
    case Entity:
        return QString::fromStdString(entities[r.entity].name);
    case Other:
        return r.aux == 0 ? QString() : QString::fromStdString(entities[r.aux].name);
    case Attempt:
        return r.attempt != 0 ? QVariant(r.attempt) : QVariant();
    case Detail:
        return EventLogModel::detailText(r);
    default:
        return {};
    }
}

QVariant MessageHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Time (s)");
    case Kind:
        return tr("What");
    case Entity:
        return tr("Where");
    case Other:
        return tr("With");
    case Attempt:
        return tr("Attempt");
    case Detail:
        return tr("Detail");
    default:
        return {};
    }
}

} // namespace evsim::gui
