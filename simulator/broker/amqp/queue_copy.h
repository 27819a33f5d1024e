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
// publish, delivery and ack touches, 48 bytes. What only some features read (an expiry, the
// time of its delivery, its x-death history and the exchange it came through) lives in the
// pool's columns, allocated once a run uses them.
struct QueueCopy {
    enum class State : std::uint8_t {
        Ready,     // in its queue's ready list
        Delivered, // out with a subscriber, unsettled
        Removed,   // expired or purged while still listed in the ready ring: skipped there
    };

    MessageSlot message = 0;
    std::uint32_t queue = 0;
    // Its place in the queue: a classic queue puts a requeued copy back at this place
    // (AMQP13); a quorum queue gives it a new one at the back. Also tells apart two
    // incarnations of a recycled index.
    std::uint32_t sequence = 0;
    std::uint32_t subscriber = 0;     // while delivered
    std::uint32_t previous = kNoCopy; // the subscriber's outstanding deliveries, oldest first
    std::uint32_t next = kNoCopy;
    std::uint32_t tag = 0;        // delivery tag of its current (or last) delivery
    std::uint16_t deliveries = 0; // times delivered (saturating)
    std::uint16_t returned = 0;   // times returned to the queue: x-delivery-count (AMQP12)
    State state = State::Ready;
    SimTime enqueuedAt;
};
static_assert(sizeof(QueueCopy) == 48);

// What a copy carries beyond its record, set when it is added.
struct CopyExtras {
    SimTime expiresAt = SimTime::max();       // the lower of queue and message TTL (AMQP06)
    std::uint32_t deaths = DeathTable::kNone; // its x-death history in the DeathTable, if any
    std::uint32_t exchange = 0;               // the exchange it came through, for x-death
};

// Copies by index, recycled through a free list: no allocation once a run reached its peak.
class CopyPool {
public:
    std::uint32_t add(const QueueCopy& c, const CopyExtras& extras) {
        std::uint32_t index = 0;
        if (!m_free.empty()) {
            index = m_free.back();
            m_free.pop_back();
            m_copies[index] = c;
        } else {
            m_copies.push_back(c);
            index = static_cast<std::uint32_t>(m_copies.size() - 1);
        }
        m_expiresAt.set(index, extras.expiresAt);
        m_deaths.set(index, extras.deaths);
        m_exchange.set(index, extras.exchange);
        m_deliveredAt.set(index, SimTime::zero());
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
    // When its current (or last) delivery was sent: a consumer timeout counts from there.
    SimTime deliveredAt(std::uint32_t copy) const { return m_deliveredAt.get(copy); }
    void setDeliveredAt(std::uint32_t copy, SimTime at) { m_deliveredAt.set(copy, at); }

    std::size_t live() const { return m_copies.size() - m_free.size(); }
    // Bytes one live copy costs, its columns in use included.
    std::size_t bytesPerCopy() const {
        return sizeof(QueueCopy) + (m_expiresAt.allocated() ? sizeof(SimTime) : 0) +
               (m_deaths.allocated() ? sizeof(std::uint32_t) : 0) +
               (m_exchange.allocated() ? sizeof(std::uint32_t) : 0) +
               (m_deliveredAt.allocated() ? sizeof(SimTime) : 0);
    }
    std::size_t memoryBytes() const {
        return m_copies.capacity() * sizeof(QueueCopy) + m_free.capacity() * sizeof(std::uint32_t) +
               m_expiresAt.memoryBytes() + m_deaths.memoryBytes() + m_exchange.memoryBytes() +
               m_deliveredAt.memoryBytes();
    }

private:
    std::vector<QueueCopy> m_copies;
    std::vector<std::uint32_t> m_free;
    LazyColumn<SimTime> m_expiresAt{SimTime::max()};
    LazyColumn<std::uint32_t> m_deaths{DeathTable::kNone};
    LazyColumn<std::uint32_t> m_exchange{0};
    LazyColumn<SimTime> m_deliveredAt{SimTime::zero()};
};

} // namespace evsim
