#pragma once

#include <QAbstractTableModel>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// The scenario's expectations once the run is over: pass or fail and the CLI's own text for
// each (`evsim run` prints the same lines). Empty while the run computes.
class ExpectationsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Status, Text, ColumnCount };

    explicit ExpectationsModel(const RunData& data, QObject* parent = nullptr);

    // Takes in the data's expectations (after a run finished or restarted).
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    int passed() const;
    int failed() const { return rowCount() - passed(); }

private:
    const RunData& m_data;
    int m_rows = 0;
};

} // namespace evsim::gui
