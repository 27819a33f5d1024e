#include "simulator/kernel/sim_time.h"

#include <charconv>
#include <cmath>

namespace evsim {
namespace {

struct Unit {
    std::string_view name;
    std::int64_t nanos;
};

// Longest names first so that "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {
    {"ns", 1},
    {"us", 1000},
    {"ms", 1000'000},
    {"s", 1000'000'000},
    {"m", 60LL * 1000'000'000},
    {"h", 3600LL * 1000'000'000},
};

std::optional<std::int64_t> unitNanos(std::string_view name) {
    for (const Unit& u : kUnits) {
        if (u.name == name) {
            return u.nanos;
        }
    }
    return std::nullopt;
}

// Splits "1.5ms" into the number "1.5" and the unit "ms".
std::size_t numberLength(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
        ++i;
    }
    return i;
}

// Exact decimal * unit without going through floating point, so "0.1s" is exactly 100ms.
std::optional<std::int64_t> scaleDecimal(std::string_view number, std::int64_t unit) {
    if (number.empty() || number.front() == '.' || number.back() == '.') {
        return std::nullopt;
    }
    const auto dot = number.find('.');
    std::string_view whole = number.substr(0, dot);
    std::string_view frac =
        dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
    if (frac.find('.') != std::string_view::npos) {
        return std::nullopt;
    }
    std::int64_t w = 0;
    auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    if (ec != std::errc{} || p != whole.data() + whole.size()) {
        return std::nullopt;
    }
    if (w > INT64_MAX / unit) {
        return std::nullopt;
    }
    std::int64_t result = w * unit;
    std::int64_t scale = unit;
    for (char c : frac) {
        if (scale % 10 != 0) {
            // Past a nanosecond: zeros change nothing ("1.0000000000s"), anything else would.
            if (c != '0') {
                return std::nullopt;
            }
            continue;
        }
        scale /= 10;
        if (__builtin_add_overflow(result, (c - '0') * scale, &result)) {
            return std::nullopt;
        }
    }
    return result;
}

} // namespace

std::optional<SimTime> parseDuration(std::string_view text) {
    if (text == "0") {
        return SimTime::zero();
    }
    const std::size_t n = numberLength(text);
    const auto unit = unitNanos(text.substr(n));
    if (!unit) {
        return std::nullopt;
    }
    const auto ns = scaleDecimal(text.substr(0, n), *unit);
    if (!ns) {
        return std::nullopt;
    }
    return SimTime::fromNanos(*ns);
}

std::string formatDuration(SimTime t) {
    const std::int64_t ns = t.nanos();
    if (ns == 0) {
        return "0";
    }
    const std::string sign = ns < 0 ? "-" : "";
    const std::int64_t abs = ns < 0 ? -ns : ns;
    // Pick the largest unit under which the value needs at most 9 decimals and stays exact.
    for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
        if (abs < it->nanos) {
            continue;
        }
        const std::int64_t whole = abs / it->nanos;
        std::int64_t rest = abs % it->nanos;
        std::string out = sign + std::to_string(whole);
        if (rest != 0) {
            std::string digits;
            std::int64_t scale = it->nanos;
            while (rest != 0) {
                if (scale % 10 != 0) {
                    break; // m and h are not decimal multiples; fall to a smaller unit
                }
                scale /= 10;
                digits += static_cast<char>('0' + rest / scale);
                rest %= scale;
            }
            if (rest != 0) {
                continue;
            }
            out += "." + digits;
        }
        return out + std::string(it->name);
    }
    return sign + std::to_string(abs) + "ns";
}

namespace {

// printf's %.Ng, but never localised: std::to_chars is specified for the C locale, so a
// German or French locale cannot turn "1.5ms" into "1,5ms".
std::string general(double v, int significant) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, significant);
    return std::string(buf, r.ptr);
}

} // namespace

std::string formatDurationShort(SimTime t) {
    const double ns = static_cast<double>(t.nanos());
    const double a = std::fabs(ns);
    // Each unit takes over where three significant digits of the smaller one would round to
    // 1000 ("1000ms" reads better as "1s", and "1e+03ms" not at all).
    if (a >= 3599.5e9) {
        return general(ns / 3600e9, 3) + "h";
    }
    if (a >= 599.5e9) {
        return general(ns / 60e9, 3) + "m";
    }
    if (a >= 999.5e6) {
        return general(ns / 1e9, 3) + "s";
    }
    if (a >= 999.5e3) {
        return general(ns / 1e6, 3) + "ms";
    }
    if (a >= 999.5) {
        return general(ns / 1e3, 3) + "us";
    }
    return std::to_string(t.nanos()) + "ns";
}

SimTime Rate::gap() const {
    const double ns = 1e9 / perSecond;
    if (!(ns < 9.2e18)) {
        return SimTime::max(); // slower than one event in ~292 years: never
    }
    return SimTime::fromNanos(static_cast<std::int64_t>(std::llround(ns)));
}

std::optional<Rate> parseRate(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view number = text.substr(0, slash);
    const auto unit = unitNanos(text.substr(slash + 1));
    if (!unit || number.empty()) {
        return std::nullopt;
    }
    double count = 0;
    auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
    if (ec != std::errc{} || p != number.data() + number.size() || !(count > 0) ||
        !std::isfinite(count)) {
        return std::nullopt;
    }
    const double perSecond = count * 1e9 / static_cast<double>(*unit);
    if (!(perSecond <= 1e9)) {
        return std::nullopt; // faster than one event per nanosecond cannot be represented
    }
    return Rate{perSecond};
}

std::string formatRate(Rate r) {
    return general(r.perSecond, 6) + "/s";
}

} // namespace evsim
