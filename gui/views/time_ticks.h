#pragma once

#include <QString>
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

// An instant (or offset) in seconds as a tick on an axis ticked every `step` seconds: as many
// decimals as the step needs and no more, so neighbouring ticks never read the same ("10.05s").
inline QString tickLabel(double seconds, double step) {
    const int decimals =
        std::clamp(static_cast<int>(std::ceil(-std::log10(std::max(step, 1e-9)) - 1e-9)), 0, 9);
    return QString::number(seconds, 'f', decimals) + QLatin1Char('s');
}

} // namespace evsim::gui
