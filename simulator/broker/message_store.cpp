#include "simulator/broker/message_store.h"

#include <functional>

namespace evsim {

std::size_t MessageStore::ContentHash::operator()(const MessageContent& c) const {
    // FNV-1a over the fields: contents are few and built from small indices.
    std::uint64_t h = 14695981039346656037ull;
    for (const std::uint64_t v :
         {std::uint64_t{c.routingKey}, std::uint64_t{c.body}, std::uint64_t{c.headers},
          std::uint64_t{c.bodyBytes}, std::uint64_t{c.expirationMs},
          std::uint64_t{c.eventType} << 16 | std::uint64_t{c.schemaVersion} << 8 | c.flags}) {
        h = (h ^ v) * 1099511628211ull;
    }
    return static_cast<std::size_t>(h);
}

std::uint32_t MessageStore::internContent(const MessageContent& c, EntityId publisher) {
    const auto [at, added] =
        m_contentIds.try_emplace(c, static_cast<std::uint32_t>(m_contents.size()));
    if (added) {
        m_contents.push_back(c);
    }
    if (publisher >= m_lastContentOf.size()) {
        m_lastContentOf.resize(static_cast<std::size_t>(publisher) + 1, UINT32_MAX);
    }
    m_lastContentOf[publisher] = at->second;
    return at->second;
}

void MessageStore::checkReferences(const std::vector<std::uint32_t>& held,
                                   const InvariantCheck& check) const {
    std::size_t live = 0;
    for (std::size_t slot = 0; slot < m_messages.size(); ++slot) {
        const Stored& m = m_messages[slot];
        EVSIM_INVARIANT(check, m.references == held[slot], kNoEntity,
                        "message " + std::to_string(m.id) + " (slot " + std::to_string(slot) +
                            ") counts " + std::to_string(m.references) +
                            " references, its holders " + std::to_string(held[slot]));
        live += m.references > 0 ? 1 : 0;
    }
    EVSIM_INVARIANT(check, live == m_live, kNoEntity,
                    "the message store counts " + std::to_string(m_live) + " live messages, but " +
                        std::to_string(live) + " are held");
}

std::size_t MessageStore::liveBytes() const {
    const std::size_t lineage = m_lineage.allocated() ? sizeof(Lineage) : 0;
    const std::size_t transaction = m_transactions.allocated() ? sizeof(std::uint32_t) : 0;
    return m_live * (sizeof(Stored) + lineage + transaction) +
           m_contents.size() * sizeof(MessageContent);
}

std::size_t MessageStore::memoryBytes() const {
    // A hash node holds its key and value and a next pointer; the buckets one pointer each.
    const std::size_t contentIds =
        m_contentIds.size() * (sizeof(MessageContent) + 2 * sizeof(void*)) +
        m_contentIds.bucket_count() * sizeof(void*);
    return m_messages.capacity() * sizeof(Stored) + m_lineage.memoryBytes() +
           m_transactions.memoryBytes() + m_free.capacity() * sizeof(MessageSlot) +
           m_publishers.capacity() * sizeof(EntityId) +
           m_contents.capacity() * sizeof(MessageContent) + contentIds +
           m_lastContentOf.capacity() * sizeof(std::uint32_t);
}

} // namespace evsim
