#pragma once

#include "simulator/engine/engine_core.h"
#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/network/network.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// Every producer of a run, and the publish path they share with consumers' emits and with
// hand-published messages: over the network to the broker, and back as a confirm (AMQP16).
// A producer that uses confirms keeps each event pending until the broker confirms it; on a
// timeout or a nack it publishes the same event again (same event id, a new message) after
// its back-off, and gives up after its retries.
class Publishers {
public:
    explicit Publishers(EngineCore& core) : m_core(core) {}

    // The producers of one instance, from its service's spec.
    void reserve(std::size_t count) { m_producers.reserve(count); }
    void add(const ServiceSpec& service, ServiceInstance& instance,
             const std::string& instanceName);
    // Schedules every producer's first publish.
    void start();

    void onTick(std::uint32_t producer, std::uint32_t epoch);
    void onArrive(FlightIndex flight);
    // A confirm, a basic.return or a channel close reached its publisher.
    void onConfirm(FlightIndex flight);
    void onConfirmTimeout(std::uint32_t producer, std::uint32_t pending);
    void onRetry(std::uint32_t producer, std::uint32_t pending);
    // The broker decided a publish it deferred (PublishOutcome::deferred): the confirm goes.
    void publishDecided(std::uint32_t ticket, bool written);

    // Sends a stored message (its Published record already made) from `instance` over
    // `connection` to `exchange`. `producer` and `pending` name the publisher waiting for a
    // confirm (Flight::kNone for none).
    void send(MessageSlot slot, TargetIndex exchange, Connection& connection,
              std::uint32_t instance, std::uint32_t producer = Flight::kNone,
              std::uint32_t pending = Flight::kNone);

    // Intervention `intervention` deleted the target (AMQP20): what its 404s lose is counted
    // against it until the target is declared again.
    void targetDeleted(TargetIndex target, std::uint32_t intervention);
    void targetDeclared(TargetIndex target) { m_deletedBy.erase(target.value()); }
    // The intervention (1-based) whose deletion of `target` is in force; 0 when it exists.
    std::uint32_t deletionOf(TargetIndex target) const;
    // The broker refused a publish of message `messageId` by `publisher` to `target`, which does
    // not exist (PublishOutcome::noTarget): the channel error is recorded and, unless the
    // publisher `confirms` (and so publishes it again), the message counted lost.
    void notFound(EntityId publisher, TargetIndex target, std::uint32_t messageId, bool confirms);

    // The instance crashed: unconfirmed events die with it, publishing stops.
    void crashed(const ServiceInstance& instance);
    // The instance runs (and is connected) again: publishing goes on where it waited.
    void resumed(const ServiceInstance& instance);
    // A rolling deploy moved the instance to another schema version: its producers of event
    // types that declare it write that version (and its sample body, when theirs is one).
    void deployed(const ServiceInstance& instance);

    // The service instance a flight comes from or goes to, and the link it crosses (its
    // service's to the broker for a publish, from the broker for the rest).
    std::uint32_t instanceOf(const Flight& f) const;
    LinkIndex linkOf(const Flight& f) const;

    std::size_t size() const { return m_producers.size(); }
    // Whether a producer publishes an event again when its confirm does not come (a message
    // that arrived all the same then reaches its consumers twice).
    bool resends() const { return m_resends; }
    // A new transaction's number (KAFKA09): producers' and consumers' share one sequence.
    std::uint32_t newTransaction() { return ++m_lastTransaction; }
    std::size_t memoryBytes() const;
    // Per service that produces, in service order; `serviceNames` by service index. What each
    // heard back: basic.returns, 404s, events given up.
    std::vector<ProducerStats> stats(const std::vector<std::string>& serviceNames) const;

private:
    struct Pending {
        std::uint32_t eventId = 0;
        std::uint32_t attempts = 0; // publishes of this event so far
        std::uint32_t lastMessage = 0;
        std::uint32_t key = 0;   // its routing key, the same in every attempt
        std::uint32_t cause = 0; // intervention (1-based) that lost the last attempt
        SimTime deadline;        // when the confirm timeout fires
        bool active = false;
        bool arrived = false;          // some attempt reached the broker
        bool waiting = false;          // a retry is due while the instance cannot publish
        std::uint32_t transaction = 0; // the producer's transaction it is part of (KAFKA09)
    };

