#pragma once

#include "simulator/kernel/distribution.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace evsim {

// Every change to a running simulation, from a scenario's timeline or a live session (the
// desktop app), is an Intervention: something that happens at a virtual time. Both go through
// Simulation::inject, so a session is reproducible from its interventions.

// One instance of a service ("billing" #1), or every instance of it.
struct InstanceTarget {
    std::string service;
    std::optional<std::uint32_t> instance; // absent: every instance
};

// Publish one message by hand, as if `service` had sent it (a poison message, a replay).
struct PublishMessage {
    std::string service; // shown as the CloudEvents source; need not exist in the scenario
    std::string exchange;
    std::string routingKey;
    std::string eventType;
    int schemaVersion = 1;
    std::string body = "{}";
    std::string headers = "{}";
    bool persistent = false;
    std::optional<SimTime> expiration;
};

// The instance stops: its in-memory state is lost, its channels close (the broker requeues
// what it had not acked, AMQP14). It comes back after `restartAfter`, or on a Restart.
struct Crash {
    InstanceTarget target;
    std::optional<SimTime> restartAfter;
};

// A crashed or hung instance starts again (and reconnects).
struct Restart {
    InstanceTarget target;
};

// Processing takes `factor` times as long, for `duration`.
struct SlowDown {
    InstanceTarget target;
    double factor = 2;
    SimTime duration;
};

// Stop-the-world pause (a long GC, a frozen VM): nothing runs for `duration`, then the
// instance goes on where it was; what arrived meanwhile waits.
struct Pause {
    InstanceTarget target;
    SimTime duration;
};

// The instance keeps taking deliveries but never finishes or acks one, holding its prefetch,
// for `duration` or until restarted.
struct Hang {
    InstanceTarget target;
    std::optional<SimTime> duration;
};

// Each processing attempt fails with `probability` for `duration`.
struct ErrorBurst {
    InstanceTarget target;
    double probability = 1;
    SimTime duration;
};

// From now on, processing of messages matching `rule` always fails at `service`'s consumers
// ("" for every consumer).
struct Poison {
    std::string service;
    PoisonRule rule;
};

// The broker restarts: down for `downtime`, then up with its durable queues and their
// persistent messages; transient messages and non-durable queues are lost (AMQP17). Clients
// reconnect with their back-off.
struct BrokerRestart {
    SimTime downtime = SimTime::fromSeconds(5);
};

// One broker of a partitioned-log cluster stops (KAFKA12): the partitions it leads take no
// writes and serve no reads; the controller notices after broker_session_timeout, takes it out
// of every in-sync replica set and elects new leaders, and what it wrote that no follower had
// copied is gone. It comes back after `duration` (or never) and catches up as a follower.
struct BrokerDown {
    std::uint32_t broker = 1; // numbered from 1, as Kafka's broker.id usually is
    std::optional<SimTime> duration;
};

// One broker of a cluster answers every request `latency` late, for `duration` (a full disk, a
// long GC): what it leads is acknowledged and readable later, and what it follows holds back
// the acks=all writes that wait for it.
struct SlowBroker {
    std::uint32_t broker = 1;
    SimTime latency;
    SimTime duration;
};

// Every ready message of the queue is removed (unacked deliveries stay).
struct PurgeQueue {
    std::string queue;
};

// A consumer group's offsets move (KAFKA07), as `kafka-consumer-groups --reset-offsets` moves
// them, here while its members run (each seeks, as KafkaConsumer.seek does): what a member
// fetched and has not processed is dropped, and it reads on from the new offset. Back: the
// records from there on are read again. Forward: those passed are never read (dropped, reason
// skipped). An offset out of the log's range is taken to its nearest end.
struct Seek {
    enum class To : std::uint8_t {
        Earliest, // the log's start (what retention left)
        Latest,   // its end (a read_committed group's last stable offset)
        Offset,   // `offset`
        Time,     // the first record appended at `time` or later; the end when none was
    };
    std::string group;
    To to = To::Earliest;
    std::uint64_t offset = 0;
    SimTime time;
    std::optional<std::uint32_t> partition; // every partition of the group's topic when none
};

enum class LinkDirection { ToBroker, FromBroker, Both };

