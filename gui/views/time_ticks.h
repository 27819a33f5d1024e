#pragma once

#include <QString>
#include <algorithm>
#include <cmath>

namespace evsim::gui {

// A tick step that puts ticks about `pixels` apart on an axis `length` pixels long showing
// `span` seconds: 1, 2 or 5 times a power of ten up to ten seconds, then steps a clock reads
// (15 s, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, then days), so that ticks of a long
// run land on round minutes and hours ("20m", not "16.7m").
inline double niceTickStep(double span, double length, double pixels) {
    const double raw = span * pixels / std::max(1.0, length);
    if (raw > 10) {
        static constexpr double kClock[] = {15,   20,   30,   60,   120,   300,   600,  900,
                                            1200, 1800, 3600, 7200, 10800, 21600, 43200};
        for (const double step : kClock) {
            if (step >= raw) {
                return step;
            }
        }
        return 86400 * niceTickStep(raw / 86400, 1, 1); // whole days, 1, 2 or 5 of them
    }
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
