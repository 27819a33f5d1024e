#pragma once

#include "broker/broker_model.h"
#include "broker/message_store.h"
#include "kernel/random.h"
#include "kernel/ring_buffer.h"
#include "kernel/scheduler.h"
#include "network/network.h"
#include "observe/entity_table.h"
#include "observe/latency_histogram.h"
#include "observe/loss_tally.h"
#include "observe/record_log.h"
#include "observe/record_sink.h"
#include "observe/run_summary.h"
#include "scenario/intervention.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

struct SimulationOptions {
    std::optional<std::uint64_t> seed; // overrides the scenario's seed
    bool keepRecords = true;           // false: digest and summary only, constant memory
    // A run stops as stalled after this many events at one instant (see Simulation::stalled).
    std::uint64_t maxEventsPerInstant = 10'000'000;
};

// Why a run stopped before its end, if it did. Nothing fires after a halt, and every message
// stays accounted for.
enum class Halt {
    None,
    Stalled,         // more than maxEventsPerInstant events at one instant
    OutOfMessageIds, // 4,294,967,295 messages published: ids are 32-bit per run
};

// Bytes a run holds, by what holds them: what a memory budget names when it is exceeded.
struct MemoryUsage {
    std::size_t records = 0;   // records kept for views and exports (none with keepRecords off)
    std::size_t messages = 0;  // message state, kept messages included
    std::size_t queues = 0;    // queue copies and ready lists at the broker
    std::size_t events = 0;    // pending events (messages on the wire, timers)
    std::size_t consumers = 0; // deliveries waiting at consumers
    std::size_t total() const { return records + messages + queues + events + consumers; }
};

