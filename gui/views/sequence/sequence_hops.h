#pragma once

#include "harness/session/block_vector.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// One thing the sequence diagram draws for one record: an arrow between two entities (from at
// `start`, to at `end`) or, when `to` is 0, a mark on `from` at `start`.
struct Hop {
    enum class Kind : std::uint8_t {
        Publish,    // publisher -> exchange, from the publish to its arrival
        Lost,       // a publish the network lost on the way
        Route,      // exchange -> queue (enqueued)
        Deliver,    // queue -> consumer
        Ack,        // consumer -> queue
        Requeue,    // consumer -> queue, the copy goes back
        DeadLetter, // queue -> dead-letter exchange
        Failed,     // mark: processing failed
        Dropped,    // mark: the copy left the run (detail: DropReason)
        Expired,    // mark: its TTL passed in the queue
        Return,     // exchange -> publisher: basic.return of a mandatory publish (AMQP05)
        NotFound,   // exchange -> publisher: 404 NOT_FOUND closes its channel (AMQP20)
    };
    Kind kind = Kind::Publish;
    std::uint32_t message = 0;
    EntityId from = 0;
    EntityId to = 0; // 0 for a mark
    SimTime start;
    SimTime end; // SimTime::max() for a publish still on the wire
    std::size_t record = 0;
    std::uint8_t detail = 0;
    bool redelivered = false;
};

// The hops of a run, derived from its records as they arrive: a publish is drawn from its
// Published record to the record that ends its trip (its first enqueue, a drop at the exchange
// or a loss on a link), which update() remembers per message. forEach() reads only the records
// whose hops can reach into a time window, found by binary search on record times, so the cost
// of a window is that of the records in it and of those up to the longest short trip before
// it. Trips longer than kLongTrip (a publish held up by a partition, say) are kept apart in a
// list of their own, so that one of them does not make every window read far back.
class SequenceHops {
public:
    // Takes in the records `data` gained since the last call.
    void update(const RunData& data);
    void clear();

    // The hop of record `index`, if it has one.
    bool hopOf(const RunData& data, std::size_t index, Hop& hop) const;
    // Calls `f(const Hop&)` for each hop of the records that can be seen in [from, to]; returns
    // how many records it read.
    std::size_t forEach(const RunData& data, SimTime from, SimTime to,
                        const std::function<void(const Hop&)>& f) const;

    // Where the window's reading starts: the first record a hop reaching `from` can come from.
    std::size_t firstRecordFor(const RunData& data, SimTime from) const;
    // The longest trip of the publishes forEach() finds by reading back from a window.
    SimTime longestTrip() const { return m_longestTrip; }
    static constexpr SimTime kLongTrip = SimTime::fromSeconds(1);
    // Whether a record so far names the entity (as its entity or aux); by entity id.
    const std::vector<std::uint8_t>& usedEntities() const { return m_used; }
    std::size_t usedCount() const { return m_usedCount; }

private:
    // By message id, in blocks: vectors of a million messages, all growing at the same ids,
    // copied themselves at once (with the traces' tables) in one step of a long run.
    BlockVector<SimTime> m_arrival;           // end of its publish trip, max if none
    BlockVector<std::uint8_t> m_lost;         // the trip ended with a loss
    BlockVector<std::size_t> m_publishRecord; // its Published record
    std::vector<std::uint8_t> m_used;         // by entity id
    std::size_t m_usedCount = 0;
    std::size_t m_scanned = 0;
    SimTime m_longestTrip;
    struct LongTrip {
        std::size_t record; // its Published record
        SimTime start;
        SimTime end;
    };
    std::vector<LongTrip> m_longTrips; // in the order they ended
};

} // namespace evsim::gui
