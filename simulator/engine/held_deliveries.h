#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/broker/message_store.h"
#include "simulator/kernel/ring_buffer.h"

#include <cstdint>
#include <utility>

namespace evsim {

// A delivery a consumer holds, from the broker's send until its ack or nack reaches the broker
// (or until it is void): 24 bytes, kept with its consumer rather than in a table shared by the
// run, so one consumer's deliveries sit together in memory.
struct HeldDelivery {
    enum class State : std::uint8_t {
        OnTheWay,   // sent by the broker, not arrived yet
        Arrived,    // waiting to be processed
        Processing, // the consumer works on it
        Processed,  // processed; its ack waits for the rest of its batch (ack_every, AMQP21)
        Settling,   // its ack or nack is on the way to the broker
        Done,       // nothing more happens to it (an event may still name it: it is ignored)
    };
    MessageSlot message = 0;           // held by this delivery until processing ends
    DeliveryHandle handle;             // the broker's
    std::uint32_t tag = 0;             // delivery tag
    std::uint32_t connectionEpoch = 0; // of its instance's connection, when it was sent
    std::uint16_t attempt = 0;         // the broker's delivery count
    std::uint16_t deaths = 0;          // times rejected out of this queue before
    State state = State::OnTheWay;
    bool requeue = false;   // Settling by a nack: requeue it
    bool processed = false; // its processing succeeded (Settling: the ack is on its way)
    bool inBatch = false;   // Settling: its ack is the batch's one (basic.ack multiple=true)
};
static_assert(sizeof(HeldDelivery) == 24);

// A consumer's held deliveries in the order the broker sent them, each named by a sequence
// number that events carry. Entries leave from the front once done, so a number stays valid
// (or is recognisably stale) however the deliveries in the middle fare.
class HeldDeliveries {
public:
    // Holds `d`; returns its sequence number.
    std::uint32_t add(const HeldDelivery& d) {
        // Field by field: the whole record, just built aside, copied at once stalls on its own
        // stores.
        HeldDelivery& held = m_ring.pushBackSlot();
        held.message = d.message;
        held.handle = d.handle;
        held.tag = d.tag;
        held.connectionEpoch = d.connectionEpoch;
        held.attempt = d.attempt;
        held.deaths = d.deaths;
        held.state = d.state;
        held.requeue = d.requeue;
        held.processed = d.processed;
        held.inBatch = d.inBatch;
        return m_first + static_cast<std::uint32_t>(m_ring.size() - 1);
    }
    // The delivery numbered `sequence`, or nullptr when it is done and gone.
    const HeldDelivery* find(std::uint32_t sequence) const {
        const std::uint32_t at = sequence - m_first; // wraps to a large value when stale
        return at < m_ring.size() ? &m_ring[at] : nullptr;
    }
    HeldDelivery* find(std::uint32_t sequence) {
        return const_cast<HeldDelivery*>(std::as_const(*this).find(sequence));
    }
    HeldDelivery& operator[](std::uint32_t sequence) { return m_ring.at(sequence - m_first); }
    // The first delivery, in the order sent, that arrived and waits; there must be one.
    std::uint32_t firstArrived() {
        // Deliveries only ever move on (on the way, arrived, processing, settling, done), so
        // none before m_waitFrom waits any more: the search starts there, past the ones whose
        // acks are on the way.
        std::uint32_t at = m_waitFrom - m_first;
        while (!waits(m_ring[at].state)) {
            ++at;
        }
        m_waitFrom = m_first + at;
        while (m_ring[at].state != HeldDelivery::State::Arrived) {
            ++at;
        }
        return m_first + at;
    }
    // Marks the delivery done and lets go of the done ones at the front.
    void finish(std::uint32_t sequence) {
        (*this)[sequence].state = HeldDelivery::State::Done;
        trim();
    }
    // Calls fn(HeldDelivery&) for each delivery not done, in the order sent, and marks done
    // those for which it returns true.
    // fn may make the broker deliver to this consumer again, which adds at the back and may
    // move the ring: each entry is found again by its place after fn returns.
    template <typename Fn> void finishEach(Fn fn) {
        for (std::size_t i = 0; i < m_ring.size(); ++i) {
            if (m_ring.at(i).state != HeldDelivery::State::Done && fn(m_ring.at(i))) {
                m_ring.at(i).state = HeldDelivery::State::Done;
            }
        }
        trim();
    }

    // The same for the deliveries numbered up to `last` only.
    template <typename Fn> void finishEachUpTo(std::uint32_t last, Fn fn) {
        if (static_cast<std::int32_t>(last - m_first) < 0) {
            return; // `last` and everything before it is done and gone
        }
        const std::uint32_t count = last - m_first + 1;
        for (std::size_t i = 0; i < m_ring.size() && i < count; ++i) {
            if (m_ring.at(i).state != HeldDelivery::State::Done && fn(m_ring.at(i))) {
                m_ring.at(i).state = HeldDelivery::State::Done; // found again, as in finishEach
            }
        }
        trim();
    }
    // Calls fn(HeldDelivery&) for each delivery not done, in the order sent.
    template <typename Fn> void forEachOpen(Fn fn) {
        for (std::size_t i = 0; i < m_ring.size(); ++i) {
            if (m_ring.at(i).state != HeldDelivery::State::Done) {
                fn(m_ring.at(i));
            }
        }
    }

    // Calls fn(const HeldDelivery&) for each held entry, done ones included, in the order
    // sent.
    template <typename Fn> void forEach(Fn fn) const {
        for (std::size_t i = 0; i < m_ring.size(); ++i) {
            fn(m_ring[i]);
        }
    }

    std::size_t size() const { return m_ring.size(); }
    std::size_t capacity() const { return m_ring.capacity(); }

private:
    static bool waits(HeldDelivery::State s) {
        return s == HeldDelivery::State::OnTheWay || s == HeldDelivery::State::Arrived;
    }
    void trim() {
        while (!m_ring.empty() && m_ring.front().state == HeldDelivery::State::Done) {
            m_ring.popFront();
            ++m_first;
        }
        if (static_cast<std::int32_t>(m_waitFrom - m_first) < 0) {
            m_waitFrom = m_first;
        }
    }

    RingBuffer<HeldDelivery> m_ring;
    std::uint32_t m_first = 0;    // the sequence number of the front entry
    std::uint32_t m_waitFrom = 0; // no delivery numbered before it waits to be processed
};

} // namespace evsim
