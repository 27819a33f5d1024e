#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

using EntityId = std::uint32_t;
inline constexpr EntityId kNoEntity = 0;

enum class EntityKind : std::uint8_t {
    None,
    Exchange,
    Queue,
    Service,
    Producer, // one producer spec on one service instance
    Consumer, // one consumer spec on one service instance
    Link,
    Operator, // a person or script acting through inject()
    Instance, // one instance of a service, "billing#1"
    Alert,    // an alert rule
    Broker,   // the broker itself
};

std::string_view entityKindName(EntityKind kind);

struct EntityInfo {
    EntityKind kind = EntityKind::None;
    std::string name;    // unique within the run, e.g. "billing#1<-billing.orders"
    EntityId parent = 0; // owning service for producers and consumers
    std::uint32_t instance = 0;
};

// One broker of a partitioned log's cluster ("broker-2", KAFKA12), as opposed to the broker as a
// whole ("broker"), which a cluster of one is.
inline bool isClusterBroker(const EntityInfo& e) {
    return e.kind == EntityKind::Broker && e.name != "broker";
}

// Everything a record can name, numbered in the order the simulation built them, which
// follows the scenario file: ids are stable for a given scenario. Id 0 means "none".
class EntityTable {
public:
    EntityTable();
    // Makes room for `count` more entities, so that building a large system grows nothing
    // twice.
    void reserve(std::size_t count);
    EntityId add(EntityKind kind, std::string name, EntityId parent = 0,
                 std::uint32_t instance = 0);
    const EntityInfo& operator[](EntityId id) const { return m_entities[id]; }
    std::size_t size() const { return m_entities.size(); }
    // kNoEntity when no entity of that kind has that name.
    EntityId find(EntityKind kind, std::string_view name) const;

private:
    void index(EntityId id);
    void growIndex(std::size_t slots);

    std::vector<EntityInfo> m_entities;
    // Entity ids by a hash of kind and name, open addressing, kNoEntity in free slots, at most
    // half full: 8 to 16 bytes an entity, where a map of "kind:name" keys took about 100. Only
    // looked up, never iterated, so it cannot change a run's output.
    std::vector<EntityId> m_index;
};

// Interned strings (event types, routing keys, bodies): messages store a 4-byte index instead
// of a string. Index 0 is always "".
class StringTable {
public:
    StringTable();
    std::uint32_t intern(std::string_view text);
    const std::string& operator[](std::uint32_t index) const { return m_strings[index]; }
    std::size_t size() const { return m_strings.size(); }

private:
    static constexpr std::uint32_t kFree = UINT32_MAX;
    // Where `text` is in m_index, or the free slot where it would go.
    std::size_t slotFor(std::string_view text) const;

    std::vector<std::string> m_strings;
    // String indices by a hash of the text, open addressing, kFree in free slots, at most half
    // full. Only looked up, never iterated, so it cannot change a run's output.
    std::vector<std::uint32_t> m_index;
};

} // namespace evsim
