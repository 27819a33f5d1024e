#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/broker/message_store.h"
#include "simulator/engine/in_flight.h"
#include "simulator/engine/service_instance.h"
#include "simulator/kernel/scheduler.h"
#include "simulator/network/network.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/loss_tally.h"
#include "simulator/observe/record_log.h"
#include "simulator/scenario/intervention.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// Why a run stopped before its end, if it did. Nothing fires after a halt, and every message
// stays accounted for.
enum class Halt {
    None,
    Stalled,         // more than maxEventsPerInstant events at one instant
    OutOfMessageIds, // 4,294,967,295 messages sent: ids are 32-bit per run
};

// Which way a message crosses an instance's link.
enum class Direction : std::uint8_t { ToBroker = 0, FromBroker = 1 };

// What the parts of one simulation share: the clock, the scheduler, the record stream, the
// messages in flight, the network, the broker and the service instances. One per Simulation,
// owned by it; the publishers, consumers and fault injector work on it. No globals: two
// simulations never share anything.
class EngineCore {
public:
    EngineCore(std::uint64_t seed, bool keepRecords);

    SimTime now;
    std::uint64_t seed;
    Scheduler scheduler;
    RecordLog log;
    MessageStore messages;
    LossTally losses;
    EntityTable entities;
    StringTable strings;
    StringTable eventTypes; // its own table, so that 65535 types fit
    std::unique_ptr<Network> network;
    std::unique_ptr<BrokerModel> broker;
    FlightTable flights;
    std::vector<ServiceInstance> instances;
    std::vector<Intervention> interventions;
    EntityId brokerEntity = 0;
    bool brokerDown = false;
    std::uint32_t brokerDownCause = 0; // the broker restart (1-based) while it is down
    SimTime heartbeat = SimTime::fromSeconds(60);
    Halt halt = Halt::None;

    // Message accounting (semantics.md INV01): sent = on the wire + lost on the way + arrived.
    std::uint32_t nextMessageId = 0; // messages sent so far
    std::uint64_t lostOnTheWay = 0;
    std::uint64_t arrivedAtBroker = 0;

    // A new message, the next id; nullopt (and the run halts) once ids are used up.
    std::optional<Message> newMessage() {
        if (nextMessageId == UINT32_MAX) {
            halt = Halt::OutOfMessageIds;
            return std::nullopt;
        }
        Message m;
        m.publishedAt = now;
        m.id = ++nextMessageId;
        m.eventId = m.id;
        m.traceRoot = m.id;
        m.references = 1; // the publish hop (or, for injected messages, the broker's accept)
        return m;
    }
    // Stores a new message and records its publication by `publisher` to `exchange`.
    MessageSlot addPublished(const Message& m, EntityId publisher, EntityId exchange,
                             std::uint8_t detail = 0, std::uint16_t attempt = 0) {
        const MessageSlot slot = messages.add(m, publisher);
        record(RecordKind::Published, m, publisher, exchange, detail, attempt);
        return slot;
    }

    void record(RecordKind kind, const Message& m, EntityId entity, EntityId aux,
                std::uint8_t detail = 0, std::uint16_t attempt = 0) {
        log.append(Record{now, m.id, entity, aux, kind, detail, attempt}, &m);
    }
    // A record about no message; `number` goes in its message field (FaultStarted: the
    // intervention's 1-based number).
    void recordAbout(RecordKind kind, EntityId entity, EntityId aux, std::uint8_t detail = 0,
                     std::uint32_t number = 0) {
        log.append(Record{now, number, entity, aux, kind, detail, 0}, nullptr);
    }
    // Records a drop and counts it as a loss (against `cause` when set).
    void drop(DropReason reason, const Message& m, EntityId entity, EntityId aux,
              std::uint16_t attempt = 0, std::uint32_t lossCause = 0);

    // The active fault on an instance's link in one direction, if any.
    const LinkFault* faultOn(const ServiceInstance& instance, Direction direction) const {
        const std::uint32_t index = instance.linkFault[static_cast<int>(direction)];
        return index == ServiceInstance::kNoFault ? nullptr : faultOf(index);
    }
    // The intervention (1-based) of that fault, 0 when none.
    std::uint32_t faultCause(const ServiceInstance& instance, Direction direction) const;

    std::uint16_t internType(const std::string& name);

private:
    const LinkFault* faultOf(std::uint32_t intervention) const;

public:
    // The JSON text interned, and its length, for a message's body or headers.
    std::uint32_t intern(const std::string& text) { return strings.intern(text); }
};

} // namespace evsim
