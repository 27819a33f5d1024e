#include "scheduler.h"

namespace evsim {

Event Scheduler::pop() {
    const Event top = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n == 0) {
        return top;
    }
    // Move the hole down from the root to where `last` belongs.
    std::size_t hole = 0;
    for (;;) {
        const std::size_t first = hole * kArity + 1;
        if (first >= n) {
            break;
        }
        const std::size_t end = first + kArity < n ? first + kArity : n;
        std::size_t best = first;
        for (std::size_t c = first + 1; c < end; ++c) {
            if (before(m_heap[c], m_heap[best])) {
                best = c;
            }
        }
        if (!before(m_heap[best], last)) {
            break;
        }
        m_heap[hole] = m_heap[best];
        hole = best;
    }
    m_heap[hole] = last;
    return top;
}

} // namespace evsim
