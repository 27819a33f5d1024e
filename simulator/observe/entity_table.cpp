#include "simulator/observe/entity_table.h"

#include <algorithm>

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

namespace {

// FNV-1a over the kind and the name: fixed, so the table is laid out the same everywhere.
std::uint64_t hashOf(EntityKind kind, std::string_view name) {
    constexpr std::uint64_t kPrime = 1099511628211ull;
    std::uint64_t h = (14695981039346656037ull ^ static_cast<std::uint8_t>(kind)) * kPrime;
    for (const char c : name) {
        h = (h ^ static_cast<unsigned char>(c)) * kPrime;
    }
    return h;
}

} // namespace

void EntityTable::reserve(std::size_t count) {
    m_entities.reserve(m_entities.size() + count);
    std::size_t slots = 16;
    while (slots < 2 * (m_entities.size() + count)) {
        slots *= 2;
    }
    if (slots > m_index.size()) {
        growIndex(slots);
    }
}

EntityId EntityTable::add(EntityKind kind, std::string name, EntityId parent,
                          std::uint32_t instance) {
    const auto id = static_cast<EntityId>(m_entities.size());
    m_entities.push_back(EntityInfo{kind, std::move(name), parent, instance});
    if (2 * m_entities.size() > m_index.size()) {
        growIndex(std::max<std::size_t>(16, 2 * m_index.size()));
    } else {
        index(id);
    }
    return id;
}

void EntityTable::index(EntityId id) {
    const EntityInfo& e = m_entities[id];
    const std::size_t mask = m_index.size() - 1;
    for (std::size_t i = hashOf(e.kind, e.name) & mask;; i = (i + 1) & mask) {
        const EntityId there = m_index[i];
        if (there == kNoEntity) {
            m_index[i] = id;
            return;
        }
        if (m_entities[there].kind == e.kind && m_entities[there].name == e.name) {
            return; // a second entity of that name: find() keeps the first
        }
    }
}

void EntityTable::growIndex(std::size_t slots) {
    m_index.assign(slots, kNoEntity);
    for (EntityId id = 1; id < m_entities.size(); ++id) {
        index(id);
    }
}

EntityId EntityTable::find(EntityKind kind, std::string_view name) const {
    if (m_index.empty()) {
        return kNoEntity;
    }
    const std::size_t mask = m_index.size() - 1;
    for (std::size_t i = hashOf(kind, name) & mask;; i = (i + 1) & mask) {
        const EntityId there = m_index[i];
        if (there == kNoEntity) {
            return kNoEntity;
        }
        if (m_entities[there].kind == kind && m_entities[there].name == name) {
            return there;
        }
    }
}

StringTable::StringTable() {
    intern("");
}

std::uint32_t StringTable::intern(std::string_view text) {
    if (2 * (m_strings.size() + 1) > m_index.size()) {
        m_index.assign(std::max<std::size_t>(16, 2 * m_index.size()), kFree);
        for (std::uint32_t i = 0; i < m_strings.size(); ++i) {
            m_index[slotFor(m_strings[i])] = i;
        }
    }
    const std::size_t slot = slotFor(text);
    if (m_index[slot] != kFree) {
        return m_index[slot];
    }
    const auto index = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(text);
    m_index[slot] = index;
    return index;
}

std::size_t StringTable::slotFor(std::string_view text) const {
    const std::size_t mask = m_index.size() - 1;
    for (std::size_t i = hashOf(EntityKind::None, text) & mask;; i = (i + 1) & mask) {
        if (m_index[i] == kFree || m_strings[m_index[i]] == text) {
            return i;
        }
    }
}

} // namespace evsim
