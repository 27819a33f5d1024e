#include "gui/models/comparison_model.h"

#include "gui/theme/theme.h"

#include <QLocale>

namespace evsim::gui {
namespace {

QString count(const std::optional<std::uint64_t>& n) {
    return n ? QLocale().toString(static_cast<qulonglong>(*n)) : QStringLiteral("–");
}

} // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonModel::setComparison(RunComparison comparison) {
    beginResetModel();
    m_comparison = std::move(comparison);
    rebuildRows();
    endResetModel();
}

void ComparisonModel::setOnlyDifferences(bool only) {
    if (only == m_only) {
        return;
    }
    beginResetModel();
    m_only = only;
    rebuildRows();
    endResetModel();
}

void ComparisonModel::rebuildRows() {
    m_rows.clear();
    for (std::size_t i = 0; i < m_comparison.figures.size(); ++i) {
        if (!m_only || m_comparison.figures[i].differs()) {
            m_rows.push_back(i);
        }
    }
}

const ComparedFigure& ComparisonModel::figureAt(int row) const {
    return m_comparison.figures[m_rows[static_cast<std::size_t>(row)]];
}

int ComparisonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const ComparedFigure& f = figureAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return QString::fromStdString(f.name);
        case Figure:
            return QString::fromStdString(f.figure);
        case A:
            return count(f.a);
        case B:
            return count(f.b);
        case Delta: {
            const std::optional<std::int64_t> d = f.delta();
            if (!d) {
                return f.differs()
                           ? tr("only in %1").arg(f.a ? QStringLiteral("A") : QStringLiteral("B"))
                           : QString();
            }
            return *d == 0 ? QStringLiteral("0")
                           : (*d > 0 ? QStringLiteral("+") : QString()) +
                                 QLocale().toString(static_cast<qlonglong>(*d));
        }
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Delta && f.differs()) {
        return Theme::readable(Theme::warning());
    }
    if (role == Qt::TextAlignmentRole && index.column() >= A) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Name) {
        return f.of == ComparedFigure::Of::Queue
                   ? tr("Queue %1").arg(QString::fromStdString(f.name))
                   : tr("Consumer %1").arg(QString::fromStdString(f.name));
    }
    return {};
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Queue or consumer");
    case Figure:
        return tr("Figure");
    case A:
        return tr("A (this run)");
    case B:
        return tr("B");
    case Delta:
        return tr("B − A");
    default:
        return {};
    }
}

} // namespace evsim::gui
