#include "observe/entity_table.h"

namespace evsim {

std::string_view entityKindName(EntityKind kind) {
    switch (kind) {
    case EntityKind::None:
        return "none";
    case EntityKind::Exchange:
        return "exchange";
    case EntityKind::Queue:
        return "queue";
    case EntityKind::Service:
        return "service";
    case EntityKind::Producer:
        return "producer";
    case EntityKind::Consumer:
        return "consumer";
    case EntityKind::Link:
        return "link";
    case EntityKind::Operator:
        return "operator";
    case EntityKind::Instance:
        return "instance";
    case EntityKind::Alert:
        return "alert";
    case EntityKind::Broker:
        return "broker";
    }
    return "unknown";
}

EntityTable::EntityTable() {
    m_entities.push_back(EntityInfo{});
}

EntityId EntityTable::add(EntityKind kind, std::string name, EntityId parent,
                          std::uint32_t instance) {
    const auto id = static_cast<EntityId>(m_entities.size());
    m_byName.emplace(std::string(entityKindName(kind)) + ":" + name, id);
    m_entities.push_back(EntityInfo{kind, std::move(name), parent, instance});
    return id;
}

EntityId EntityTable::find(EntityKind kind, std::string_view name) const {
    const auto it = m_byName.find(std::string(entityKindName(kind)) + ":" + std::string(name));
    return it == m_byName.end() ? kNoEntity : it->second;
}

StringTable::StringTable() {
    m_strings.emplace_back();
    m_index.emplace("", 0);
}

std::uint32_t StringTable::intern(std::string_view text) {
    const auto it = m_index.find(text);
    if (it != m_index.end()) {
        return it->second;
    }
    const auto index = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(text);
    m_index.emplace(std::string(text), index);
    return index;
}

} // namespace evsim
