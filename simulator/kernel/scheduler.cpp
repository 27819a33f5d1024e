#include "kernel/scheduler.h"

namespace evsim {

Scheduler::Scheduler() {
    m_heap.reserve(1024);
    m_lanes.emplace_back(); // lane 0: "no lane"
}

LaneId Scheduler::addLane() {
    if (m_lanes.size() > UINT16_MAX) {
        return 0;
    }
    m_lanes.emplace_back();
    return static_cast<LaneId>(m_lanes.size() - 1);
}

std::size_t Scheduler::size() const {
    std::size_t n = m_heap.size();
    for (const Lane& l : m_lanes) {
        n += l.waiting.size();
    }
    return n;
}

std::size_t Scheduler::memoryBytes() const {
    std::size_t bytes = m_heap.capacity() * sizeof(Event) + m_lanes.capacity() * sizeof(Lane);
    for (const Lane& l : m_lanes) {
        bytes += l.waiting.capacity() * sizeof(Event);
    }
    return bytes;
}

Event Scheduler::pop() {
    const Event top = m_heap.front();
    const LaneId lane = top.lane();
    if (lane != 0) {
        Lane& l = m_lanes[lane];
        if (!l.waiting.empty()) {
            // The lane's next event takes the head's place: one sift instead of pop + push.
            replaceTop(l.waiting.popFront());
            return top;
        }
        l.headInHeap = false;
    }
    const Event last = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) {
        replaceTop(last);
    }
    return top;
}

void Scheduler::replaceTop(const Event& e) {
    const std::size_t n = m_heap.size();
    // Bottom-up: walk the hole down along the smallest children to a leaf without comparing
    // against `e` (usually a recent, late event that belongs near the bottom), then sift `e`
    // up from there. Fewer comparisons than the textbook sift-down for this workload.
    std::size_t hole = 0;
    for (;;) {
        const std::size_t first = hole * kArity + 1;
        if (first >= n) {
            break;
        }
        std::size_t best = first;
        if (first + kArity <= n) {
            const std::size_t a = before(m_heap[first + 1], m_heap[first]) ? first + 1 : first;
            const std::size_t b =
                before(m_heap[first + 3], m_heap[first + 2]) ? first + 3 : first + 2;
            best = before(m_heap[b], m_heap[a]) ? b : a;
        } else {
            for (std::size_t c = first + 1; c < n; ++c) {
                if (before(m_heap[c], m_heap[best])) {
                    best = c;
                }
            }
        }
        m_heap[hole] = m_heap[best];
        hole = best;
    }
    m_heap[hole] = e;
    siftUp(hole);
}

} // namespace evsim
