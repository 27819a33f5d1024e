#include "gui/views/metrics/alert_periods.h"

#include "harness/session/run_data.h"

namespace evsim::gui {

void AlertPeriods::clear() {
    m_recordsRead = 0;
    m_byQueue.clear();
    m_open.clear();
    m_firstRaised.clear();
}

bool AlertPeriods::update(const RunData& data) {
    const auto& records = data.records();
    bool changed = false;
    for (; m_recordsRead < records.size(); ++m_recordsRead) {
        const Record& r = records[m_recordsRead];
        if (r.kind == RecordKind::AlertRaised && !m_open.contains(r.entity)) {
            std::vector<Period>& periods = m_byQueue[r.aux];
            periods.push_back({r.time, std::nullopt, r.entity});
            m_firstRaised.try_emplace(r.entity, r.time);
            m_open[r.entity] = {r.aux, periods.size() - 1};
            changed = true;
        } else if (r.kind == RecordKind::AlertResolved) {
            const auto open = m_open.find(r.entity);
            if (open != m_open.end()) {
                m_byQueue[open->second.first][open->second.second].to = r.time;
                m_open.erase(open);
                changed = true;
            }
        }
    }
    return changed;
}

const std::vector<AlertPeriods::Period>& AlertPeriods::of(EntityId queue) const {
    static const std::vector<Period> kNone;
    const auto found = m_byQueue.find(queue);
    return found == m_byQueue.end() ? kNone : found->second;
}

std::optional<SimTime> AlertPeriods::firstRaised(EntityId alert) const {
    const auto found = m_firstRaised.find(alert);
    return found == m_firstRaised.end() ? std::nullopt : std::optional<SimTime>(found->second);
}

bool AlertPeriods::anyOpen() const {
    return !m_open.empty();
}

} // namespace evsim::gui