// One run of one scenario: clock, scheduler, random streams, broker, network and services.
// Single-threaded and self-contained (no globals): two Simulations in one process never
// influence each other. The caller owns the loop (step(), runUntil()).
class Simulation final : private DeliverySink {
public:
    explicit Simulation(const Scenario& scenario, SimulationOptions options = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // The single entry point for changes to a running simulation: scenario timelines and live
    // sessions both come through here, so a session is reproducible from its interventions.
    // Takes effect at `intervention.at`, which must not be before now(). Returns an error
    // message, or an empty string when the intervention was scheduled.
    std::string inject(const Intervention& intervention);

    // Fires the next pending event; false when there is none.
    bool step();
    // Fires every event at or before `end`, then sets the clock to `end`.
    void runUntil(SimTime end);
    // The same, pausing after `maxEvents` events: true when it reached `end`. A paused run
    // continues exactly as if it had not paused.
    bool runUntil(SimTime end, std::uint64_t maxEvents);
    // runUntil(the scenario's duration).
    void run() { runUntil(m_duration); }

    SimTime now() const { return m_now; }
    // True once a run stopped because time could not advance: more than
    // SimulationOptions::maxEventsPerInstant events at one instant (a zero-time requeue loop).
    // Nothing fires after that; every message stays accounted for.
    bool stalled() const { return m_halt == Halt::Stalled; }
    Halt halt() const { return m_halt; }
    std::uint64_t maxEventsPerInstant() const { return m_maxEventsPerInstant; }
    // When the last event fired (0 before the first).
    SimTime lastEventTime() const { return m_lastEventTime; }
    SimTime duration() const { return m_duration; }
    std::uint64_t seed() const { return m_seed; }
    bool idle() const { return m_scheduler.empty(); }
    // Time of the next pending event, or SimTime::max() when idle.
    SimTime nextEventTime() const;

    const RecordLog& log() const { return m_log; }
    // `sink` sees every record appended from now on (nullptr: none). Not owned; must outlive
    // the simulation or be removed first.
    void setRecordSink(RecordSink* sink) { m_log.setSink(sink); }
    // Copies that left the run unprocessed, by cause (semantics.md INV01, `no_loss`).
    const LossTally& losses() const { return m_losses; }
    std::uint64_t digest() const { return m_log.digest(); }
    std::uint64_t eventsProcessed() const { return m_eventsProcessed; }
    const EntityTable& entities() const { return m_entities; }
    const StringTable& strings() const { return m_strings; }
    // Event type names by Message::eventType (a table of their own, so that 65535 types fit
    // however many routing keys and bodies a run interns).
    const StringTable& eventTypes() const { return m_eventTypes; }
    const MessageStore& messages() const { return m_messages; }
    const std::vector<Intervention>& interventions() const { return m_interventions; }

    RunSummary summary() const;
    // The JSON body of a message published by `publisher`: its producer's template, an
    // injected body, or "{}" for events a consumer emitted.
    const std::string& bodyOf(const Message& message, EntityId publisher) const;
    // What the run holds now, by holder; cheap enough to call every few thousand events.
    MemoryUsage memoryUsage() const;
    // Bytes of per-message state held right now: messages, queue copies, consumer backlogs
    // and pending events, without container slack or fixed overhead.
    std::size_t liveMessageStateBytes() const;
    // Bytes held by per-message state (messages, queue copies, buffers, pending events).
    std::size_t inFlightStateBytes() const;

private:
    struct Producer {
        EntityId entity = 0;
        Connection toBroker;
        std::uint32_t target = 0; // broker target index
        std::uint32_t routingKey = 0;
        std::uint32_t body = 0;
        std::uint16_t eventType = 0;
        std::uint8_t schemaVersion = 1;
        Distribution gap;
        RandomStream rng;
        std::uint64_t remaining = 0;
    };

    struct Emit {
        std::uint32_t target = 0;
        std::uint32_t routingKey = 0;
        std::uint16_t eventType = 0;
        std::uint8_t schemaVersion = 1;
    };

    struct Delivery {
        DeliveryHandle handle = 0;
        MessageSlot message = 0;
        std::uint16_t attempt = 0;
    };

    struct Consumer {
        EntityId entity = 0;
        EntityId queueEntity = 0;
        std::uint32_t service = 0;
        std::uint32_t source = 0; // the broker's queue index, also into m_latency
        Connection inbound;       // deliveries from the broker
        Connection outbound;      // acks, nacks and emitted events to the broker
        Distribution processing;
        RandomStream rng;
        double failureProbability = 0;
        bool autoAck = false;
        bool rejectOnFailure = false;
        bool busy = false;
        Delivery current;
        RingBuffer<Delivery> backlog; // sent by the broker, not yet processed, in order
        std::uint32_t arrived = 0;    // how many of the backlog's first entries have arrived
        std::vector<Emit> emits;
        std::uint64_t processed = 0;
        std::uint64_t failed = 0;
    };

    void build(const Scenario& scenario);
    void deliver(ConsumerIndex consumer, DeliveryHandle handle, MessageSlot message,
                 std::uint16_t attempt) override;
    // Fires the next event; false when the stall guard stopped the run instead.
    bool fireNext();
    void dispatch(const Event& e);
    void onProducerTick(std::uint32_t producer);
    void onArriveAtConsumer(std::uint32_t consumer);
    void onProcessingDone(std::uint32_t consumer);
    void applyIntervention(std::uint32_t index);
    void settleAtBroker(std::uint32_t consumer, DeliveryHandle handle, bool failed);
    void startNext(Consumer& c, std::uint32_t index);
    // A new message; `parent` is the message whose processing emitted it (nullptr for none).
    // nullopt once message ids are used up: the run then halts.
    std::optional<Message> newMessage(std::uint32_t routingKey, std::uint16_t eventType,
                                      std::uint8_t schemaVersion, const Message* parent);
    void record(RecordKind kind, const Message& m, EntityId entity, EntityId aux,
                std::uint16_t attempt = 0) {
        m_log.append(Record{m_now, m.id, entity, aux, kind, 0, attempt}, &m);
    }
    // Stores a new message and records its publication.
    MessageSlot addPublished(const Message& message, EntityId publisher, std::uint32_t target);
    void acceptAtBroker(MessageSlot slot, std::uint32_t target);
    // Publishes over `connection`: at the broker now, or when the network delivers it.
    void publish(const Message& message, EntityId publisher, Connection& connection,
                 std::uint32_t target);
    std::uint16_t internType(const std::string& name);

    std::uint64_t m_seed;
    SimTime m_duration;
    SimTime m_now;
    SimTime m_lastEventTime;
    std::string m_scenarioName;
    Scheduler m_scheduler;
    RecordLog m_log;
    EntityTable m_entities;
    StringTable m_strings;
    StringTable m_eventTypes;
    MessageStore m_messages;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<BrokerModel> m_broker;
    std::vector<std::string> m_serviceNames;
    std::vector<Producer> m_producers;
    std::vector<Consumer> m_consumers;
    std::vector<LatencyHistogram> m_latency; // by the broker's queue index
    LossTally m_losses;
    std::vector<Intervention> m_interventions;
    std::uint32_t m_nextMessageId = 0;
    std::uint64_t m_eventsProcessed = 0;
    std::uint64_t m_arrivedAtBroker = 0;
    std::uint64_t m_eventsThisInstant = 0;
    std::uint64_t m_maxEventsPerInstant = 10'000'000;
    Halt m_halt = Halt::None;
    std::uint32_t m_emptyBody = 0;
    std::map<EntityId, std::uint32_t> m_producerBodies;      // producer entity -> body
    std::map<std::uint32_t, std::uint32_t> m_injectedBodies; // message id -> body
};

} // namespace evsim
