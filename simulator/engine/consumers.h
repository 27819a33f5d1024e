#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/engine/consumer_handler.h"
#include "simulator/engine/engine_core.h"
#include "simulator/engine/held_deliveries.h"
#include "simulator/engine/idempotency_store.h"
#include "simulator/engine/poison_rules.h"
#include "simulator/engine/processed_events.h"
#include "simulator/engine/publishers.h"
#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/network/network.h"
#include "simulator/observe/latency_histogram.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evsim {

// Every consumer of a run: deliveries arrive over the network, are processed one at a time
// in the order they came, and are acked, nacked or retried as the consumer's spec says
// (requeue or reject; delayed retries and giving up; idempotency by event id; poison rules).
// It is the broker's DeliverySink. consumers.cpp holds a delivery's path; consumers_publishing.cpp
// what consumers publish; consumers_faults.cpp what closes, crashes and pauses do to them.
class Consumers final : public DeliverySink {
public:
    Consumers(EngineCore& core, Publishers& publishers)
        : m_core(core), m_publishers(publishers), m_poison(core.eventTypes, core.strings) {}

    // The consumers of one instance, from its service's spec; each attaches to its queue.
    void reserve(std::size_t count) { m_consumers.reserve(count); }
    void add(const ServiceSpec& service, ServiceInstance& instance,
             const std::string& instanceName);

    void deliver(const Delivery& delivery) override;
    void sessionClosedByBroker(ConsumerIndex consumer) override;
    void redeliveringProcessed() override { trackRepeats(); }
    void publishDecided(std::uint32_t ticket, bool written) override;

    // Events name a delivery by its consumer and its sequence number there.
    void onArrive(std::uint32_t consumer, std::uint32_t sequence);
    void onProcessingDone(std::uint32_t consumer, std::uint32_t epoch);
    void onSettle(std::uint32_t consumer, std::uint32_t sequence, bool nack);
    // A batched ack (basic.ack multiple=true) reached the broker: it settles every delivery of
    // the batch, up to the one numbered `last`.
    void onBatchAck(std::uint32_t consumer, std::uint32_t last);

    // The instance's channels close (the broker requeues what they had not acked). Call it
    // before the instance's connection epoch moves on, so nothing is sent to it after.
    void closeSessions(const ServiceInstance& instance, ChannelCloseCause cause);
    // What the instance's consumers held for the old connection is dropped, auto-ack
    // deliveries counted as lost for `reason`; after a crash (`reason` InstanceCrash), also
    // what they were processing and their in-memory idempotency stores.
    void dropHeld(ServiceInstance& instance, DropReason reason);
    // Connected again (after a reconnect or a restart): channels open.
    void reconnected(ServiceInstance& instance);
    // The instance's consumers of the broker's queue `queue` (of every queue when nullopt)
    // stop taking deliveries (basic.cancel) or take them again (basic.consume); what they
    // hold they process and settle as before. Returns the entities of those whose state
    // changed.
    std::vector<EntityId> setConsuming(const ServiceInstance& instance,
                                       std::optional<std::uint32_t> queue, bool consuming);
    // A consumer with a later "start_at": at 0 its waiting is recorded (kAnnounceWaiting),
    // at its start it subscribes (kStartNow).
    static constexpr std::uint32_t kAnnounceWaiting = 0;
    static constexpr std::uint32_t kStartNow = 1;
    void onStartConsuming(std::uint32_t consumer, std::uint32_t step);
    // Whether one of the instance's consumers takes from the broker's queue `queue`.
    bool consumesFrom(const ServiceInstance& instance, std::uint32_t queue) const;
    // Running again after a pause or a hang: processing goes on.
    void resumed(ServiceInstance& instance);
    // From now on, messages matching `rule` fail at `service`'s consumers
    // (PoisonRules::kEveryService: all).
    void addPoison(std::uint32_t service, const PoisonRule& rule);
    // `service`'s consumers (every instance) are decided by `handler` from now on, or by the
    // scenario's model again when it is nullptr. False when the service consumes nothing.
    bool setHandler(std::uint32_t service, ConsumerHandler* handler);

    // From now on, count events a (service, queue) pair processes again. Until something can
    // bring an event back to a pair, no processing can be a repeat and none is remembered: a
    // run without faults, retries or dead-lettering keeps no per-event state. What can bring
    // one back, and so must call this first: an intervention (a fault, a restart), a publisher
    // that re-sends, a consumer that republishes, a broker that moves copies between sources,
    // a session that closes. The processings whose acks are still on their way when it is
    // called are remembered then: theirs are the only copies that can come back.
    void trackRepeats();
    // Keep every processing anyway and check, while repeats are not tracked, that none is
    // one (the dense invariant checks: a missing trackRepeats() call fails where it matters).
    void checkUntrackedRepeats() { m_checkUntracked = true; }

