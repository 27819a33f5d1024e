#pragma once

#include <cassert>
#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace evsim {

// A sequence that grows by whole blocks of 65,536 elements and never moves what it holds. A
// std::vector of a run's millions of records copies all of them each time it grows: a pause
// of hundreds of milliseconds on the thread that appends (the app's window). Here appending
// costs the same at the ten-millionth element as at the first; indexing is one shift and one
// mask more.
template <typename T> class BlockVector {
    static constexpr std::size_t kShift = 16;
    static constexpr std::size_t kBlock = std::size_t{1} << kShift;
    static constexpr std::size_t kMask = kBlock - 1;

public:
    template <typename Owner, typename Value> class Iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = Value*;
        using reference = Value&;

        Iterator() = default;
        Iterator(Owner* owner, std::size_t at) : m_owner(owner), m_at(at) {}
        reference operator*() const { return (*m_owner)[m_at]; }
        pointer operator->() const { return &(*m_owner)[m_at]; }
        reference operator[](difference_type n) const {
            return (*m_owner)[static_cast<std::size_t>(static_cast<difference_type>(m_at) + n)];
        }
        Iterator& operator++() {
            ++m_at;
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++m_at;
            return before;
        }
        Iterator& operator--() {
            --m_at;
            return *this;
        }
        Iterator operator--(int) {
            Iterator before = *this;
            --m_at;
            return before;
        }
        Iterator& operator+=(difference_type n) {
            m_at = static_cast<std::size_t>(static_cast<difference_type>(m_at) + n);
            return *this;
        }
        Iterator& operator-=(difference_type n) { return *this += -n; }
        friend Iterator operator+(Iterator i, difference_type n) { return i += n; }
        friend Iterator operator+(difference_type n, Iterator i) { return i += n; }
        friend Iterator operator-(Iterator i, difference_type n) { return i -= n; }
        friend difference_type operator-(const Iterator& a, const Iterator& b) {
            return static_cast<difference_type>(a.m_at) - static_cast<difference_type>(b.m_at);
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.m_at == b.m_at; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.m_at <=> b.m_at; }

    private:
        Owner* m_owner = nullptr;
        std::size_t m_at = 0;
    };
    using iterator = Iterator<BlockVector, T>;
    using const_iterator = Iterator<const BlockVector, const T>;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T& operator[](std::size_t i) {
        assert(i < m_size);
        return m_blocks[i >> kShift][i & kMask];
    }
    const T& operator[](std::size_t i) const {
        assert(i < m_size);
        return m_blocks[i >> kShift][i & kMask];
    }
    T& front() { return (*this)[0]; }
    const T& front() const { return (*this)[0]; }
    T& back() { return (*this)[m_size - 1]; }
    const T& back() const { return (*this)[m_size - 1]; }

    void push_back(const T& value) { slot() = value; }
    void push_back(T&& value) { slot() = std::move(value); }
    // Grows to `n` elements, the new ones `value` (never shrinks: a run's tables only grow).
    void resize(std::size_t n, const T& value = T{}) {
        while (m_size < n) {
            push_back(value);
        }
    }
    void clear() {
        m_blocks.clear();
        m_size = 0;
    }

    iterator begin() { return {this, 0}; }
    iterator end() { return {this, m_size}; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    // The next element, made room for (a new block when the last one is full).
    T& slot() {
        if ((m_size >> kShift) == m_blocks.size()) {
            m_blocks.push_back(std::make_unique<T[]>(kBlock));
        }
        T& at = m_blocks[m_size >> kShift][m_size & kMask];
        ++m_size;
        return at;
    }

    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace evsim
