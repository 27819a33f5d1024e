#pragma once

#include "simulator/broker/amqp/death_table.h"
#include "simulator/broker/message_store.h"
#include "simulator/kernel/lazy_column.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <vector>

namespace evsim {

inline constexpr std::uint32_t kNoCopy = UINT32_MAX;

// One message in one queue (a "copy": a fanout publish makes one per queue): what every
// publish, delivery and ack touches, 24 bytes. Its queue and, while delivered, its subscriber
// are known from where it is listed (a queue's ready ring, a subscriber's outstanding
// deliveries); what only some features read (an expiry, its x-death history and the exchange
// it came through) lives in the pool's columns, allocated once a run uses them.
struct QueueCopy {
    enum class State : std::uint8_t {
        Ready,     // in its queue's ready list
        Delivered, // out with a subscriber, unsettled
        Removed,   // expired or purged while still listed in the ready ring: skipped there
    };

    MessageSlot message = 0;
    // Its place in the queue: a classic queue puts a requeued copy back at this place
    // (AMQP13); a quorum queue gives it a new one at the back. Numbered across the broker
    // (CopyPool::nextSequence), so a queue's expiry entry never mistakes a recycled index
    // now in another queue for its own copy. Compared as serial numbers (sequenceBefore).
    std::uint32_t sequence = 0;
    SimTime enqueuedAt;
    std::uint16_t deliveries = 0; // times delivered (saturating)
    std::uint16_t returned = 0;   // times returned to the queue: x-delivery-count (AMQP12)
    State state = State::Ready;
};
static_assert(sizeof(QueueCopy) == 24);

// Whether sequence `a` was given before `b`: serial-number order (RFC 1982), so the order
// holds when the 32-bit numbers wrap, as long as live copies span fewer than 2^31 of them.
inline bool sequenceBefore(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) < 0;
}

// What a copy carries beyond its record, set when it is added.
struct CopyExtras {
    SimTime expiresAt = SimTime::max();       // the lower of queue and message TTL (AMQP06)
    std::uint32_t deaths = DeathTable::kNone; // its x-death history in the DeathTable, if any
    std::uint32_t exchange = 0;               // the exchange it came through, for x-death
};

// Copies by index, recycled through a free list: no allocation once a run reached its peak.
class CopyPool {
public:
    // A new copy of the message in `message`, enqueued now (`at`), ready, with the next
    // sequence. Its fields are written one by one into its slot: a record built aside and
    // copied in stalls on its own stores (read back wider than they were written).
    std::uint32_t add(MessageSlot message, SimTime at, const CopyExtras& extras) {
        std::uint32_t index = 0;
        if (!m_free.empty()) {
            index = m_free.back();
            m_free.pop_back();
        } else {
            m_copies.emplace_back();
            index = static_cast<std::uint32_t>(m_copies.size() - 1);
        }
        QueueCopy& c = m_copies[index];
        c.message = message;
        c.sequence = nextSequence();
        c.enqueuedAt = at;
        c.deliveries = 0;
        c.returned = 0;
        c.state = QueueCopy::State::Ready;
        m_expiresAt.set(index, extras.expiresAt);
        m_deaths.set(index, extras.deaths);
        m_exchange.set(index, extras.exchange);
        return index;
    }
    void release(std::uint32_t index) { m_free.push_back(index); }

    QueueCopy& operator[](std::uint32_t index) { return m_copies[index]; }
    const QueueCopy& operator[](std::uint32_t index) const { return m_copies[index]; }

    SimTime expiresAt(std::uint32_t copy) const { return m_expiresAt.get(copy); }
    bool expires(std::uint32_t copy) const { return expiresAt(copy) != SimTime::max(); }
    std::uint32_t deaths(std::uint32_t copy) const { return m_deaths.get(copy); }
    void setDeaths(std::uint32_t copy, std::uint32_t history) { m_deaths.set(copy, history); }
    std::uint32_t exchange(std::uint32_t copy) const { return m_exchange.get(copy); }
    // The next place in a queue (QueueCopy::sequence).
    std::uint32_t nextSequence() { return m_nextSequence++; }

    std::size_t live() const { return m_copies.size() - m_free.size(); }
    // Bytes one live copy costs, its columns in use included.
    std::size_t bytesPerCopy() const {
        return sizeof(QueueCopy) + (m_expiresAt.allocated() ? sizeof(SimTime) : 0) +
               (m_deaths.allocated() ? sizeof(std::uint32_t) : 0) +
               (m_exchange.allocated() ? sizeof(std::uint32_t) : 0);
    }
    std::size_t memoryBytes() const {
        return m_copies.capacity() * sizeof(QueueCopy) + m_free.capacity() * sizeof(std::uint32_t) +
               m_expiresAt.memoryBytes() + m_deaths.memoryBytes() + m_exchange.memoryBytes();
    }

private:
    std::vector<QueueCopy> m_copies;
    std::vector<std::uint32_t> m_free;
    LazyColumn<SimTime> m_expiresAt{SimTime::max()};
    LazyColumn<std::uint32_t> m_deaths{DeathTable::kNone};
    LazyColumn<std::uint32_t> m_exchange{0};
    std::uint32_t m_nextSequence = 0;
};

} // namespace evsim