    // Ordered by use: each publish reads the fields up to toBroker; confirms come after.
    struct Producer {
        EntityId entity = 0;
        std::uint32_t instance = 0;
        TargetIndex exchange;
        std::uint32_t routingKey = 0;
        // Keys it cycles through (a partitioned log's "keys"): m_keys[firstKey, +keyCount).
        std::uint32_t firstKey = 0;
        std::uint32_t keyCount = 0;
        std::uint32_t nextKey = 0;
        std::uint32_t body = 0;
        std::uint32_t headers = 0;
        std::uint32_t bodyBytes = 0;
        std::uint32_t expirationMs = Message::kNoExpiration;
        std::uint16_t eventType = 0;
        std::uint8_t schemaVersion = 1;
        bool bodyFromSchema = false; // its body is its version's sample (ProducerSpec)
        bool persistent = false;
        bool idempotent = false; // a log's producer with enable.idempotence (KAFKA08)
        bool leaderAck = false;  // a log's producer with acks=1 (KAFKA12)
        bool mandatory = false;
        bool waiting = false; // a publish is due while the instance cannot publish
        // The channel it publishes on; a 404 closes it, and the publisher opens the next.
        std::uint8_t channel = 0;
        // The broker's side: it closed channel `closedChannel` of connection `closedEpoch` and
        // discards what arrives on it (a new connection has new channels); kNone: none closed.
        std::uint8_t closedChannel = 0;
        std::uint32_t closedEpoch = Flight::kNone;
        std::uint32_t confirms = Flight::kNone; // its entry in m_confirms; kNone: no confirms
        // Its entry in m_transactions; kNone: it writes outside transactions.
        std::uint32_t transactions = Flight::kNone;
        std::uint64_t remaining = 0;
        Distribution gap;
        RandomStream rng;
        Connection toBroker;

        SimTime start;
        Connection fromBroker;      // confirms, returns and channel closes
        std::uint64_t returned = 0; // basic.returns heard
        std::uint64_t notFound = 0; // 404s that closed its channel
        std::uint64_t gaveUp = 0;   // events given up
    };

    // What a producer with publisher confirms keeps besides (most producers have none, and a
    // system of thousands of them should not carry the room for it).
    struct Confirms {
        ConfirmSpec spec;
        std::vector<Pending> pending; // by the number a confirm timeout or retry carries
        std::vector<std::uint32_t> freePending;
    };
    Confirms& confirmsOf(const Producer& p) { return m_confirms[p.confirms]; }

    // What a transactional producer keeps besides (KAFKA09). Its records go in runs of
    // spec.records; a run is committed once each of its records is acknowledged (or aborted),
    // and only then does the next begin, as commitTransaction() blocks a Kafka producer.
    struct Transactions {
        struct Event {
            std::uint32_t eventId = 0;
            std::uint32_t key = 0;
            std::uint32_t message = 0; // its last message
        };
        TransactionSpec spec;
        std::uint32_t current = 0;   // the open transaction's number; 0: none open
        std::uint32_t sent = 0;      // records sent in it
        std::uint32_t settled = 0;   // of those, acknowledged or given up
        std::uint32_t begun = 0;     // transactions begun: every spec.abortEvery-th aborts
        std::uint64_t committed = 0; // transactions it committed
        std::uint64_t aborted = 0;   // and aborted
        bool gaveUp = false;         // a record of it was given up on: it aborts
        bool tickPending = false;    // its next publish is scheduled
        // Left open by a crash: the restarted producer aborts it (initTransactions fences it).
        std::uint32_t leftOpen = 0;
        std::vector<Event> events; // sent in the open transaction, in order
        std::vector<Event> resend; // of an aborted one, to send again, in order
        std::size_t resent = 0;    // of `resend`, sent again so far
    };
    Transactions& transactionsOf(const Producer& p) { return m_transactions[p.transactions]; }
    // Pending publish `pending` of producer `producer`, which confirms.
    Pending& pendingOf(std::uint32_t producer, std::uint32_t pending) {
        return confirmsOf(m_producers[producer]).pending[pending];
    }

