#pragma once

#include <QAbstractTableModel>
#include <vector>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// Every record of one message, in order: the delivery history the inspector shows (publish,
// enqueue, deliveries and their attempts, acks, requeues, dead-lettering, drops).
class MessageHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Kind, Entity, Other, Attempt, Detail, ColumnCount };

    explicit MessageHistoryModel(const RunData& data, QObject* parent = nullptr);

    // Shows message `id` (0: none). Call again when the run has grown to take in new records.
    void setMessage(std::uint32_t id);
    std::uint32_t message() const { return m_message; }
    std::size_t recordAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const RunData& m_data;
    std::uint32_t m_message = 0;
    std::vector<std::size_t> m_rows; // record indices
};

} // namespace evsim::gui
