#pragma once

#include "harness/session/run_comparison.h"

#include <QAbstractTableModel>
#include <vector>

namespace evsim::gui {

// The figures of two runs side by side (RunComparison): each queue's and consumer's counts in
// run A and run B and their difference, coloured where they differ; by default only the
// figures that differ.
class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Figure, A, B, Delta, ColumnCount };

    explicit ComparisonModel(QObject* parent = nullptr);

    void setComparison(RunComparison comparison);
    const RunComparison& comparison() const { return m_comparison; }
    void setOnlyDifferences(bool only);
    bool onlyDifferences() const { return m_only; }
    // The figure a row shows.
    const ComparedFigure& figureAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void rebuildRows();

    RunComparison m_comparison;
    std::vector<std::size_t> m_rows; // indices into m_comparison.figures
    bool m_only = true;
};

} // namespace evsim::gui
