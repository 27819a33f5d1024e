#pragma once

#include "kernel/distribution.h"
#include "kernel/sim_time.h"
#include "scenario/intervention.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// The plain data a scenario file describes. Produced by loadScenario() (validated) or built
// in code by tests and benchmarks; the Simulation builds its runtime state from it.
// Names are unique within their kind; references (a binding's exchange, a consumer's queue)
// always name an entity that exists once the loader has accepted the file.

enum class ExchangeType { Direct, Fanout };

struct ExchangeSpec {
    std::string name;
    ExchangeType type = ExchangeType::Direct;
};

struct QueueSpec {
    std::string name;
};

// Routes messages from an exchange to a queue. `key` is ignored by fanout exchanges.
struct BindingSpec {
    std::string exchange;
    std::string queue;
    std::string key;
};

struct BrokerSpec {
    std::vector<ExchangeSpec> exchanges;
    std::vector<QueueSpec> queues;
    std::vector<BindingSpec> bindings;
};

// A stream of events one producer instance publishes. Each instance of the owning service
// runs its own copy. `exchange` "" is the AMQP default exchange (routes to the queue named
// by the routing key).
struct ProducerSpec {
    std::string eventType;
    int schemaVersion = 1;
    std::string exchange;
    std::string routingKey;
    Distribution gap;                   // time between publishes; a rate is a constant gap
    std::optional<std::uint64_t> count; // per instance; unlimited when absent
    SimTime start = SimTime::zero();    // first publish happens at start + one gap
    std::string body = "{}";            // JSON text of the event data
};

// An event a consumer publishes after it processed a message successfully; it is a child of
// the processing span (semantics.md TRACE02).
struct EmitSpec {
    std::string eventType;
    int schemaVersion = 1;
    std::string exchange;
    std::string routingKey;
};

enum class AckMode {
    Manual, // ack after processing (at-least-once)
    Auto,   // the broker forgets the message when it is delivered (at-most-once)
};

enum class FailureAction {
    Requeue, // basic.nack requeue=true: back to its original place in the queue
    Reject,  // basic.reject requeue=false: dead-lettered, or dropped when no DLX
};

struct ConsumerSpec {
    std::string queue;
    std::uint32_t prefetch = 0; // unacked deliveries per instance; 0 = unlimited
    Distribution processing;    // time to handle one message
    AckMode ack = AckMode::Manual;
    double failureProbability = 0; // chance a processing attempt fails
    FailureAction onFailure = FailureAction::Requeue;
    std::vector<EmitSpec> emits;
};

struct ServiceSpec {
    std::string name;
    std::uint32_t instances = 1;
    std::vector<ProducerSpec> produces;
    std::vector<ConsumerSpec> consumes;
};

// A one-way hop. `from`/`to` name a service or "broker".
struct LinkSpec {
    std::string from;
    std::string to;
    Distribution latency;
};

struct NetworkSpec {
    Distribution latency; // every hop without its own link; constant 0 by default
    std::vector<LinkSpec> links;
};

// An inclusive range; a missing bound is open. Durations are in nanoseconds.
struct Range {
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    bool contains(std::int64_t v) const { return (!min || v >= *min) && (!max || v <= *max); }
};

struct Expectation {
    enum class Kind {
        QueueCount,    // metric: published, delivered, acked, requeued, dropped
        ConsumerCount, // metric: processed, failed
        MaxDepth,      // the most ready + unacked messages a queue held at once
        Latency,       // end-to-end latency percentile of a queue, in ns
        // No message copy ended without being processed: none unroutable, rejected, dropped,
        // failed under auto-ack, expired or overflowed. Stricter than Accounted.
        NoLoss,
        // Every published message copy is accounted for at the end: acked, dropped by a named
        // cause, or still held (semantics.md INV01).
        Accounted,
    };
    Kind kind = Kind::NoLoss;
    std::string subject;   // queue or service name
    std::string metric;    // see Kind
    double percentile = 0; // Latency only, e.g. 99
    Range range;
    std::string jsonPath; // where it came from, e.g. "$.expect[2].acked"
};

struct Scenario {
    std::string sourceFile; // empty when built in code
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    SimTime duration = SimTime::fromSeconds(10);
    BrokerSpec broker;
    std::vector<ServiceSpec> services;
    NetworkSpec network;
    std::vector<Intervention> timeline; // hand-written interventions, same path as live ones
    std::vector<Expectation> expectations;
};

} // namespace evsim
