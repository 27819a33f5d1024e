#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// When alerts were raised, per queue, read from the run's AlertRaised and AlertResolved
// records as batches arrive: RunData::alertEvents() only fills once the run is over, and the
// charts shade raised periods while it computes.
class AlertPeriods {
public:
    struct Period {
        SimTime from;
        std::optional<SimTime> to; // nullopt while still raised
        EntityId alert = kNoEntity;
    };

    void clear();
    // Reads the records that arrived since the last call. Returns whether any period started
    // or ended.
    bool update(const RunData& data);
    // The periods of every alert watching queue entity `queue`, in the order they started.
    const std::vector<Period>& of(EntityId queue) const;
    // Whether some alert is still raised (its period grows with the run).
    bool anyOpen() const;
    // When alert entity `alert` was first raised; nullopt when it has not been (yet).
    std::optional<SimTime> firstRaised(EntityId alert) const;

private:
    std::size_t m_recordsRead = 0;
    std::map<EntityId, std::vector<Period>> m_byQueue;
    std::map<EntityId, std::pair<EntityId, std::size_t>> m_open; // alert -> (queue, period)
    std::map<EntityId, SimTime> m_firstRaised;                   // by alert
};

} // namespace evsim::gui
