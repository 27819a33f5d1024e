#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace evsim {

// A growable FIFO over a power-of-two array. Unlike std::deque it never frees or allocates in
// steady state: once it has grown to the largest size a run needs, pushes and pops are free.
template <typename T> class RingBuffer {
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_items.size(); }

    const T& front() const {
        assert(m_size > 0);
        return m_items[m_head];
    }
    const T& operator[](std::size_t i) const { return m_items[(m_head + i) & mask()]; }
    T& at(std::size_t i) { return m_items[(m_head + i) & mask()]; }

    void pushBack(const T& value) { pushBackSlot() = value; }
    // Adds an element at the back and returns it, for the caller to fill in place (a record
    // built aside and copied in can stall on its own stores).
    T& pushBackSlot() {
        growIfFull();
        T& slot = m_items[(m_head + m_size) & mask()];
        ++m_size;
        return slot;
    }

    void pushFront(const T& value) {
        growIfFull();
        m_head = (m_head + mask()) & mask();
        m_items[m_head] = value;
        ++m_size;
    }

    T popFront() {
        assert(m_size > 0);
        T value = m_items[m_head];
        m_head = (m_head + 1) & mask();
        --m_size;
        return value;
    }

    // Inserts keeping the buffer sorted by `less`, searching from the front: the cheap case
    // for requeued messages, which go back near the head.
    // Puts `value` at position `index` (0 is the front), moving the `index` values before it
    // one place forward.
    void insertAt(std::size_t index, const T& value) {
        pushFront(value);
        for (std::size_t i = 0; i < index; ++i) {
            at(i) = at(i + 1);
        }
        at(index) = value;
    }

    template <typename Less> void insertSorted(const T& value, Less less) {
        pushFront(value);
        std::size_t i = 0;
        while (i + 1 < m_size && less(at(i + 1), value)) {
            at(i) = at(i + 1);
            ++i;
        }
        at(i) = value;
    }

private:
    std::uint32_t mask() const { return static_cast<std::uint32_t>(m_items.size() - 1); }

    void growIfFull() {
        if (m_size < m_items.size()) {
            return;
        }
        std::vector<T> bigger(m_items.empty() ? 16 : m_items.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i) {
            bigger[i] = m_items[(m_head + i) & mask()];
        }
        m_items.swap(bigger);
        m_head = 0;
    }

    std::vector<T> m_items;
    // 32-bit: a ring sits in every queue and every consumer, and a run holds fewer than 2^32
    // of anything (message ids are 32-bit).
    std::uint32_t m_head = 0;
    std::uint32_t m_size = 0;
};

} // namespace evsim
