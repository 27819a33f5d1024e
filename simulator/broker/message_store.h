#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/invariant_check.h"
#include "simulator/observe/message.h"

#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

using MessageSlot = std::uint32_t;

// Messages by slot. A slot is recycled once nothing references the message, unless the store
// keeps every message (for views that show any message of the run); then slot == id - 1 and
// the publisher of every message is kept too.
class MessageStore {
public:
    explicit MessageStore(bool keepAll) : m_keepAll(keepAll) {}

    MessageSlot add(const Message& m, EntityId publisher) {
        if (m_keepAll) {
            m_publishers.push_back(publisher);
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
    // Who published a kept message; kNoEntity for an unknown id or when messages are not kept.
    EntityId publisherOf(std::uint32_t id) const {
        return m_keepAll && id >= 1 && id <= m_publishers.size() ? m_publishers[id - 1] : kNoEntity;
    }
    std::size_t live() const { return m_live; }
    // Slots ever used (live, finished and free): the range checkReferences() reads.
    std::size_t slots() const { return m_messages.size(); }
    // Each message's reference count against `held[slot]`, the references its holders say
    // they hold (a free or finished slot: none), and the live count against the slots held.
    void checkReferences(const std::vector<std::uint32_t>& held,
                         const InvariantCheck& check) const {
        std::size_t live = 0;
        for (std::size_t slot = 0; slot < m_messages.size(); ++slot) {
            const Message& m = m_messages[slot];
            EVSIM_INVARIANT(check, m.references == held[slot], kNoEntity,
                            "message " + std::to_string(m.id) + " (slot " + std::to_string(slot) +
                                ") counts " + std::to_string(m.references) +
                                " references, its holders " + std::to_string(held[slot]));
            live += m.references > 0 ? 1 : 0;
        }
        EVSIM_INVARIANT(check, live == m_live, kNoEntity,
                        "the message store counts " + std::to_string(m_live) +
                            " live messages, but " + std::to_string(live) + " are held");
    }
    std::size_t peakLive() const { return m_peakLive; }
    std::size_t memoryBytes() const {
        return m_messages.capacity() * sizeof(Message) + m_free.capacity() * sizeof(MessageSlot) +
               m_publishers.capacity() * sizeof(EntityId);
    }

private:
    bool m_keepAll;
    std::vector<Message> m_messages;
    std::vector<MessageSlot> m_free;
    std::vector<EntityId> m_publishers; // by id - 1, when keeping all
    std::size_t m_live = 0;
    std::size_t m_peakLive = 0;
};

} // namespace evsim