// Conditions on the link between an instance (or every instance of a service) and the broker,
// in one direction or both, for `duration` or until a Heal. A message crossing the link:
// takes `latency` (when set) instead of the link's own, plus up to `jitter`; is lost with
// probability `loss` (always while partitioned); is delivered twice with probability
// `duplicate`; may overtake earlier messages with probability `reorder`.
struct LinkFault {
    InstanceTarget target;
    LinkDirection direction = LinkDirection::Both;
    std::optional<Distribution> latency;
    SimTime jitter;
    double loss = 0;
    double duplicate = 0;
    double reorder = 0;
    bool partition = false;
    std::optional<SimTime> duration;
};

// The link goes back to its declared conditions.
struct Heal {
    InstanceTarget target;
    LinkDirection direction = LinkDirection::Both;
};

// What an intervention does to one message on its next hop.
enum class MessageFaultKind : std::uint8_t {
    Drop = 1,          // the hop loses it
    Duplicate = 2,     // the hop delivers it twice
    Delay = 3,         // it arrives `delay` late; later messages on its connection overtake it
    CrashReceiver = 4, // the consumer instance it is next delivered to crashes as it arrives
};

// One message singled out, from `at` on, on its next hop over the network: a publish to the
// broker or a delivery to a consumer (a crash waits for a delivery). It acts once; a message
// that takes no further hop is never touched. A lost hop means what a link's loss means: a
// lost delivery stays unacked at the broker until its channel closes (semantics.md FLT01).
struct MessageFault {
    std::uint32_t message = 0; // its id, as in "msg-1234"
    MessageFaultKind kind = MessageFaultKind::Drop;
    SimTime delay;                       // Delay: how late (> 0)
    std::optional<SimTime> restartAfter; // CrashReceiver: when the instance comes back
};

// The instance's consumers of `queue` ("" every queue the service consumes) cancel their
// subscription (AMQP basic.cancel): the queue sends them nothing more, and what they hold
// unacknowledged stays theirs to process, ack or nack; what they requeue goes to the queue's
// other consumers. After `duration` they consume again (basic.consume); without one they stay
// cancelled, across reconnects and restarts, for the rest of the run.
struct Cancel {
    InstanceTarget target;
    std::string queue;
    std::optional<SimTime> duration;
};

// The exchange is deleted (AMQP20): a publish to it closes its publisher's channel with 404
// NOT_FOUND, its bindings and those leading to it are gone, and an exchange whose alternate it
// is finds none. After `duration` (or at a DeclareExchange) it is declared again, with the
// bindings the scenario gives it, as the application that owns the topology re-declares it.
struct DeleteExchange {
    std::string exchange;
    std::optional<SimTime> duration;
};

// A deleted exchange is declared again, with its bindings; nothing happens if it exists.
struct DeclareExchange {
    std::string exchange;
};

// A rolling update of a service (docs/schemas.md): its instances move to schema `version`
// one at a time, instance 0 at the entry's time and each next one `every` later, as a
// Kubernetes Deployment replaces its pods. From its move on, an instance writes the version
// for each event type it produces or emits that declares it, and reads with it each event
// type it reads that declares it; mixed versions meet in flight meanwhile.
struct RollingDeploy {
    std::string service;
    int version = 2;
    SimTime every = SimTime::fromSeconds(10);
};

using InterventionAction =
    std::variant<PublishMessage, Crash, Restart, SlowDown, Pause, Hang, ErrorBurst, Poison,
                 BrokerRestart, PurgeQueue, LinkFault, Heal, MessageFault, Cancel, DeleteExchange,
                 DeclareExchange, BrokerDown, SlowBroker, Seek, RollingDeploy>;

struct Intervention {
    Intervention() = default;
    Intervention(SimTime time, InterventionAction what, std::string label = {})
        : at(time), action(std::move(what)), name(std::move(label)) {}

    SimTime at;
    InterventionAction action;
    std::string name; // optional; expectations refer to it ("fired within 30s of billing-down")
};

// "crash", "link fault", … : what an action is called in messages and records.
std::string_view actionName(const InterventionAction& action);

// "drop", "duplicate", "delay", "crash_receiver": a message fault's kind as the format writes it.
std::string_view messageFaultName(MessageFaultKind kind);

// When the effect of an intervention ends: `at` plus its duration (or restart delay), or `at`
// for instant ones. For expectations such as "drained within 1m after billing-down".
SimTime effectEnd(const Intervention& intervention);

} // namespace evsim
