#include "gui/models/expectations_model.h"

#include "gui/theme/theme.h"
#include "harness/session/run_data.h"

#include <QApplication>
#include <QStyle>

namespace evsim::gui {

ExpectationsModel::ExpectationsModel(const RunData& data, QObject* parent)
    : QAbstractTableModel(parent), m_data(data) {}

void ExpectationsModel::refresh() {
    beginResetModel();
    m_rows = static_cast<int>(m_data.expectations().size());
    endResetModel();
}

int ExpectationsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int ExpectationsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

int ExpectationsModel::passed() const {
    int n = 0;
    for (int i = 0; i < m_rows; ++i) {
        n += m_data.expectations()[static_cast<std::size_t>(i)].passed ? 1 : 0;
    }
    return n;
}

QVariant ExpectationsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows) {
        return {};
    }
    const ExpectationResult& r = m_data.expectations()[static_cast<std::size_t>(index.row())];
    if (index.column() == Status) {
        switch (role) {
        case Qt::DisplayRole:
            return r.passed ? tr("pass") : tr("FAIL");
        case Qt::ForegroundRole:
            return Theme::readable(r.passed ? Theme::ok() : Theme::error());
        case Qt::DecorationRole:
            return QApplication::style()->standardIcon(r.passed ? QStyle::SP_DialogApplyButton
                                                                : QStyle::SP_MessageBoxCritical);
        default:
            return {};
        }
    }
    if (index.column() == Text && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
        return QString::fromStdString(describe(r));
    }
    return {};
}

QVariant ExpectationsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    return section == Status ? tr("Result") : tr("Expectation (as `evsim run` reports it)");
}

} // namespace evsim::gui
