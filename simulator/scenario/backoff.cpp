#include "simulator/scenario/backoff.h"

namespace evsim {

SimTime Backoff::delay(std::uint32_t retry) const {
    double ns = static_cast<double>(initial.nanos());
    const double cap = static_cast<double>(max.nanos());
    for (std::uint32_t i = 1; i < retry && ns < cap; ++i) {
        ns *= multiplier;
    }
    if (!(ns < cap)) {
        return max;
    }
    return SimTime::fromNanos(static_cast<std::int64_t>(ns + 0.5));
}

} // namespace evsim
