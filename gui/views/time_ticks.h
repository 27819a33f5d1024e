#pragma once

#include <algorithm>
#include <cmath>

namespace evsim::gui {

// A tick step of 1, 2 or 5 times a power of ten (in the unit of `span`) that puts ticks about
// `pixels` apart on an axis `length` pixels long showing `span`.
inline double niceTickStep(double span, double length, double pixels) {
    const double raw = span * pixels / std::max(1.0, length);
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-12))));
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * magnitude >= raw) {
            return m * magnitude;
        }
    }
    return 10 * magnitude;
}

} // namespace evsim::gui
