#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/broker/message_store.h"
#include "simulator/engine/in_flight.h"
#include "simulator/engine/schema_catalog.h"
#include "simulator/engine/service_instance.h"
#include "simulator/engine/singled_out.h"
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

// Message accounting (semantics.md INV01): sent = on the wire + lost on the way + arrived;
// of those that arrived, some were discarded with a channel error (AMQP20).
// Ids are taken by EngineCore::newMessage(); a publish hop that ends notes where it ended (the
// publishers, or the fault injector for a hop it delayed).
class MessageAccounts {
public:
    std::uint32_t sent() const { return m_sent; }
    std::uint64_t lostOnTheWay() const { return m_lostOnTheWay; }
    std::uint64_t arrived() const { return m_arrived; }
    std::uint64_t channelErrors() const { return m_channelErrors; }

    // The next message id; nullopt once all 4,294,967,295 are used.
    std::optional<std::uint32_t> takeId() {
        if (m_sent == UINT32_MAX) {
            return std::nullopt;
        }
        return ++m_sent;
    }
    void noteLostOnTheWay() { ++m_lostOnTheWay; }
    void noteArrived() { ++m_arrived; }
    void noteChannelError() { ++m_channelErrors; }

private:
    std::uint32_t m_sent = 0;
    std::uint64_t m_lostOnTheWay = 0;
    std::uint64_t m_arrived = 0;
    std::uint64_t m_channelErrors = 0;
};

// The broker's restarts as the engine sees them: while one is under way the broker is down, and
// what reaches it is lost against that restart. Only the fault injector begins and ends one.
class BrokerOutage {
public:
    bool active() const { return m_cause != 0; }
    // The restart (its intervention, 1-based) under way; 0 when the broker is up.
    std::uint32_t cause() const { return m_cause; }
    void begin(std::uint32_t restart) { m_cause = restart; }
    void end() { m_cause = 0; }

private:
    std::uint32_t m_cause = 0;
};

// Which way a message crosses an instance's link.
enum class Direction : std::uint8_t { ToBroker = 0, FromBroker = 1 };

// What the parts of one simulation share: the clock, the scheduler, the record stream, the
// messages in flight, the network, the broker and the service instances. One per Simulation,
// owned by it; the publishers, consumers and fault injector work on it. No globals: two
// simulations never share anything. What changes as the run goes has one writer: the clock and
// the halt are the Simulation's, the outage and the instances' fault state the fault
// injector's, the accounts change only through their notes.
class EngineCore {
public:
    EngineCore(std::uint64_t seed, bool keepRecords);

    SimTime now() const { return m_now; }
    // The clock itself, for what reads it as the run goes (the broker's environment).
    const SimTime& clock() const { return m_now; }
    // The clock moves forward only, to the event being fired (Simulation).
    void advanceTo(SimTime t) { m_now = t; }
    Halt halt() const { return m_halt; }
    void stop(Halt why) { m_halt = why; }

    std::uint64_t seed;
    Scheduler scheduler;
    RecordLog log;
    MessageStore messages;
    LossTally losses;
    EntityTable entities;
    StringTable strings;
    StringTable eventTypes; // its own table, so that 65535 types fit
    SchemaCatalog schemas;
    std::unique_ptr<Network> network;
    std::unique_ptr<BrokerModel> broker;
    FlightTable flights;
    std::vector<ServiceInstance> instances;
    std::vector<Intervention> interventions;
    EntityId brokerEntity = 0;
    BrokerOutage outage;
    SimTime heartbeat = SimTime::fromSeconds(60);
    MessageAccounts accounts;
    SingledOutMessages singledOut;

    // A new message, the next id; nullopt (and the run halts) once ids are used up.
    std::optional<Message> newMessage() {
        const std::optional<std::uint32_t> id = accounts.takeId();
        if (!id) {
            m_halt = Halt::OutOfMessageIds;
            return std::nullopt;
        }
        Message m;
        m.publishedAt = m_now;
        m.id = *id;
        m.eventId = m.id;
        m.traceRoot = m.id;
        m.references = 1; // the publish hop (or, for injected messages, the broker's accept)
        return m;
    }
    // Stores a new message and records its publication by `publisher` to `exchange`.
    MessageSlot addPublished(const Message& m, EntityId publisher, EntityId exchange,
                             std::uint8_t detail = 0, std::uint16_t attempt = 0,
                             std::uint32_t transaction = 0) {
        const MessageSlot slot = messages.add(m, publisher, transaction);
        record(RecordKind::Published, m, publisher, exchange, detail, attempt);
        return slot;
    }

    void record(RecordKind kind, const Message& m, EntityId entity, EntityId aux,
                std::uint8_t detail = 0, std::uint16_t attempt = 0) {
        log.append(Record{m_now, m.id, entity, aux, kind, detail, attempt}, &m);
    }
    // A record about no message; `number` goes in its message field (FaultStarted: the
    // intervention's 1-based number).
    void recordAbout(RecordKind kind, EntityId entity, EntityId aux, std::uint8_t detail = 0,
                     std::uint32_t number = 0) {
        log.append(Record{m_now, number, entity, aux, kind, detail, 0}, nullptr);
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

    // The message fault waiting for this hop of `m` (a delivery to a consumer, or a publish),
    // taken and recorded as singled out on `link`; nullptr when none. `index` receives its
    // intervention's index. Hot paths test singledOut.empty() first, so that a run with no
    // message singled out pays one test per hop and touches nothing else.
    const MessageFault* takeSingledOut(const Message& m, bool delivery, EntityId link,
                                       EntityId consumer, std::uint32_t& index);

    std::uint16_t internType(const std::string& name);

private:
    const LinkFault* faultOf(std::uint32_t intervention) const;

    SimTime m_now;
    Halt m_halt = Halt::None;

public:
    // The JSON text interned, and its length, for a message's body or headers.
    std::uint32_t intern(const std::string& text) { return strings.intern(text); }
};

} // namespace evsim
