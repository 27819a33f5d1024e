#include "gui/views/axis_ticks.h"

#include <QStringList>
#include <algorithm>
#include <cmath>

namespace evsim::gui {
namespace {

// 1, 2 or 5 × 10^k, the smallest one at or above `raw`.
double roundUp125(double raw) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalised = raw / magnitude;
    const double factor = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
    return factor * magnitude;
}

// From a second up, steps that read well on a clock: 15 s, 30 s, 2 min, 5 min, 15 min, …
double roundUpClock(double raw) {
    static constexpr double kSteps[] = {1,    2,    5,     10,    15,    20,   30,
                                        60,   120,  300,   600,   900,   1200, 1800,
                                        3600, 7200, 10800, 21600, 43200, 86400};
    for (const double step : kSteps) {
        if (raw <= step) {
            return step;
        }
    }
    return roundUp125(raw / 86400) * 86400;
}

struct Unit {
    double scale; // seconds per unit
    const char* suffix;
};

// One unit for every tick of an axis, picked from its top tick and step, so labels compare
// at a glance ("30 s, 60 s, 90 s" rather than "30 s, 1 min, 1.5 min").
Unit unitFor(double top, double step) {
    const bool wholeMinutes = std::fmod(step, 60.0) == 0;
    if (top >= 3 * 3600 && std::fmod(step, 3600.0) == 0) {
        return {3600, "h"};
    }
    if (top > 180 && wholeMinutes) {
        return {60, "min"};
    }
    if (top >= 1) {
        return {1, "s"};
    }
    if (top >= 1e-3) {
        return {1e-3, "ms"};
    }
    return {1e-6, "µs"};
}

QString number(double value, int significant) {
    return QString::number(value, 'g', significant);
}

QString withUnit(double seconds, const Unit& unit) {
    return QStringLiteral("%1 %2").arg(number(seconds / unit.scale, 4),
                                       QString::fromUtf8(unit.suffix));
}

} // namespace

double niceStep(double max, int target, TickKind kind) {
    target = std::max(1, target);
    if (!(max > 0)) {
        return kind == TickKind::Seconds ? 1e-3 : 1;
    }
    const double raw = max / target;
    switch (kind) {
    case TickKind::Count:
        return std::max(1.0, roundUp125(raw));
    case TickKind::Rate:
        return roundUp125(raw);
    case TickKind::Seconds:
        return raw >= 1 ? roundUpClock(raw) : roundUp125(raw);
    }
    return roundUp125(raw);
}

std::vector<Tick> ticksUpTo(double max, int target, TickKind kind) {
    const double step = niceStep(max, target, kind);
    // A hair of tolerance so that a maximum already on a tick does not add one more.
    const int count = std::max(1, static_cast<int>(std::ceil(max / step - 1e-9)));
    const double top = count * step;
    const Unit unit = unitFor(top, step);
    std::vector<Tick> ticks;
    QStringList seen;
    for (int i = 0; i <= count; ++i) {
        const double value = i * step;
        QString label = i == 0                      ? QStringLiteral("0")
                        : kind == TickKind::Seconds ? withUnit(value, unit)
                                                    : formatCount(value);
        if (seen.contains(label)) {
            label = number(value, 8); // never seen with round steps, but labels must differ
        }
        seen.append(label);
        ticks.push_back({value, label});
    }
    return ticks;
}

QString formatCount(double value) {
    const double magnitude = std::abs(value);
    if (magnitude >= 1e6) {
        return number(value / 1e6, 3) + QLatin1Char('M');
    }
    if (magnitude >= 1e3) {
        return number(value / 1e3, 3) + QLatin1Char('k');
    }
    return number(value, 4);
}

QString formatSeconds(double value) {
    if (value == 0) {
        return QStringLiteral("0");
    }
    const double magnitude = std::abs(value);
    if (magnitude >= 3 * 3600) {
        return withUnit(value, {3600, "h"});
    }
    if (magnitude >= 120) {
        return withUnit(value, {60, "min"});
    }
    if (magnitude >= 1) {
        return withUnit(value, {1, "s"});
    }
    if (magnitude >= 1e-3) {
        return withUnit(value, {1e-3, "ms"});
    }
    return withUnit(value, {1e-6, "µs"});
}

} // namespace evsim::gui
