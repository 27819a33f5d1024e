#include "gui/views/sequence/sequence_lanes.h"

#include <map>
#include <utility>

namespace evsim::gui {

void SequenceLanes::clear() {
    m_lanes.clear();
    m_laneOf.clear();
    m_entities = 0;
    m_used = 0;
}

bool SequenceLanes::update(const EntityTable& entities, const std::vector<std::uint8_t>& used,
                           std::size_t usedCount) {
    if (entities.size() == m_entities && usedCount == m_used) {
        return false;
    }
    m_entities = entities.size();
    m_used = usedCount;
    const auto isUsed = [&](EntityId id) {
        return id < used.size() && used[id] != 0;
    };
    // Instances by (service, number), and which of them publish or consume.
    std::map<std::pair<EntityId, std::uint32_t>, EntityId> instances;
    std::map<EntityId, bool> consumes;
    for (EntityId id = 1; id < entities.size(); ++id) {
        const EntityInfo& e = entities[id];
        if (e.kind == EntityKind::Instance) {
            instances[{e.parent, e.instance}] = id;
        }
    }
    const auto instanceOf = [&](const EntityInfo& e) {
        const auto it = instances.find({e.parent, e.instance});
        return it == instances.end() ? kNoEntity : it->second;
    };
    std::map<EntityId, bool> active; // instances whose producers or consumers did something
    for (EntityId id = 1; id < entities.size(); ++id) {
        const EntityInfo& e = entities[id];
        if (e.kind == EntityKind::Consumer) {
            consumes[instanceOf(e)] = true;
        }
        if ((e.kind == EntityKind::Consumer || e.kind == EntityKind::Producer) && isUsed(id)) {
            active[instanceOf(e)] = true;
        }
    }
    m_lanes.clear();
    m_laneOf.assign(entities.size(), -1);
    const auto addLanes = [&](auto&& wanted) {
        for (EntityId id = 1; id < entities.size(); ++id) {
            const EntityInfo& e = entities[id];
            const bool isConsumer = consumes.count(id) != 0;
            const bool shown = e.kind == EntityKind::Instance ? active.count(id) != 0 : isUsed(id);
            if (shown && wanted(e, isConsumer)) {
                m_laneOf[id] = static_cast<int>(m_lanes.size());
                m_lanes.push_back({id, e.kind, QString::fromStdString(e.name), isConsumer});
            }
        }
    };
    addLanes([](const EntityInfo& e, bool) { return e.kind == EntityKind::Operator; });
    addLanes([](const EntityInfo& e, bool consumer) {
        return e.kind == EntityKind::Instance && !consumer;
    });
    addLanes([](const EntityInfo& e, bool) { return e.kind == EntityKind::Exchange; });
    addLanes([](const EntityInfo& e, bool) { return e.kind == EntityKind::Queue; });
    addLanes([](const EntityInfo& e, bool consumer) {
        return e.kind == EntityKind::Instance && consumer;
    });
    for (EntityId id = 1; id < entities.size(); ++id) {
        const EntityInfo& e = entities[id];
        if (e.kind == EntityKind::Producer || e.kind == EntityKind::Consumer) {
            const EntityId instance = instanceOf(e);
            m_laneOf[id] = instance != kNoEntity ? m_laneOf[instance] : -1;
        }
    }
    return true;
}

} // namespace evsim::gui
