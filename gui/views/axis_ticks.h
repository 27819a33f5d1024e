#pragma once

#include <QString>
#include <vector>

namespace evsim::gui {

// Round ticks and short labels for the charts' axes (metrics, compare): counts read "950",
// "2.5k", "12k", durations "250 µs", "20 ms", "1.5 s", "6 min", so a compact chart needs no
// unit on its axis.
enum class TickKind {
    Count,   // messages or messages per second: steps of 1, 2 or 5 × 10^k, at least 1
    Rate,    // like Count, but fractions allowed (0.5 messages per second)
    Seconds, // a duration in seconds: steps round in the unit shown (ms, s, min)
};

struct Tick {
    double value = 0;
    QString label;
};

// A round step that divides [0, max] into about `target` intervals (never zero).
double niceStep(double max, int target, TickKind kind);
// The ticks 0, step, 2 step, … up to the first one at or past `max`; the last tick is where
// the axis should end. Labels are unique.
std::vector<Tick> ticksUpTo(double max, int target, TickKind kind);

QString formatCount(double value);   // "950", "2.5k", "12k", "1.2M"
QString formatSeconds(double value); // "0", "250 µs", "20 ms", "1.5 s", "90 s", "6 min"

} // namespace evsim::gui
