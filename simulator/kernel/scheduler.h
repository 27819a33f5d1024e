#pragma once

#include "kernel/ring_buffer.h"
#include "kernel/sim_time.h"

#include <cassert>
#include <cstdint>
#include <vector>

namespace evsim {

// What a pending event does when it fires; the Simulation dispatches on it with a switch,
// so an event is a few plain words and scheduling one never allocates a closure.
enum class EventKind : std::uint8_t {
    ProducerTick,      // target: producer index
    ArriveAtBroker,    // target: exchange index, payload: message slot
    ArriveAtConsumer,  // target: consumer index
    ProcessingDone,    // target: consumer index
    AckAtBroker,       // target: consumer index, payload: delivery handle
    NackAtBroker,      // target: consumer index, payload: delivery handle
    ApplyIntervention, // payload: intervention index
};

// A FIFO channel of events (one network connection). 0 is "no lane".
using LaneId = std::uint16_t;

struct Event {
    SimTime time;
    // sequence << 24 | lane << 8 | kind. The sequence is unique, so two events never compare
    // equal and the lane and kind bits never decide an order.
    std::uint64_t order;
    std::uint32_t target;
    std::uint32_t payload;

    EventKind kind() const { return static_cast<EventKind>(order & 0xff); }
    LaneId lane() const { return static_cast<LaneId>((order >> 8) & 0xffff); }
};

// Pending events, ordered by (time, insertion sequence).
// Contract: events with equal times fire in the order they were scheduled (FIFO), never by
// address or hash order. This is what makes a run reproducible.
//
// Events on a lane must be scheduled in non-decreasing time order (a connection delivers in
// order); only a lane's first event sits in the 4-ary heap, the rest wait in the lane's ring.
// That keeps the heap small without changing the order in which anything fires.
class Scheduler {
public:
    Scheduler();

    // A new FIFO lane, or 0 ("no lane") once 65535 exist: a lane only keeps the heap small, so
    // events without one fire in exactly the same order.
    LaneId addLane();

    void schedule(SimTime time, EventKind kind, std::uint32_t target, std::uint32_t payload) {
        push(Event{time, nextOrder(0, kind), target, payload});
    }

    // `time` must not be before the previous event scheduled on `lane`.
    void scheduleOnLane(LaneId lane, SimTime time, EventKind kind, std::uint32_t target,
                        std::uint32_t payload) {
        if (lane == 0) {
            schedule(time, kind, target, payload);
            return;
        }
        Lane& l = m_lanes[lane];
        assert(time >= l.lastTime && "events on a lane are scheduled in time order");
        l.lastTime = time;
        const Event e{time, nextOrder(lane, kind), target, payload};
        if (l.headInHeap) {
            l.waiting.pushBack(e);
        } else {
            l.headInHeap = true;
            push(e);
        }
    }

    bool empty() const { return m_heap.empty(); }
    std::size_t size() const;
    std::size_t memoryBytes() const;

    // Earliest pending event; the scheduler must not be empty.
    const Event& top() const {
        assert(!m_heap.empty());
        return m_heap.front();
    }

    Event pop();

    // Calls fn(const Event&) for every pending event, in no particular order.
    template <typename Fn> void forEachPending(Fn fn) const {
        for (const Event& e : m_heap) {
            fn(e);
        }
        for (const Lane& l : m_lanes) {
            for (std::size_t i = 0; i < l.waiting.size(); ++i) {
                fn(l.waiting[i]);
            }
        }
    }

private:
    static constexpr std::size_t kArity = 4;
    static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 40) - 1;

    struct Lane {
        RingBuffer<Event> waiting;
        SimTime lastTime;
        bool headInHeap = false;
    };

    std::uint64_t nextOrder(LaneId lane, EventKind kind) {
        assert(m_nextSequence < kMaxSequence);
        return (m_nextSequence++ << 24) | (std::uint64_t{lane} << 8) |
               static_cast<std::uint8_t>(kind);
    }

    // One 128-bit comparison instead of two branches: times are never negative, so the
    // (time, order) pair orders exactly like the wide integer time:order.
    static bool before(const Event& a, const Event& b) {
        __extension__ using Key = unsigned __int128;
        const Key ka =
            (static_cast<Key>(static_cast<std::uint64_t>(a.time.nanos())) << 64) | a.order;
        const Key kb =
            (static_cast<Key>(static_cast<std::uint64_t>(b.time.nanos())) << 64) | b.order;
        return ka < kb;
    }

    void push(const Event& e) {
        m_heap.push_back(e);
        siftUp(m_heap.size() - 1);
    }

    void siftUp(std::size_t i) {
        const Event moving = m_heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (!before(moving, m_heap[parent])) {
                break;
            }
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = moving;
    }

    void replaceTop(const Event& e);

    std::vector<Event> m_heap;
    std::vector<Lane> m_lanes;
    std::uint64_t m_nextSequence = 0;
};

} // namespace evsim