    // Per (service, queue), in the order consumers were built.
    std::vector<ConsumerStats> stats(const std::vector<std::string>& serviceNames) const;
    // End-to-end latency per queue (the broker's queue index).
    const LatencyHistogram& latency(std::uint32_t queue) const { return m_latency[queue]; }
    void resizeLatency(std::size_t queues) { m_latency.resize(queues); }
    // Also keep latency per metrics interval (for samples and latency alerts).
    void trackWindows() { m_window.resize(m_latency.size()); }
    // Latency of what was processed since the last resetWindows(), by queue.
    const LatencyHistogram& window(std::uint32_t queue) const { return m_window[queue]; }
    void resetWindows() {
        for (LatencyHistogram& h : m_window) {
            h = LatencyHistogram();
        }
    }
    std::size_t memoryBytes() const;
    std::size_t backlogBytes() const;
    // Deliveries held by consumers, from the broker's send until their settling.
    std::size_t heldDeliveries() const;

    // For Simulation::checkInvariants. The link a consumer's event crosses: deliveries come
    // in, acks and nacks go out.
    LinkIndex inboundLink(std::uint32_t consumer) const {
        return m_consumers[consumer].inbound.link;
    }
    LinkIndex outboundLink(std::uint32_t consumer) const {
        return m_consumers[consumer].outbound.link;
    }
    // Whether a pending arrival event names a delivery still on its way (not void since).
    bool onItsWay(std::uint32_t consumer, std::uint32_t sequence) const {
        const HeldDelivery* d = m_consumers[consumer].held.find(sequence);
        return d != nullptr && d->state == HeldDelivery::State::OnTheWay;
    }
    std::size_t count() const { return m_consumers.size(); }
    // Each consumer's counts against its held deliveries, and its deliveries on the way
    // against `arrivals` (pending arrival events of deliveries on their way, by consumer);
    // adds the message references its deliveries hold to `references`.
    void checkInvariants(const InvariantCheck& check, std::vector<std::uint32_t>& references,
                         const std::vector<std::uint32_t>& arrivals) const;

private:
    struct Emit {
        TargetIndex target;
        std::uint32_t routingKey = 0;
        std::uint16_t eventType = 0;
        std::uint8_t schemaVersion = 1;
    };

    // What the consumer's code reads of one event type (ConsumerSpec::reads).
    struct Read {
        std::uint16_t eventType = 0;
        std::uint8_t version = 1; // the version its spec builds it with
        std::uint32_t rule = 0;   // SchemaCatalog::addRead's number
    };

    struct Route {
        std::optional<TargetIndex> exchange; // none: no retry or give-up exchange
        std::uint32_t routingKey = 0;
        bool keepsKey = false; // a log's retry topic: the record keeps its own key
    };

    // What only failures, emits and poison rules read, kept apart from the consumers and
    // shared by all that have none (most): index 0 is the empty policy.
    struct Policy {
        std::vector<Emit> emits;
        std::vector<PoisonRule> poison;
        std::vector<Read> reads;
        std::optional<RetrySpec> retry;
        Route retryVia;
        std::vector<Route> laterVia; // a log's retry topics for the second retry on
        Route giveUp;
        // Emits and the offset commit in one transaction, open at most this long (KAFKA09).
        std::optional<SimTime> transactionTimeout;
    };

    // Ordered by use: what every delivery touches comes first and fills a few cache lines;
    // what only handlers, stores and summaries read comes after.
    struct Consumer {
        EntityId entity = 0;
        EntityId queueEntity = 0;
        std::uint32_t service = 0;
        std::uint32_t instance = 0;
        std::uint32_t queue = 0;                // the broker's queue index, also into m_latency
        std::uint32_t current = 0;              // the delivery being processed (its sequence)
        std::uint32_t arrived = 0;              // how many held deliveries wait, arrived
        std::uint32_t idempotency = UINT32_MAX; // index into m_stores
        std::uint32_t processedSet = 0;         // its (service, queue) pair in m_processed
        std::uint32_t policy = 0;               // index into m_policies
        bool autoAck = false;
        bool rejectOnFailure = false;
        bool busy = false;
        bool stuck = false;            // its processing finished while hung: it completes on resume
        bool durableStore = false;     // its idempotency store is the service's shared one
        bool cancelled = false;        // basic.cancel: the broker sends it nothing new
        std::uint16_t ackEvery = 1;    // processed messages one ack settles (AMQP21)
        std::uint16_t batched = 0;     // processed, their ack not sent yet
        std::uint32_t lastBatched = 0; // the latest of them (its sequence)
        ConsumerHandler* handler = nullptr; // application code in place of the model
        double failureProbability = 0;
        std::uint64_t processed = 0;
        HeldDeliveries held; // sent by the broker and not yet settled, in the order sent
        Connection inbound;  // deliveries from the broker
        Connection outbound; // acks, nacks and emitted events to the broker
        Distribution processing;
        RandomStream rng;

