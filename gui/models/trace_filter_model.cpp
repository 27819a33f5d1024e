#include "gui/models/trace_filter_model.h"

namespace evsim::gui {

TraceFilterModel::TraceFilterModel(TracesModel& source, QObject* parent)
    : QSortFilterProxyModel(parent), m_source(source) {
    setSourceModel(&source);
    setSortRole(TracesModel::SortRole);
}

void TraceFilterModel::setEventType(int eventType) {
    if (eventType != m_eventType) {
        m_eventType = eventType;
        invalidateRowsFilter();
    }
}

void TraceFilterModel::setStatusFilter(StatusFilter filter) {
    if (filter != m_status) {
        m_status = filter;
        invalidateRowsFilter();
    }
}

void TraceFilterModel::setMinDuration(SimTime duration) {
    if (duration != m_minDuration) {
        m_minDuration = duration;
        invalidateRowsFilter();
    }
}

bool TraceFilterModel::accepts(const TraceSummary& trace) const {
    if (m_eventType != 0 && trace.eventType != m_eventType) {
        return false;
    }
    if (trace.duration() < m_minDuration) {
        return false;
    }
    const TraceStatus status = trace.status();
    switch (m_status) {
    case StatusFilter::Any:
        return true;
    case StatusFilter::Problem:
        return status == TraceStatus::Failed || status == TraceStatus::DeadLettered ||
               status == TraceStatus::Dropped;
    case StatusFilter::Ok:
        return status == TraceStatus::Ok;
    case StatusFilter::Recovered:
        return status == TraceStatus::Recovered;
    case StatusFilter::InProgress:
        return status == TraceStatus::InProgress;
    case StatusFilter::Failed:
        return status == TraceStatus::Failed;
    case StatusFilter::DeadLettered:
        return status == TraceStatus::DeadLettered;
    case StatusFilter::Dropped:
        return status == TraceStatus::Dropped;
    }
    return true;
}

bool TraceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    return !sourceParent.isValid() && sourceRow < m_source.rowCount() &&
           accepts(m_source.trace(sourceRow));
}

} // namespace evsim::gui