    void publish(std::uint32_t producer);
    // publishers_transactions.cpp (KAFKA09).
    // Whether the producer may send a record now: false while its transaction waits to commit
    // (the publish is due again when it has).
    bool transactionHasRoom(std::uint32_t producer);
    // Puts the producer's next message `m` into its open transaction (Transactions::current),
    // beginning one if none is open; an event of an aborted transaction is sent again first
    // (its id and key into `m`). Returns whether `m` is such a repeat.
    bool joinTransaction(std::uint32_t producer, Message& m);
    // A record of the producer's transaction was acknowledged, or given up on: the
    // transaction ends once every record it sent is settled and it sends no more.
    void transactionRecordSettled(std::uint32_t producer, std::uint32_t transaction, bool gaveUp);
    void endTransactionIfDone(std::uint32_t producer);
    // More to publish: new events, or an aborted transaction's to send again.
    bool hasMoreToSend(const Producer& p) const;
    // The instance crashed: its open transaction stays open at the broker until the restarted
    // producer aborts it (or it times out); what it was to send again is lost.
    void transactionCrashed(Producer& p);
    void transactionResumed(Producer& p);
    void publishAttempt(std::uint32_t producer, std::uint32_t pending);
    void retryOrGiveUp(std::uint32_t producer, std::uint32_t pending);
    // The producer stops trying: the event is lost unless an attempt arrived.
    void giveUp(std::uint32_t producer, std::uint32_t pending);
    // A publish reached the broker on a channel the broker had closed (AMQP20): discarded.
    void discardOnClosedChannel(const Flight& f);
    // The publisher hears that the broker closed its channel: it opens a new one, and publishes
    // again every event still waiting for a confirm, as a nack would have it.
    void channelClosed(std::uint32_t producer, std::uint8_t channel);
    // Sends a confirm, a return or a channel close about `publish` back to its publisher;
    // `answer` as in Flight; it leaves the broker `delay` from now.
    void sendBack(const Flight& publish, Flight::Kind kind, std::uint8_t answer,
                  SimTime delay = SimTime::zero());
    // An attempt of `publish`'s pending event reached the broker and was `written` there.
    void noteArrived(const Flight& publish, std::uint32_t eventId, bool written);
    // A new message of the producer's template: key, type, body, headers, expiration, persistence.
    static void fillFromTemplate(const Producer& p, Message& m);
    std::uint32_t newPending(Producer& p, std::uint32_t eventId);
    void settlePending(Producer& p, std::uint32_t pending);

    EngineCore& m_core;
    std::vector<Producer> m_producers;
    std::vector<Confirms> m_confirms;
    // Publishes the broker has not answered yet, by its ticket - 1 (PublishOutcome::deferred):
    // the confirm each is owed.
    std::vector<Flight> m_deferred;
    std::vector<Transactions> m_transactions;
    std::uint32_t m_lastTransaction = 0; // numbered run-wide, a consumer's too
    // The interned keys of every producer spec with "keys", each spec's once for all the
    // instances that run it (found by the spec, never iterated).
    std::vector<std::uint32_t> m_keys;
    std::map<const ProducerSpec*, std::uint32_t> m_keysOf;
    bool m_resends = false;
    // Whether the broker ever closed a producer's channel: until then no publish arrival needs
    // to look for one.
    bool m_anyChannelClosed = false;
    // Deleted targets and the intervention (1-based) that deleted each: rarely more than one.
    std::map<std::uint32_t, std::uint32_t> m_deletedBy;
};

} // namespace evsim
