#pragma once

#include "simulator/engine/trace_context.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"

#include <cstdint>
#include <string>

namespace evsim {

class Simulation;

// The CloudEvents 1.0 view of a message (semantics.md CE01, CE02), plus its schema version.
struct Envelope {
    std::string id;
    std::string source;
    std::string type;
    std::string specversion = "1.0";
    std::string time; // RFC 3339; virtual time 0 is 2000-01-01T00:00:00Z
    std::string datacontenttype = "application/json";
    std::string subject; // the routing key
    int schemaVersion = 1;
    TraceContext trace;
    std::string data;    // JSON text
    std::string headers; // the AMQP application headers, a JSON object's text
};

// The envelope of `message`, published by `publisher` (the entity of its Published record).
// Works for any message the caller holds: a kept one, or one a RecordSink is shown live.
Envelope envelopeOf(const Simulation& simulation, const Message& message, EntityId publisher);

// The same from the tables it reads, for copies of a run's data kept elsewhere (the desktop
// app keeps its own): `entities`, `eventTypes` and `strings` as the run numbered them.
Envelope envelopeFrom(std::uint64_t seed, const Message& message, EntityId publisher,
                      const EntityTable& entities, const StringTable& eventTypes,
                      const StringTable& strings);

// "2000-01-01T00:00:01.5Z" style, with as many fraction digits as needed (up to 9).
std::string formatRfc3339(SimTime t);

} // namespace evsim
