#pragma once

// Small failure scenarios built in code, and a way to read what happened in them: the fault
// tests run a whole Simulation (network, broker, clients, fault injector) and assert on its
// records, summary and losses.
#include "simulator/engine/simulation.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <vector>

namespace evsim::testkit {

inline SimTime ms(std::int64_t n) {
    return SimTime::fromMillis(n);
}

// A queue "work" with `workers` instances of the service "worker" consuming it; every hop
// takes `latency`. Nothing publishes yet: add a producer or publish by hand.
inline Scenario workScenario(std::uint32_t workers, SimTime processing, std::uint32_t prefetch,
                             SimTime latency = SimTime::zero()) {
    Scenario s;
    s.name = "faults";
    s.duration = SimTime::fromSeconds(10);
    s.broker.amqp.queues.push_back({"work"});
    ServiceSpec worker = service("worker", workers);
    worker.consumes.push_back(consumerOf("work", processing, prefetch));
    s.services.push_back(worker);
    s.network.latency = Distribution::constant(latency);
    return s;
}

// A producer of `count` "Ping" events to the queue `queue` (through the default exchange),
// one every `gap`, the first at `gap`.
inline ProducerSpec pinger(std::uint64_t count, SimTime gap, std::string queue = "work") {
    ProducerSpec p;
    p.eventType = "Ping";
    p.routingKey = std::move(queue);
    p.gap = Distribution::constant(gap);
    p.count = count;
    return p;
}

inline ConfirmSpec confirmsOf(SimTime timeout, std::uint32_t retries, SimTime initialBackoff) {
    ConfirmSpec c;
    c.timeout = timeout;
    c.retries = retries;
    c.backoff = Backoff{initialBackoff, 2, SimTime::fromSeconds(30)};
    return c;
}

// A hand-published message to the queue named `queue`, through the default exchange.
inline Intervention publishAt(SimTime at, std::string queue = "work", std::string type = "Ping") {
    return Intervention(at, publishTo("", std::move(queue), std::move(type)));
}

inline InstanceTarget instanceOf(std::string serviceName, std::uint32_t number) {
    return InstanceTarget{std::move(serviceName), number};
}

// What a run recorded, by kind and by who.
class Records {
public:
    explicit Records(const Simulation& sim) : m_sim(sim) {}

    // The entity of that kind and name; fails the test when there is none.
    EntityId id(EntityKind kind, std::string_view name) const {
        const EntityId id = m_sim.entities().find(kind, name);
        EXPECT_NE(id, kNoEntity) << "no entity " << name;
        return id;
    }
    EntityId consumer(std::string_view name) const { return id(EntityKind::Consumer, name); }
    EntityId instance(std::string_view name) const { return id(EntityKind::Instance, name); }
    EntityId queue(std::string_view name) const { return id(EntityKind::Queue, name); }
    EntityId link(std::string_view name) const { return id(EntityKind::Link, name); }
    EntityId producer(std::string_view name) const { return id(EntityKind::Producer, name); }

    // Records of `kind`, optionally only those whose entity (and aux) is the one given.
    std::vector<Record> of(RecordKind kind, EntityId entity = kNoEntity,
                           EntityId aux = kNoEntity) const {
        std::vector<Record> out;
        for (const Record& r : m_sim.log().records()) {
            if (r.kind == kind && (entity == kNoEntity || r.entity == entity) &&
                (aux == kNoEntity || r.aux == aux)) {
                out.push_back(r);
            }
        }
        return out;
    }
    // Records of `kind` about message `message`.
    std::vector<Record> about(RecordKind kind, std::uint32_t message) const {
        std::vector<Record> out;
        for (const Record& r : m_sim.log().records()) {
            if (r.kind == kind && r.message == message) {
                out.push_back(r);
            }
        }
        return out;
    }

    static std::vector<std::uint32_t> messages(const std::vector<Record>& records) {
        std::vector<std::uint32_t> out;
        for (const Record& r : records) {
            out.push_back(r.message);
        }
        return out;
    }
    static std::vector<SimTime> times(const std::vector<Record>& records) {
        std::vector<SimTime> out;
        for (const Record& r : records) {
            out.push_back(r.time);
        }
        return out;
    }
    static std::vector<Record> between(const std::vector<Record>& records, SimTime from,
                                       SimTime to) {
        std::vector<Record> out;
        for (const Record& r : records) {
            if (r.time >= from && r.time < to) {
                out.push_back(r);
            }
        }
        return out;
    }

    // The 1-based number of the intervention called `name` (0 when none is).
    std::uint32_t intervention(std::string_view name) const {
        const std::vector<Intervention>& all = m_sim.interventions();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (all[i].name == name) {
                return static_cast<std::uint32_t>(i + 1);
            }
        }
        ADD_FAILURE() << "no intervention " << name;
        return 0;
    }

    // The event a message carries.
    std::uint32_t eventOf(std::uint32_t message) const {
        const std::optional<Message> m = m_sim.messages().findById(message);
        EXPECT_TRUE(m.has_value()) << "message " << message << " not kept";
        return m ? m->eventId : 0;
    }

private:
    const Simulation& m_sim;
};

} // namespace evsim::testkit

namespace evsim::testkit {
// Every record, one a line, for a test that needs to show what happened.
inline std::string dump(const Simulation& sim) {
    std::string out;
    for (const Record& r : sim.log().records()) {
        out += formatDuration(r.time) + " " + std::string(recordKindName(r.kind)) + " m" +
               std::to_string(r.message) + " " + sim.entities()[r.entity].name + " / " +
               sim.entities()[r.aux].name + " d" + std::to_string(r.detail) + " a" +
               std::to_string(r.attempt) + "\n";
    }
    return out;
}
} // namespace evsim::testkit
