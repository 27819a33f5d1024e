#pragma once

#include "simulator/kernel/lazy_column.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/invariant_check.h"
#include "simulator/observe/message.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace evsim {

using MessageSlot = std::uint32_t;

// Messages by slot. A slot is recycled once nothing references the message, unless the store
// keeps every message (for views that show any message of the run); then slot == id - 1 and
// the publisher of every message is kept too.
//
// A message is kept in 24 bytes: what differs from message to message (its time, id and
// references) and a reference to its content (key, type, body, headers, expiration), which is
// stored once for all the messages that say the same, as a producer's thousands of messages
// do. Its lineage (event, parent, trace, retries) is kept in a column that exists only once a
// message is not its own root: a run of root publishes never allocates it.
class MessageStore {
public:
    explicit MessageStore(bool keepAll) : m_keepAll(keepAll) {}

    // `transaction`: the log producer's transaction it is written in (KAFKA09); 0: none. Kept
    // beside the message, not in it: most runs have none.
    MessageSlot add(const Message& m, EntityId publisher, std::uint32_t transaction = 0) {
        if (m_keepAll) {
            m_publishers.push_back(publisher);
        }
        ++m_live;
        if (m_live > m_peakLive) {
            m_peakLive = m_live;
        }
        MessageSlot slot = 0;
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            slot = static_cast<MessageSlot>(m_messages.size());
            m_messages.emplace_back();
        }
        // Field by field: a whole record built aside and copied in stalls on its own stores.
        Stored& stored = m_messages[slot];
        stored.publishedAt = m.publishedAt;
        stored.id = m.id;
        stored.references = m.references;
        stored.content = contentOf(m, publisher);
        m_lineage.set(slot,
                      Lineage{m.eventId == m.id ? 0 : m.eventId, m.parent,
                              m.traceRoot == m.id ? 0 : m.traceRoot, m.retries, m.parentAttempt});
        m_transactions.set(slot, transaction);
        return slot;
    }

    // The whole message, assembled.
    Message operator[](MessageSlot slot) const {
        const Stored& s = m_messages[slot];
        Message m;
        m.publishedAt = s.publishedAt;
        m.id = s.id;
        m.references = s.references;
        m.setContent(m_contents[s.content]);
        const Lineage l = m_lineage.get(slot);
        m.eventId = l.eventId != 0 ? l.eventId : s.id;
        m.parent = l.parent;
        m.traceRoot = l.traceRoot != 0 ? l.traceRoot : s.id;
        m.retries = l.retries;
        m.parentAttempt = l.parentAttempt;
        return m;
    }
    // What the broker reads on every hop, without assembling the rest.
    const MessageContent& content(MessageSlot slot) const {
        return m_contents[m_messages[slot].content];
    }
    std::uint32_t id(MessageSlot slot) const { return m_messages[slot].id; }
    std::uint32_t eventId(MessageSlot slot) const {
        const std::uint32_t own = m_lineage.get(slot).eventId;
        return own != 0 ? own : m_messages[slot].id;
    }
    std::uint32_t references(MessageSlot slot) const { return m_messages[slot].references; }
    // The transaction a log producer wrote it in (KAFKA09); 0: none.
    std::uint32_t transaction(MessageSlot slot) const { return m_transactions.get(slot); }
    // A kept message's transaction, by id (only when keepsAll()).
    std::uint32_t transactionOf(std::uint32_t id) const {
        return m_keepAll && id >= 1 ? m_transactions.get(id - 1) : 0;
    }

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
    // A kept message by id (only when keepsAll()); nullopt for an unknown id.
    std::optional<Message> findById(std::uint32_t id) const {
        if (m_keepAll && id >= 1 && id <= m_messages.size()) {
            return (*this)[id - 1];
        }
        return std::nullopt;
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
    void checkReferences(const std::vector<std::uint32_t>& held, const InvariantCheck& check) const;
    std::size_t peakLive() const { return m_peakLive; }
    // Distinct contents kept: one per producer template in most runs.
    std::size_t contentCount() const { return m_contents.size(); }
    // The state of the live messages: their records, their lineage if kept, and the contents
    // they share.
    std::size_t liveBytes() const;
    std::size_t memoryBytes() const;

private:
    struct Stored {
        SimTime publishedAt;
        std::uint32_t id = 0;
        std::uint32_t references = 0;
        std::uint32_t content = 0; // into m_contents
    };
    static_assert(sizeof(Stored) == 24);

    // What a message that is not a root carries besides; zero for a root, whose event and
    // trace are its own id.
    struct Lineage {
        std::uint32_t eventId = 0;   // 0: its own id
        std::uint32_t parent = 0;    // 0: a root
        std::uint32_t traceRoot = 0; // 0: its own id
        std::uint16_t retries = 0;
        std::uint16_t parentAttempt = 0;
        bool operator==(const Lineage&) const = default;
    };

    struct ContentHash {
        std::size_t operator()(const MessageContent& c) const;
    };

    std::uint32_t contentOf(const Message& m, EntityId publisher) {
        if (publisher < m_lastContentOf.size()) {
            const std::uint32_t last = m_lastContentOf[publisher];
            if (last < m_contents.size() && m_contents[last] == m.content()) {
                return last;
            }
        }
        return internContent(m.content(), publisher);
    }
    // The content's number, adding it if new, remembered as the publisher's last.
    std::uint32_t internContent(const MessageContent& c, EntityId publisher);

    bool m_keepAll;
    std::vector<Stored> m_messages;
    LazyColumn<Lineage> m_lineage{Lineage{}};
    // Allocated only once a transactional producer writes (KAFKA09).
    LazyColumn<std::uint32_t> m_transactions{0};
    std::vector<MessageSlot> m_free;
    std::vector<EntityId> m_publishers; // by id - 1, when keeping all
    // Each content once. A publisher usually says the same as the last time, so its last
    // content is tried before the table.
    std::vector<MessageContent> m_contents;
    std::unordered_map<MessageContent, std::uint32_t, ContentHash> m_contentIds;
    std::vector<std::uint32_t> m_lastContentOf; // by publisher entity
    std::size_t m_live = 0;
    std::size_t m_peakLive = 0;
};

} // namespace evsim
