#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <vector>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// One row of a trace's waterfall: one copy of one message in one queue, from its publish to
// its settlement. A message routed to two queues has two rows; a copy dead-lettered into
// another queue continues on a row of its own under the one it died in; a message that never
// reached a queue (lost, unroutable, still on the wire) has a row with no queue.
struct SpanRow {
    // One delivery of the copy to a consumer and what the consumer made of it.
    struct Attempt {
        SimTime delivered;
        SimTime done = SimTime::max(); // processed or failed; max while processing
        EntityId consumer = 0;
        std::uint16_t number = 1; // the broker's delivery count: above 1 is a retry
        bool failed = false;
        bool redelivered = false;
    };
    // A moment worth a mark: publish retries, acks, requeues, expiry, dead-lettering, drops,
    // losses and duplicates on the network.
    struct Event {
        SimTime time;
        RecordKind kind = RecordKind::Acked;
        std::uint8_t detail = 0;
        EntityId entity = 0;
    };

    std::uint32_t message = 0;
    std::uint16_t eventType = 0;
    std::uint16_t retries = 0; // times an application published this event again
    int parentRow = -1;        // the row this one nests under, -1 at the top
    int depth = 0;
    EntityId publisher = 0; // producer or consumer (or the queue it died in, dead-lettered)
    EntityId exchange = 0;
    EntityId queue = 0;
    bool deadLettered = false; // this copy came through a dead-letter exchange
    bool publishRetry = false; // a publisher's retry of an unconfirmed publish
    SimTime published;         // sent (or dead-lettered into this queue)
    SimTime enqueued = SimTime::max();
    std::vector<Attempt> attempts;
    std::vector<Event> events;
    SimTime end;                // its last record
    bool settled = false;       // acked, dead-lettered onwards, dropped or lost
    std::vector<SimTime> times; // every record time of the row, for snapping clicks
};

// A trace's rows in display order: depth first, each message under the copy whose processing
// published it, siblings by time.
struct TraceSpans {
    std::uint32_t root = 0;
    SimTime start;
    SimTime end; // the trace's last record
    std::vector<SpanRow> rows;
};

// Builds the waterfall of the trace rooted at `root` from the records in [firstRecord,
// lastRecord] (the trace's own range, so the cost is that of the records it spans).
TraceSpans buildTraceSpans(const RunData& data, std::uint32_t root, std::size_t firstRecord,
                           std::size_t lastRecord);

} // namespace evsim::gui
