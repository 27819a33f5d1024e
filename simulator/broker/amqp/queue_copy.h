#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <vector>

namespace evsim {

inline constexpr std::uint32_t kNoCopy = UINT32_MAX;

// One message in one queue (a "copy": a fanout publish makes one per queue).
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
    std::uint32_t tag = 0;             // delivery tag of its current (or last) delivery
    std::uint32_t deaths = UINT32_MAX; // its x-death history in the DeathTable, if any
    std::uint32_t exchange = 0;        // the exchange it came through (router index), for x-death
    std::uint16_t deliveries = 0;      // times delivered (saturating)
    std::uint16_t returned = 0;        // times returned to the queue: x-delivery-count (AMQP12)
    State state = State::Ready;
    SimTime enqueuedAt;
    SimTime expiresAt = SimTime::max(); // the lower of queue and message TTL (AMQP06)
    SimTime deliveredAt;
};

// Copies by index, recycled through a free list: no allocation once a run reached its peak.
class CopyPool {
public:
    std::uint32_t add(const QueueCopy& c) {
        if (!m_free.empty()) {
            const std::uint32_t index = m_free.back();
            m_free.pop_back();
            m_copies[index] = c;
            return index;
        }
        m_copies.push_back(c);
        return static_cast<std::uint32_t>(m_copies.size() - 1);
    }
    void release(std::uint32_t index) { m_free.push_back(index); }

    QueueCopy& operator[](std::uint32_t index) { return m_copies[index]; }
    const QueueCopy& operator[](std::uint32_t index) const { return m_copies[index]; }

    std::size_t live() const { return m_copies.size() - m_free.size(); }
    std::size_t memoryBytes() const {
        return m_copies.capacity() * sizeof(QueueCopy) + m_free.capacity() * sizeof(std::uint32_t);
    }

private:
    std::vector<QueueCopy> m_copies;
    std::vector<std::uint32_t> m_free;
};

} // namespace evsim
