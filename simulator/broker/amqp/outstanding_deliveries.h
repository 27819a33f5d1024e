#pragma once

#include "simulator/broker/amqp/queue_copy.h"
#include "simulator/kernel/ring_buffer.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>

namespace evsim {

// A subscriber's unsettled deliveries, in the order they were sent, found by delivery tag.
// Delivery tags count up per subscriber, as AMQP's do per channel, so a tag is a place in
// this ring: a settle finds its copy without a search, and closing the channel returns them
// oldest first (AMQP14). A settled delivery leaves a hole until every older one is settled
// too; a consumer settles roughly in order, so the ring stays about as long as its prefetch.
// Tags are never reused, not even after the channel closes, so a settle from before a close
// names no outstanding delivery and is ignored.
class OutstandingDeliveries {
public:
    // Records a delivery of `copy` sent at `at`; returns its delivery tag.
    std::uint32_t add(std::uint32_t copy, SimTime at) {
        m_ring.pushBack(Entry{at, copy});
        ++m_count;
        return m_firstTag + static_cast<std::uint32_t>(m_ring.size() - 1);
    }
    // A tag for a delivery that is settled as it is sent (automatic acknowledgement).
    std::uint32_t addSettled() {
        const std::uint32_t tag = add(kNoCopy, SimTime::zero());
        --m_count;
        dropSettledFront();
        return tag;
    }
    // Settles the delivery of `copy` under `tag`: false, changing nothing, when that tag
    // names no outstanding delivery of that copy (settled already, or from a closed channel).
    bool settle(std::uint32_t tag, std::uint32_t copy) {
        const std::uint32_t at = tag - m_firstTag; // wraps to a large value when stale
        if (at >= m_ring.size() || m_ring[at].copy != copy || copy == kNoCopy) {
            return false;
        }
        m_ring.at(at).copy = kNoCopy;
        --m_count;
        dropSettledFront();
        return true;
    }
    // Empties it, calling fn(copy) for each unsettled copy, oldest first.
    template <typename Fn> void takeAll(Fn fn) {
        m_count = 0;
        while (!m_ring.empty()) {
            const Entry e = m_ring.popFront();
            ++m_firstTag;
            if (e.copy != kNoCopy) {
                fn(e.copy);
            }
        }
    }
    // Calls fn(copy, deliveredAt) for each unsettled copy, oldest first.
    template <typename Fn> void forEach(Fn fn) const {
        for (std::size_t i = 0; i < m_ring.size(); ++i) {
            if (m_ring[i].copy != kNoCopy) {
                fn(m_ring[i].copy, m_ring[i].deliveredAt);
            }
        }
    }

    std::uint32_t count() const { return m_count; }
    bool empty() const { return m_count == 0; }
    // When the oldest unsettled delivery was sent (a consumer timeout counts from there).
    // Only while not empty.
    SimTime oldestSentAt() const { return m_ring.front().deliveredAt; }
    std::size_t memoryBytes() const { return m_ring.capacity() * sizeof(Entry); }
    static constexpr std::size_t kBytesPerDelivery = 16;

private:
    struct Entry {
        SimTime deliveredAt;
        std::uint32_t copy; // kNoCopy once settled
    };
    static_assert(sizeof(Entry) == kBytesPerDelivery);

    void dropSettledFront() {
        while (!m_ring.empty() && m_ring.front().copy == kNoCopy) {
            m_ring.popFront();
            ++m_firstTag;
        }
    }

    RingBuffer<Entry> m_ring;
    std::uint32_t m_firstTag = 1; // the tag of the ring's front; AMQP tags start at 1
    std::uint32_t m_count = 0;    // unsettled entries
};

} // namespace evsim
