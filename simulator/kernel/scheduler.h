#pragma once

#include "simulator/kernel/sim_time.h"

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace evsim {

// What a pending event does when it fires: the simulation's vocabulary of events. The
// Simulation dispatches on it with a switch, so an event is a few plain words and scheduling
// one never allocates a closure. "flight" is an entry of the engine's in-flight table (a
// publish or a confirm on the wire); a delivery is named by its consumer and its sequence
// number among what that consumer holds.
enum class EventKind : std::uint8_t {
    ProducerTick,       // target: producer, payload: the producer's epoch
    ArriveAtBroker,     // payload: flight (a publish)
    ArriveAtConsumer,   // target: consumer, payload: its delivery's sequence number
    ProcessingDone,     // target: consumer, payload: the consumer's epoch
    AckAtBroker,        // target: consumer, payload: its delivery's sequence number
    NackAtBroker,       // as AckAtBroker
    ApplyIntervention,  // payload: intervention index
    BrokerTimer,        // target, payload: the broker's own
    ConfirmAtPublisher, // payload: flight (a confirm)
    ConfirmTimeout,     // target: producer, payload: pending publish
    RetryPublish,       // target: producer, payload: pending publish
    EndFault,           // payload: intervention index
    Reconnect,          // target: service instance, payload: its epoch
    MetricsSample,      // (no target)
    HeartbeatTimeout,   // target: service instance, payload: intervention index
    WatchDrain,         // target: queue: record when it next holds nothing
    CrashOnArrival,     // target: service instance, payload: intervention index (a message fault)
    StartConsuming,     // target: consumer (its "start_at"), payload: Consumers::kStartNow or not
    AckBatchAtBroker,   // target: consumer, payload: the last sequence number its ack covers
    DeployInstance,     // target: service instance, payload: intervention index (a rolling deploy)
};

struct Event {
    SimTime time;
    // sequence << 8 | kind. The sequence is unique, so two events never compare equal and the
    // kind bits never decide an order.
    std::uint64_t order;
    std::uint32_t target;
    std::uint32_t payload;

    EventKind kind() const { return static_cast<EventKind>(order & 0xff); }
    std::uint64_t sequence() const { return order >> 8; }
};

// Pending events, ordered by (time, insertion sequence).
// Contract: events with equal times fire in the order they were scheduled (FIFO), never by
// address or hash order. This is what makes a run reproducible. An event must not be
// scheduled before the time of the last event popped (a simulation never schedules into its
// past).
//
// That rule allows a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990) with one level per
// byte of the time: an event waits in the bucket named by the highest byte in which its time
// differs from the current time (its level) and by that byte's value. Scheduling appends to a
// bucket. When the events at the current time are used up, the lowest non-empty bucket is
// moved down, one sequential pass, its earliest time becoming the current time. An event
// moves down at most eight times in its life, usually two or three, so both costs stay near
// constant however many events are pending, and memory is touched in order: a system with
// tens of thousands of entities, each with events pending, runs nearly as fast as a small one.
class Scheduler {
public:
    Scheduler();

    void schedule(SimTime time, EventKind kind, std::uint32_t target, std::uint32_t payload) {
        const auto t = static_cast<std::uint64_t>(time.nanos());
        if (t < m_now) [[unlikely]] {
            assert(m_head == 0 && "an event is never scheduled into the past");
            rebase(t);
        }
        place(
            Event{time, (m_nextSequence++ << 8) | static_cast<std::uint8_t>(kind), target, payload},
            t);
        ++m_size;
    }

    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    std::size_t memoryBytes() const;

    // Earliest pending event; the scheduler must not be empty.
    const Event& top() {
        assert(m_size > 0);
        if (m_head == m_current.size()) {
            advance();
        }
        return m_current[m_head];
    }

    // The time of the earliest pending event, without reorganising anything; the scheduler
    // must not be empty.
    SimTime nextTime() const;

    Event pop() {
        const Event e = top();
        ++m_head;
        --m_size;
        return e;
    }

    // Calls fn(const Event&) for every pending event, in no particular order.
    // Reads only the buckets that hold events (invariant checks call it after every event).
    template <typename Fn> void forEachPending(Fn fn) const {
        for (std::size_t i = m_head; i < m_current.size(); ++i) {
            fn(m_current[i]);
        }
        for (std::uint32_t levels = m_levels; levels != 0; levels &= levels - 1) {
            const int level = std::countr_zero(levels);
            for (int word = 0; word < 4; ++word) {
                std::uint64_t bits = m_occupied[static_cast<std::size_t>(level * 4 + word)];
                for (; bits != 0; bits &= bits - 1) {
                    const auto index = static_cast<std::size_t>(level * kWidth + word * 64 +
                                                                std::countr_zero(bits));
                    for (const Event& e : m_buckets[index]) {
                        fn(e);
                    }
                }
            }
        }
    }

private:
    static constexpr int kLevels = 8;  // bytes of a 64-bit time
    static constexpr int kWidth = 256; // buckets per level: one per byte value

    // Puts an event where it belongs relative to the current time m_now.
    void place(const Event& e, std::uint64_t t) {
        const std::uint64_t differs = t ^ m_now;
        if (differs == 0) {
            m_current.push_back(e); // its sequence is the largest yet: the order stays sorted
            return;
        }
        const int level = (63 - std::countl_zero(differs)) / 8;
        const auto value = static_cast<int>((t >> (8 * level)) & 0xff);
        std::vector<Event>& bucket = m_buckets[static_cast<std::size_t>(level * kWidth + value)];
        if (bucket.size() == bucket.capacity()) [[unlikely]] {
            grow(bucket);
        }
        bucket.push_back(e);
        m_occupied[static_cast<std::size_t>(level * 4 + value / 64)] |= std::uint64_t{1}
                                                                        << (value % 64);
        m_levels |= 1u << level;
    }

    // A full bucket gets room: an empty one takes the storage a moved-down bucket gave up, if
    // any; otherwise it doubles.
    void grow(std::vector<Event>& bucket);
    // A bucket moved down is emptied, and gives up storage larger than kKeptEvents for the
    // next bucket to fill: otherwise every bucket a long run passes through would keep the
    // most it ever held, and the storage of the pending events would grow with the run's
    // length.
    void empty(std::vector<Event>& bucket) {
        bucket.clear();
        if (bucket.capacity() > kKeptEvents) [[unlikely]] {
            giveUp(bucket);
        }
    }
    void giveUp(std::vector<Event>& bucket);

    // The lowest non-empty bucket (level * kWidth + value); there must be one.
    std::size_t lowestBucket() const;
    // The events at the current time are used up: the lowest non-empty bucket moves down, its
    // earliest time becoming the current time.
    void advance();
    // top() moved the current time on to the earliest pending event, and an event comes that
    // is earlier still (an intervention injected between the last event and the next): every
    // pending event is placed again relative to `t`, the new current time. Rare (only a live
    // injection does it), so it may cost a pass over everything pending.
    void rebase(std::uint64_t t);

    std::vector<Event> m_current; // events at m_now, in sequence order, from m_head on
    std::size_t m_head = 0;
    std::array<std::vector<Event>, kLevels * kWidth> m_buckets;
    std::array<std::uint64_t, kLevels * 4> m_occupied{}; // a bit per non-empty bucket
    std::vector<std::vector<Event>> m_spare;             // storage given up, at most kSpares
    static constexpr std::size_t kKeptEvents = 1024;
    static constexpr std::size_t kSpares = 4;
    std::uint32_t m_levels = 0; // a bit per level with any
    std::uint64_t m_now = 0;
    std::size_t m_size = 0;
    std::uint64_t m_nextSequence = 0;
};

} // namespace evsim
