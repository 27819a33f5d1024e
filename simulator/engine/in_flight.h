#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/kernel/index.h"

#include <cstdint>
#include <vector>

namespace evsim {

// What a publish or a confirm carries while it is on the wire: the payload of the hop's
// arrival event. (A delivery is held by its consumer instead: engine/held_deliveries.h.)
// Entries are recycled through a free list, so a run allocates none once it reached its peak.
// 32 bytes: a confirm's event id shares the word a publish's message slot uses.
struct Flight {
    enum class Kind : std::uint8_t {
        Publish, // to the broker: a message; target = exchange, pending = the publisher's
        Confirm, // to a publisher: handle = producer, pending, nack
        Return,  // to a publisher, handle = producer: a mandatory publish no queue took
        Closed,  // to a publisher, handle = producer: the broker closed `channel` (AMQP20)
    };
    Kind kind = Kind::Publish;
    bool confirms = false; // Publish: its publisher waits for a confirm
    // Publish: the publisher's channel it was sent on (numbers wrap: only equality counts).
    std::uint8_t channel = 0;
    std::uint8_t answer = 0;           // Confirm: kNack, kReturned
    std::uint32_t connectionEpoch = 0; // of the instance it belongs to, when it was sent
    std::uint32_t instance = 0;        // the service instance at the client end
    union {
        MessageSlot message = 0; // Publish (held by this flight)
        std::uint32_t tag;       // Confirm: the event id confirmed
    };
    std::uint32_t target = 0;  // Confirm, Return: the message's id
    std::uint32_t handle = 0;  // Publish: the producer
    std::uint32_t pending = 0; // Publish, Confirm: the publisher's pending publish, or kNone
    std::uint32_t link = 0;    // the link it is crossing, for in-flight counts

    static constexpr std::uint32_t kNone = UINT32_MAX;
    static constexpr std::uint8_t kNack = 1;     // the broker refused it
    static constexpr std::uint8_t kReturned = 2; // a basic.return of the same publish came first
    bool nack() const { return (answer & kNack) != 0; }
    bool returned() const { return (answer & kReturned) != 0; }
};
static_assert(sizeof(Flight) == 32);

// A flight's place in the FlightTable; the payload of the event that ends its hop.
struct FlightKind;
using FlightIndex = Index<FlightKind>;

class FlightTable {
public:
    FlightIndex add(const Flight& f) {
        if (!m_free.empty()) {
            const std::uint32_t index = m_free.back();
            m_free.pop_back();
            m_flights[index] = f;
            return FlightIndex(index);
        }
        m_flights.push_back(f);
        return FlightIndex(static_cast<std::uint32_t>(m_flights.size() - 1));
    }
    void release(FlightIndex index) { m_free.push_back(index.value()); }
    Flight& operator[](FlightIndex index) { return m_flights[index.value()]; }
    const Flight& operator[](FlightIndex index) const { return m_flights[index.value()]; }
    std::size_t live() const { return m_flights.size() - m_free.size(); }
    std::size_t memoryBytes() const {
        return m_flights.capacity() * sizeof(Flight) + m_free.capacity() * sizeof(std::uint32_t);
    }

private:
    std::vector<Flight> m_flights;
    std::vector<std::uint32_t> m_free;
};

} // namespace evsim