        std::uint64_t failed = 0;
        std::uint64_t schemaMismatches = 0;
        std::uint64_t deduplicated = 0;
        std::uint64_t duplicatesProcessed = 0;
    };

    // The number of the (service, queue) pair in m_processed.
    std::uint32_t processedSetOf(std::uint32_t service, std::uint32_t queue);
    void startNext(std::uint32_t consumer);
    // Processing of the consumer's current delivery ends: decide how it went, act on it, settle
    // it with the broker and start the next.
    void complete(std::uint32_t consumer);

    // How one processing attempt went, and what the broker is to be told of it.
    enum class Attempt : std::uint8_t { Processed, Failed, AlreadyProcessed };
    struct Reply {
        bool nack = false;
        bool requeue = false;
    };
    // Decides the attempt (the handler's verdict, the idempotency store, whether it can read
    // the event, poison rules, the failure probability) and records it; `verdict` is the
    // handler's, Ack without one.
    Attempt decide(Consumer& c, const Message& consumed, std::uint16_t attempt,
                   HandlerVerdict& verdict);
    // A failed attempt: lost under auto-ack, retried, given up or nacked, by the policy.
    Reply onFailure(Consumer& c, const Message& consumed, std::uint16_t attempt,
                    std::uint16_t deaths, HandlerVerdict verdict);
    // A processed message: counted, remembered, measured, and what it causes published.
    void onSuccess(Consumer& c, const Message& consumed, std::uint16_t attempt);
    // A transaction for what `c` emits for the delivery it processed (its current) and for
    // that delivery's offset commit (KAFKA09).
    std::uint32_t beginTransaction(Consumer& c);
    // Sends the consumer's ack or nack for a held delivery back to the broker.
    void settle(std::uint32_t consumer, std::uint32_t sequence, bool nack, bool requeue);
    // Sends one ack for every processed delivery whose ack waits (basic.ack multiple=true).
    void sendBatchAck(std::uint32_t consumer);
    // Publishes a new event caused by processing delivery `attempt` of `consumed`; false once
    // message ids ran out.
    bool emit(Consumer& c, const Message& consumed, std::uint16_t attempt, const Emit& e,
              std::uint32_t body, std::uint32_t bodyBytes, std::uint32_t transaction = 0);
    // Whether the consumer's code, at its instance's schema version, cannot read `m`.
    bool mismatched(const Consumer& c, const Message& m) const;
    HandlerVerdict askHandler(const Consumer& c, const Message& consumed, std::uint16_t attempt);
    // Sends what the handler published during its last call.
    void publishHandled(Consumer& c, const Message& consumed, std::uint16_t attempt);
    // Publishes a copy of `m` (same event), whose delivery `attempt` failed, from the consumer
    // to `route`.
    void republish(Consumer& c, const Message& m, std::uint16_t attempt, const Route& route,
                   std::uint32_t expirationMs);
    // Frees what a consumer was sent and had not started (its backlog) when its connection or
    // channel is gone; auto-ack deliveries in it are lost for `autoAckLoss` (None: not counted).
    void dropBacklog(Consumer& c, DropReason autoAckLoss);

    EngineCore& m_core;
    Publishers& m_publishers;
    std::vector<Consumer> m_consumers;
    std::vector<Policy> m_policies = std::vector<Policy>(1);
    std::vector<LatencyHistogram> m_latency; // by queue
    std::vector<LatencyHistogram> m_window;  // by queue, when metrics are sampled
    std::vector<IdempotencyStore> m_stores;
    std::map<std::uint32_t, std::uint32_t> m_durableStores; // service -> store, shared
    PoisonRules m_poison;
    // Events processed, a bit per event id, per (service, queue): an event processed twice by
    // one service from one queue had its side effects applied twice. Kept only once repeats
    // are possible (trackRepeats), or when checked.
    ProcessedEvents m_processed;
    bool m_trackRepeats = false;
    bool m_checkUntracked = false;
    // Numbers the (service, queue) pairs as consumers are added (processedSetOf).
    std::uint32_t m_nextProcessedSet = 0;
    std::uint32_t m_pairsService = UINT32_MAX;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_servicePairs; // (queue, set)
    std::uint32_t m_emptyBody = UINT32_MAX;
    std::vector<HandlerPublish> m_handlerPublishes; // reused by every handler call
};

} // namespace evsim
