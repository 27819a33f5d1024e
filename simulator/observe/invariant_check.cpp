#include "simulator/observe/invariant_check.h"

namespace evsim {

void InvariantCheck::fail(EntityId entity, std::string_view condition,
                          const std::string& detail) const {
    std::string text = "invariant broken after record " + std::to_string(m_records) + " at " +
                       formatDuration(m_now) + ": ";
    if (entity != kNoEntity && entity < m_entities.size()) {
        const EntityInfo& info = m_entities[entity];
        text += std::string(entityKindName(info.kind)) + " '" + info.name + "' (entity " +
                std::to_string(entity) + "): ";
    }
    text += detail;
    text += " [";
    text += condition;
    text += "]";
    throw InvariantViolation(text);
}

} // namespace evsim
