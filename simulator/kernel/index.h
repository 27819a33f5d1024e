#pragma once

#include <compare>
#include <cstdint>

namespace evsim {

// A number that names one thing of one kind (a queue, a publish target, a consumer, a
// delivery) across an interface. Each kind is its own type, so that a queue's index cannot be
// passed where a consumer's is wanted; the owner turns it back into a position in its own
// tables with value(). Four bytes, like the number it wraps.
template <class Kind> class Index {
public:
    constexpr Index() = default;
    constexpr explicit Index(std::uint32_t value) : m_value(value) {}

    constexpr std::uint32_t value() const { return m_value; }
    friend constexpr auto operator<=>(Index, Index) = default;

private:
    std::uint32_t m_value = 0;
};

} // namespace evsim
