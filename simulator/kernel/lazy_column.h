#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace evsim {

// One value per record index, for a field most runs leave at its default (an expiry when no
// TTL is set, an x-death history when nothing is dead-lettered). Nothing is allocated until
// the first value that differs from the default, so a run without the feature pays neither
// memory nor cache lines for it, and a record that has it stays small.
template <typename T> class LazyColumn {
public:
    explicit LazyColumn(T fallback) : m_default(fallback) {}

    T get(std::uint32_t index) const {
        return index < m_values.size() ? m_values[index] : m_default;
    }
    // Every record index must be set when its record is (re)used: a recycled index keeps the
    // value of its last record otherwise.
    void set(std::uint32_t index, T value) {
        if (index >= m_values.size()) {
            if (value == m_default) {
                return;
            }
            m_values.resize(static_cast<std::size_t>(index) + 1, m_default);
        }
        m_values[index] = value;
    }
    bool allocated() const { return !m_values.empty(); }
    std::size_t memoryBytes() const { return m_values.capacity() * sizeof(T); }

private:
    T m_default;
    std::vector<T> m_values;
};

} // namespace evsim
