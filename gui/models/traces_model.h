#pragma once

#include "harness/session/block_vector.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"

#include <QAbstractTableModel>
#include <QColor>
#include <cstdint>
#include <vector>

namespace evsim {
class RunData;
struct Record;
} // namespace evsim

namespace evsim::gui {

// How a trace went, worst first. Dropped: a copy was lost. Dead-lettered: a copy was
// dead-lettered and still waits in a queue (a dead-letter or parking queue). Failed: an attempt
// failed and copies are still unsettled. Recovered: attempts failed or copies went through
// dead-letter (delay) queues, yet every copy ended acknowledged. In progress: still on the wire or
// in a queue, nothing went wrong so far. Ok: every copy acknowledged at the first try.
enum class TraceStatus : std::uint8_t { Ok, Recovered, InProgress, Failed, DeadLettered, Dropped };

// One trace: a root message and everything its processing emitted, recursively (all messages
// with the same Message::traceRoot).
struct TraceSummary {
    std::uint32_t root = 0;      // message id of its first message
    std::uint16_t eventType = 0; // the root's
    std::uint32_t spans = 0;     // messages published (one span each)
    SimTime first;               // its first record
    SimTime last;                // its last record so far
    std::size_t firstRecord = 0; // indices into RunData::records()
    std::size_t lastRecord = 0;
    std::vector<EntityId> services; // services that published or consumed, sorted ids
    std::uint32_t failures = 0;     // processing attempts that failed
    std::uint32_t deadLettered = 0;
    std::uint32_t dropped = 0;
    std::int32_t open = 0; // publishes on the wire and copies in queues, not yet settled

    SimTime duration() const { return last - first; }
    TraceStatus status() const;
};

// The run's traces as a table, one row per trace in the order their roots were published.
// Built as records arrive: refresh() reads only the records added since the last call (each
// record once, so the cost is linear in the run), appends rows for new traces and reports the
// rows whose figures changed.
class TracesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Start, Root, Event, Services, Spans, Duration, Status, ColumnCount };
    // Sort key of a cell: numbers for numeric columns, so sorting is not by text.
    static constexpr int SortRole = Qt::UserRole;

    explicit TracesModel(const RunData& data, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Takes in the records the data gained since the last call. With `announce` false, the
    // rows are worked out but not announced to the views (a table nobody sees need not lay
    // them out); the next call that announces announces them all.
    void refresh(bool announce = true);
    // Starts over (a new run).
    void reset();

    const TraceSummary& trace(int row) const { return m_traces[static_cast<std::size_t>(row)]; }
    // The row of the trace rooted at `root`, or of the trace message `message` belongs to;
    // -1 when there is none (yet).
    int rowOfRoot(std::uint32_t root) const;
    int rowOfMessage(std::uint32_t message) const;

    static QString statusText(TraceStatus status);
    static QColor statusColor(TraceStatus status);

private:
    // The trace `r` belongs to, created when `r` is its first record; nullptr for records about
    // no message.
    TraceSummary* traceOf(const Record& r, std::size_t index);
    void addService(TraceSummary& trace, EntityId producerOrConsumer) const;
    QString servicesText(const TraceSummary& trace) const;

    const RunData& m_data;
    BlockVector<TraceSummary> m_traces; // the first m_shown of them are the model's rows
    std::size_t m_shown = 0;
    std::size_t m_scanned = 0; // records read so far
    // In blocks (see BlockVector): tables by message id and by row grow all through a run.
    BlockVector<std::int32_t> m_rowOfRoot; // by message id; -1 for messages that are no root
    BlockVector<std::uint8_t> m_onWire;    // by message id: published, not arrived yet
    BlockVector<std::uint32_t> m_touched;  // by row: the refresh that last changed it
    std::vector<std::uint32_t> m_changed;  // rows changed in this refresh
    std::uint32_t m_refreshes = 0;
};

} // namespace evsim::gui
