#pragma once

#include "simulator/observe/entity_table.h"

#include <QString>
#include <cstdint>
#include <vector>

namespace evsim::gui {

// The columns of the sequence diagram: one lane per service instance and per broker entity,
// laid out as messages flow - operators and instances that only publish on the left, then
// exchanges, then queues, then the instances that consume - each group in entity order.
// Producers and consumers are drawn on their instance's lane.
class SequenceLanes {
public:
    struct Lane {
        EntityId entity = 0;
        EntityKind kind = EntityKind::None;
        QString name;
        bool consumes = false; // an instance with at least one consumer
    };

    // Rebuilds from `entities` when it gained entities, or records named more of them, since
    // the last call; true if it did. Only entities that records name get a lane (`used`, by
    // entity id; a producer or consumer stands for its instance).
    bool update(const EntityTable& entities, const std::vector<std::uint8_t>& used,
                std::size_t usedCount);
    void clear();

    const std::vector<Lane>& lanes() const { return m_lanes; }
    int count() const { return static_cast<int>(m_lanes.size()); }
    // The lane an entity is drawn on (a producer or consumer: its instance's), -1 for none.
    int laneOf(EntityId entity) const { return entity < m_laneOf.size() ? m_laneOf[entity] : -1; }

private:
    std::vector<Lane> m_lanes;
    std::vector<int> m_laneOf; // by entity id
    std::size_t m_entities = 0;
    std::size_t m_used = 0;
};

} // namespace evsim::gui
