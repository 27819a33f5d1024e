#pragma once

#include "gui/models/traces_model.h"
#include "simulator/kernel/sim_time.h"

#include <QSortFilterProxyModel>
#include <optional>

namespace evsim::gui {

// The traces that pass the traces view's filter bar, sortable by any column: an event type
// (the root's), a status (or any problem: failed, dead-lettered or dropped) and a minimum
// duration. The source must be a TracesModel.
class TraceFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    // What the status filter keeps.
    enum class StatusFilter {
        Any,
        Problem,
        Ok,
        Recovered,
        InProgress,
        Failed,
        DeadLettered,
        Dropped
    };

    explicit TraceFilterModel(TracesModel& source, QObject* parent = nullptr);

    void setEventType(int eventType); // 0: any
    void setStatusFilter(StatusFilter filter);
    void setMinDuration(SimTime duration);
    int eventType() const { return m_eventType; }
    StatusFilter statusFilter() const { return m_status; }
    SimTime minDuration() const { return m_minDuration; }

    bool accepts(const TraceSummary& trace) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    TracesModel& m_source;
    int m_eventType = 0;
    StatusFilter m_status = StatusFilter::Any;
    SimTime m_minDuration;
};

} // namespace evsim::gui
