#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/scenario.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

namespace evsim {

// The headers a consumer sees on each delivered copy, as RabbitMQ 3.10 sets them, followed
// record by record through a run: the message's own headers; `x-death`, the copy's
// dead-letter history (one entry per queue and reason with its count, the time of the first
// such death, the exchange and routing keys; the newest first, as docs/semantics.md AMQP11
// has it); `x-first-death-queue`, `-reason` and `-exchange`, set at the first death and never
// changed; and on a quorum queue's redelivery `x-delivery-count`, the times it came back
// (absent on the first delivery). A copy is a message in one queue; its history follows it
// through dead-letter exchanges.
class CopyHeaders {
public:
    CopyHeaders(const Scenario& scenario, const EntityTable& entities, const StringTable& strings);

    // Takes the run's records in order. For a Delivered record, the headers of that delivery;
    // for a DeadLettered one, those the dead letter carries to its exchange (x-death with this
    // death); for a Returned one, the message's own.
    std::optional<nlohmann::ordered_json> onRecord(const Record& r, const Message* message);
    // The routing key a DeadLettered record's message is published with: the queue's
    // x-dead-letter-routing-key, else its own.
    std::string deadLetterRoutingKey(const Record& r, const Message& m) const;

private:
    struct Death {
        EntityId queue = 0;
        std::uint8_t reason = 0;
        std::uint32_t count = 1;
        SimTime time;
        EntityId exchange = 0;
        std::uint32_t routingKey = 0;
    };
    struct History {
        std::vector<Death> deaths; // newest first
        std::optional<Death> first;
    };
    struct Copy {
        History history;
        EntityId via = 0; // the exchange it came through
    };
    // A message that just died: its copies enqueued now through `exchange` inherit `history`.
    struct DeadLetter {
        EntityId exchange = 0;
        History history;
    };

    nlohmann::ordered_json headersOf(const Record& r, const Message& m, const Copy* copy) const;

    const EntityTable& m_entities;
    const StringTable& m_strings;
    EntityId m_defaultExchange = 0;
    std::set<EntityId> m_quorum;
    std::map<EntityId, std::string> m_deadLetterKeys; // by queue: x-dead-letter-routing-key
    std::map<std::pair<std::uint32_t, EntityId>, Copy> m_copies; // (message, queue)
    std::map<std::uint32_t, DeadLetter> m_deadLetters;           // by message, this instant
    SimTime m_now;
};

} // namespace evsim
