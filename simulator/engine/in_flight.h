#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/kernel/index.h"

#include <cstdint>
#include <vector>

namespace evsim {

// What a publish or a confirm carries while it is on the wire: the payload of the hop's
// arrival event. (A delivery is held by its consumer instead: engine/held_deliveries.h.)
// Entries are recycled through a free list, so a run allocates none once it reached its peak.
// 24 bytes: a confirm's event id shares the word a publish's message slot uses, and what can
// be found from the publisher is not carried (its instance, and the link, which is its
// service's to or from the broker: Publishers::linkOf).
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
    union {
        MessageSlot message = 0; // Publish (held by this flight)
        std::uint32_t tag;       // Confirm: the event id confirmed
    };
    std::uint32_t target = 0; // Publish: the exchange; Confirm, Return: the message's id
    std::uint32_t handle = 0; // the producer; kNone: a consumer's emit (a Publish)
    // With a producer: its pending publish, or kNone. A consumer's emit: the service instance
    // it comes from (pendingOf() and the publisher's instanceOf() read it right).
    std::uint32_t pendingOrInstance = 0;

    static constexpr std::uint32_t kNone = UINT32_MAX;
    static constexpr std::uint8_t kNack = 1;     // the broker refused it
    static constexpr std::uint8_t kReturned = 2; // a basic.return of the same publish came first
    static constexpr std::uint8_t kInvalid = 4;  // with kNack: refused for good, not retried
    bool nack() const { return (answer & kNack) != 0; }
    bool returned() const { return (answer & kReturned) != 0; }
    bool fromProducer() const { return handle != kNone; }
    // The producer's pending publish this is about; kNone for none (and for a consumer's emit).
    std::uint32_t pending() const { return fromProducer() ? pendingOrInstance : kNone; }
};
static_assert(sizeof(Flight) == 24);

// A flight's place in the FlightTable; the payload of the event that ends its hop.
struct FlightKind;
using FlightIndex = Index<FlightKind>;

class FlightTable {
public:
    FlightIndex add(const Flight& f) {
        std::uint32_t index = 0;
        if (!m_free.empty()) {
            index = m_free.back();
            m_free.pop_back();
        } else {
            index = static_cast<std::uint32_t>(m_flights.size());
            m_flights.emplace_back();
        }
        // Field by field: the whole record, just built aside, copied at once stalls on its own
        // stores.
        Flight& slot = m_flights[index];
        slot.kind = f.kind;
        slot.confirms = f.confirms;
        slot.channel = f.channel;
        slot.answer = f.answer;
        slot.connectionEpoch = f.connectionEpoch;
        slot.message = f.message;
        slot.target = f.target;
        slot.handle = f.handle;
        slot.pendingOrInstance = f.pendingOrInstance;
        return FlightIndex(index);
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
