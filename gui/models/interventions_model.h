#pragma once

#include <QAbstractTableModel>

namespace evsim::gui {

class SessionController;

// Every intervention of the session in time order of where it comes from: first those written
// in the scenario's timeline (fixed here: edit the file to change them), then those added in
// the app (removable and movable).
class InterventionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, What, Source, ColumnCount };

    explicit InterventionsModel(const SessionController& controller, QObject* parent = nullptr);

    void refresh();
    // The index among the session's added interventions of a row, or -1 for one from the file.
    int addedIndex(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    int fromFile() const;

    const SessionController& m_controller;
    int m_rows = 0;
};

} // namespace evsim::gui
