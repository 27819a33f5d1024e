#pragma once

#include "kernel/sim_time.h"
#include "observe/entity_table.h"

#include <cassert>
#include <cstdint>
#include <vector>

namespace evsim {

using MessageSlot = std::uint32_t;

// What the broker and consumers need of a message while it is in flight: 24 bytes, no
// strings. Where it came from (Provenance) is kept apart, only for runs that keep records,
// and the CloudEvents envelope is derived from both on demand (see envelope.h).
struct Message {
    SimTime publishedAt;
    std::uint32_t id = 0;         // run-wide publish sequence, from 1
    std::uint32_t routingKey = 0; // StringTable index
    std::uint16_t eventType = 0;  // StringTable index
    std::uint8_t schemaVersion = 1;
    std::uint8_t flags = 0;
    std::uint32_t references = 0; // holders: the publish hop, queue copies, consumers
};
static_assert(sizeof(Message) == 24);

// Who published a message and, for an event a consumer emitted, which message it processed.
struct Provenance {
    EntityId publisher = 0;   // producer, consumer (for emitted events) or operator
    std::uint32_t parent = 0; // id of the message whose processing emitted this; 0 = root
};

// Messages by slot. A slot is recycled once nothing references the message, unless the store
// keeps every message (for views that show any message of the run); then slot == id - 1.
class MessageStore {
public:
    explicit MessageStore(bool keepAll) : m_keepAll(keepAll) {}

    MessageSlot add(const Message& m, const Provenance& origin) {
        if (m_keepAll) {
            m_provenance.push_back(origin);
        }
        ++m_live;
        if (m_live > m_peakLive) {
            m_peakLive = m_live;
        }
        if (!m_free.empty()) {
            const MessageSlot slot = m_free.back();
            m_free.pop_back();
            m_messages[slot] = m;
            return slot;
        }
        m_messages.push_back(m);
        return static_cast<MessageSlot>(m_messages.size() - 1);
    }

    Message& operator[](MessageSlot slot) { return m_messages[slot]; }
    const Message& operator[](MessageSlot slot) const { return m_messages[slot]; }

    void retain(MessageSlot slot, std::uint32_t n = 1) { m_messages[slot].references += n; }

    // Drops one reference; the message is finished when none is left.
    void release(MessageSlot slot) {
        assert(m_messages[slot].references > 0);
        if (--m_messages[slot].references == 0) {
            --m_live;
            if (!m_keepAll) {
                m_free.push_back(slot);
            }
        }
    }

    bool keepsAll() const { return m_keepAll; }
    // Kept messages by id (only when keepsAll()); nullptr for an unknown id.
    const Message* findById(std::uint32_t id) const {
        return m_keepAll && id >= 1 && id <= m_messages.size() ? &m_messages[id - 1] : nullptr;
    }
    // Provenance of a kept message; nullptr for an unknown id or when messages are not kept.
    const Provenance* provenance(std::uint32_t id) const {
        return m_keepAll && id >= 1 && id <= m_provenance.size() ? &m_provenance[id - 1] : nullptr;
    }
    std::size_t live() const { return m_live; }
    std::size_t peakLive() const { return m_peakLive; }
    std::size_t memoryBytes() const {
        return m_messages.capacity() * sizeof(Message) + m_free.capacity() * sizeof(MessageSlot);
    }

private:
    bool m_keepAll;
    std::vector<Message> m_messages;
    std::vector<MessageSlot> m_free;
    std::vector<Provenance> m_provenance; // by id - 1, when keeping all
    std::size_t m_live = 0;
    std::size_t m_peakLive = 0;
};

} // namespace evsim
