#pragma once

#include "sim_time.h"

#include <cassert>
#include <cstdint>
#include <vector>

namespace evsim {

// What a pending event does when it fires; the Simulation dispatches on it with a switch,
// so an event is a few plain words and scheduling one never allocates a closure.
enum class EventKind : std::uint8_t {
    ProducerTick,      // target: producer index
    ArriveAtBroker,    // target: exchange index, payload: message slot
    ArriveAtConsumer,  // target: consumer index, payload: copy slot
    ProcessingDone,    // target: consumer index, payload: copy slot
    AckAtBroker,       // target: consumer index, payload: copy slot
    NackAtBroker,      // target: consumer index, payload: copy slot
    ApplyIntervention, // payload: intervention index
};

struct Event {
    SimTime time;
    std::uint64_t order; // insertion sequence << 8 | kind: unique, so ties never compare equal
    std::uint32_t target;
    std::uint32_t payload;

    EventKind kind() const { return static_cast<EventKind>(order & 0xff); }
};

// Pending events in a 4-ary min-heap ordered by (time, insertion sequence).
// Contract: events with equal times fire in the order they were scheduled (FIFO), never by
// address or hash order. This is what makes a run reproducible.
class Scheduler {
public:
    Scheduler() { m_heap.reserve(1024); }

    void schedule(SimTime time, EventKind kind, std::uint32_t target, std::uint32_t payload) {
        const Event e{time, (m_nextSequence++ << 8) | static_cast<std::uint8_t>(kind), target,
                      payload};
        m_heap.push_back(e);
        siftUp(m_heap.size() - 1);
    }

    bool empty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    std::size_t capacity() const { return m_heap.capacity(); }
    std::uint64_t scheduledCount() const { return m_nextSequence; }

    // Earliest pending event; the scheduler must not be empty.
    const Event& top() const {
        assert(!m_heap.empty());
        return m_heap.front();
    }

    Event pop();

    // Every pending event, in heap order (not time order): for inspection and accounting.
    const std::vector<Event>& pending() const { return m_heap; }

private:
    static constexpr std::size_t kArity = 4;

    static bool before(const Event& a, const Event& b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
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

    std::vector<Event> m_heap;
    std::uint64_t m_nextSequence = 0;
};

} // namespace evsim
