#include "simulator/scenario/loader/value_reader.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 2> kRangeKeys{"min", "max"};
constexpr std::string_view kUnitHint = "durations need a unit: ns, us, ms, s, m, h";

// For a duration string that does not parse: the fix when it is a familiar slip ("5 ms",
// "5sec", "2 minutes"), otherwise the rule.
std::string durationHint(std::string_view text) {
    std::string compact(text);
    compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
    const std::size_t split = compact.find_first_not_of("0123456789.");
    const std::string_view number = std::string_view(compact).substr(0, split);
    std::string unit = split == std::string::npos ? "" : compact.substr(split);
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    if (parseDuration(compact)) {
        return "did you mean \"" + compact + "\"? durations have no spaces";
    }
    // The real units come first, so that "5MS" becomes "5ms".
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kAliases{{
        {"ns", "ns"},     {"us", "us"},
        {"ms", "ms"},     {"s", "s"},
        {"m", "m"},       {"h", "h"},
        {"nsec", "ns"},   {"nanos", "ns"},
        {"usec", "us"},   {"µs", "us"},
        {"micros", "us"}, {"msec", "ms"},
        {"millis", "ms"}, {"milliseconds", "ms"},
        {"sec", "s"},     {"secs", "s"},
        {"second", "s"},  {"seconds", "s"},
        {"min", "m"},     {"mins", "m"},
        {"minute", "m"},  {"minutes", "m"},
        {"hr", "h"},      {"hrs", "h"},
        {"hour", "h"},    {"hours", "h"},
    }};
    for (const auto& [alias, real] : kAliases) {
        const std::string fixed = std::string(number) + std::string(real);
        if (unit == alias && parseDuration(fixed)) {
            return "did you mean \"" + fixed + "\"?";
        }
    }
    return "a duration is a number and a unit, e.g. \"250us\", \"5ms\" or \"1.5s\"; units: ns, "
           "us, ms, s, m, h";
}

} // namespace

bool ValueReader::isObject(const Json& v, const std::string& path, Keys keys) const {
    if (!v.is_object()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must be an object, got " + describe(v));
        return false;
    }
    for (const auto& [key, value] : v.items()) {
        if (m_context.enough()) {
            break;
        }
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string hint = didYouMean(key, keys);
            m_context.failAtKey(Code::UnknownKey, at(path, key), "unknown key " + quote(key),
                                hint.empty() ? "allowed keys here: " + listOf(keys) : hint);
        }
    }
    return true;
}

bool ValueReader::isArray(const Json& v, const std::string& path) const {
    if (!v.is_array()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must be an array, got " + describe(v));
    }
    return v.is_array();
}

bool ValueReader::isString(const Json& v, const std::string& path) const {
    if (!v.is_string()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must be a string, got " + describe(v));
    }
    return v.is_string();
}

const Json* ValueReader::require(const Json& obj, const std::string& path,
                                 std::string_view key) const {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        m_context.fail(Code::MissingKey, path, "missing required key " + quote(key));
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> ValueReader::readString(const Json& v, const std::string& path,
                                                   bool nonEmpty) const {
    if (!isString(v, path)) {
        return std::nullopt;
    }
    if (nonEmpty && v.get_ref<const std::string&>().empty()) {
        m_context.fail(Code::EmptyString, path, label(path) + " must not be empty");
        return std::nullopt;
    }
    return v.get<std::string>();
}

bool ValueReader::withinLimit(const Json& v, const std::string& path, const Limit& limit) const {
    if (v.size() <= limit.max) {
        return true;
    }
    m_context.fail(Code::LimitExceeded, path,
                   label(path) + " has " + std::to_string(v.size()) + " entries; the limit is " +
                       std::to_string(limit.max),
                   std::string(limit.why));
    return false;
}

std::optional<std::uint64_t> ValueReader::readInteger(const Json& v, const std::string& path,
                                                      std::uint64_t min, std::uint64_t max) const {
    return readInteger(v, path, min, max, nullptr);
}

std::optional<std::uint64_t> ValueReader::readInteger(const Json& v, const std::string& path,
                                                      std::uint64_t min, const Limit& limit) const {
    return readInteger(v, path, min, limit.max, &limit);
}

std::optional<std::uint64_t> ValueReader::readInteger(const Json& v, const std::string& path,
                                                      std::uint64_t min, std::uint64_t max,
                                                      const Limit* limit) const {
    const std::string what = label(path);
    const auto tooLarge = [&](const std::string& got) {
        if (limit) {
            m_context.fail(Code::LimitExceeded, path,
                           what + " is " + got + "; the limit is " + std::to_string(max),
                           std::string(limit->why));
        } else {
            m_context.fail(Code::OutOfRange, path,
                           what + " must be at most " + std::to_string(max) + ", got " + got);
        }
        return std::nullopt;
    };
    const auto tooSmall = [&](const std::string& got) {
        m_context.fail(Code::OutOfRange, path,
                       min == 0
                           ? what + " cannot be negative, got " + got
                           : what + " must be at least " + std::to_string(min) + ", got " + got);
        return std::nullopt;
    };
    std::uint64_t n = 0;
    if (v.is_number_unsigned()) {
        n = v.get<std::uint64_t>();
    } else if (v.is_number_integer()) {
        const std::int64_t i = v.get<std::int64_t>(); // negative, or "-0"
        if (i < 0) {
            return tooSmall(std::to_string(i));
        }
        n = static_cast<std::uint64_t>(i);
    } else if (v.is_number_float()) {
        // 2.0 is an integer (as in JSON Schema); nlohmann gives numbers beyond 64 bits as floats.
        const double d = v.get<double>();
        if (d != std::floor(d)) {
            m_context.fail(Code::WrongType, path, what + " must be an integer, got " + describe(v));
            return std::nullopt;
        }
        if (d < 0) {
            return tooSmall(numberText(d));
        }
        if (d >= 18446744073709551616.0) {
            return tooLarge(numberText(d));
        }
        n = static_cast<std::uint64_t>(d);
    } else {
        std::string hint;
        const std::string_view digits =
            v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : std::string_view();
        if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
            hint = "write " + v.get<std::string>() + " without quotes";
        }
        m_context.fail(Code::WrongType, path, what + " must be an integer, got " + describe(v),
                       hint);
        return std::nullopt;
    }
    if (n < min) {
        return tooSmall(std::to_string(n));
    }
    if (n > max) {
        return tooLarge(std::to_string(n));
    }
    return n;
}

std::optional<double> ValueReader::readProbability(const Json& v, const std::string& path) const {
    if (!v.is_number()) {
        m_context.fail(Code::WrongType, path,
                       label(path) + " must be a probability (a number from 0 to 1), got " +
                           describe(v));
        return std::nullopt;
    }
    const double p = v.get<double>();
    if (!(p >= 0 && p <= 1)) {
        m_context.fail(Code::OutOfRange, path,
                       label(path) + " must be between 0 and 1, got " + numberText(p),
                       p > 1 && p <= 100 && p == std::floor(p)
                           ? "a probability is a fraction: write " + numberText(p / 100) + " for " +
                                 numberText(p) + "%"
                           : "");
        return std::nullopt;
    }
    return p;
}

std::optional<SimTime> ValueReader::readDuration(const Json& v, const std::string& path) const {
    const std::string what = label(path);
    if (v.is_number()) {
        const double d = v.get<double>();
        if (d == 0) {
            return SimTime::zero(); // 0 needs no unit
        }
        const std::string text = v.is_number_float() ? numberText(d) : v.dump();
        if (d < 0) {
            m_context.fail(Code::OutOfRange, path, what + " cannot be negative, got " + text);
        } else {
            m_context.fail(Code::NotADuration, path, what + " has no unit: " + text,
                           "write \"" + text + "ms\" — " + std::string(kUnitHint));
        }
        return std::nullopt;
    }
    if (!v.is_string()) {
        m_context.fail(Code::WrongType, path,
                       what + " must be a duration such as \"5ms\", got " + describe(v));
        return std::nullopt;
    }
    const std::string& text = v.get_ref<const std::string&>();
    if (const auto d = parseDuration(text)) {
        return d;
    }
    const std::size_t digits = text.find_first_not_of("0123456789.");
    const std::string unit = digits == std::string::npos ? "" : text.substr(digits);
    const double unitNanos = unit == "ns"   ? 1
                             : unit == "us" ? 1e3
                             : unit == "ms" ? 1e6
                             : unit == "s"  ? 1e9
                             : unit == "m"  ? 6e10
                             : unit == "h"  ? 3.6e12
                                            : 0;
    const bool knownUnit = unitNanos > 0;
    double number = 0;
    const auto parsed =
        std::from_chars(text.data(), text.data() + std::min(digits, text.size()), number);
    const bool numberOk = digits > 0 && parsed.ec == std::errc{} &&
                          parsed.ptr == text.data() + std::min(digits, text.size());
    if (!text.empty() && text[0] == '-') {
        m_context.fail(Code::OutOfRange, path, what + " cannot be negative, got " + quote(text));
    } else if (digits == std::string::npos && numberOk) {
        m_context.fail(Code::NotADuration, path, what + " has no unit: " + quote(text),
                       "write \"" + text + "ms\" — " + std::string(kUnitHint));
    } else if (numberOk && knownUnit && number * unitNanos < 9e18) {
        m_context.fail(Code::NotADuration, path,
                       what + " is finer than a nanosecond: " + quote(text),
                       "durations are whole nanoseconds");
    } else if (numberOk && knownUnit) {
        m_context.fail(Code::OutOfRange, path, what + " is too large: " + quote(text),
                       "the longest duration is about 292 years");
    } else {
        m_context.fail(Code::NotADuration, path, what + " is not a duration: " + quote(text),
                       durationHint(text));
    }
    return std::nullopt;
}

std::optional<Rate> ValueReader::readRate(const Json& v, const std::string& path) const {
    const std::string what = label(path);
    if (!v.is_string()) {
        m_context.fail(Code::WrongType, path,
                       what + " must be a rate such as \"200/s\", got " + describe(v),
                       v.is_number() ? "write \"" + v.dump() + "/s\"" : "");
        return std::nullopt;
    }
    const std::string& text = v.get_ref<const std::string&>();
    if (const auto r = parseRate(text)) {
        if (1e9 / r->perSecond < 9e18) {
            return r;
        }
        m_context.fail(Code::OutOfRange, path, what + " is too slow: " + quote(text),
                       "the longest gap between events is about 292 years");
        return std::nullopt;
    }
    const std::size_t slash = text.find('/');
    double count = 0;
    const auto parsed =
        std::from_chars(text.data(), text.data() + std::min(slash, text.size()), count);
    const bool counted = slash != std::string::npos && parsed.ptr == text.data() + slash &&
                         parsed.ec == std::errc{} && parseRate("1" + text.substr(slash));
    if (counted && !(count > 0)) {
        m_context.fail(Code::OutOfRange, path,
                       what + " must be greater than 0, got " + quote(text));
    } else if (counted) {
        m_context.fail(Code::LimitExceeded, path,
                       what + " is " + quote(text) + ", faster than the limit of " +
                           std::to_string(kMaxRatePerSecond.max) + "/s (one per nanosecond)",
                       std::string(kMaxRatePerSecond.why));
    } else {
        const bool bare = !text.empty() && parsed.ptr == text.data() + text.size();
        m_context.fail(Code::NotARate, path, what + " is not a rate: " + quote(text),
                       bare ? "write \"" + text + "/s\""
                            : "a rate is a count per unit of time, e.g. \"200/s\" or \"0.5/ms\"");
    }
    return std::nullopt;
}

std::optional<std::string> ValueReader::readBody(const Json& v, const std::string& path) const {
    std::string body = v.dump();
    if (body.size() <= kMaxBodyBytes.max) {
        return body;
    }
    m_context.fail(Code::LimitExceeded, path,
                   label(path) + " is " + std::to_string(body.size()) +
                       " bytes of JSON; the limit is " + std::to_string(kMaxBodyBytes.max),
                   std::string(kMaxBodyBytes.why));
    return std::nullopt;
}

std::optional<std::string_view> ValueReader::readChoice(const Json& v, const std::string& path,
                                                        std::string_view what, Keys choices) const {
    if (!isString(v, path)) {
        return std::nullopt;
    }
    const std::string& s = v.get_ref<const std::string&>();
    const auto it = std::find(choices.begin(), choices.end(), s);
    if (it != choices.end()) {
        return *it;
    }
    const std::string hint = didYouMean(s, choices);
    m_context.fail(Code::UnknownChoice, path, "unknown " + std::string(what) + " " + quote(s),
                   hint.empty() ? "expected " + listOf(choices) : hint);
    return std::nullopt;
}

std::optional<Range> ValueReader::readRange(const Json& v, const std::string& path,
                                            bool durations) const {
    const auto bound = [&](const Json& b, const std::string& p) -> std::optional<std::int64_t> {
        if (durations) {
            const auto d = readDuration(b, p);
            return d ? std::optional(d->nanos()) : std::nullopt;
        }
        const auto n = readInteger(b, p, 0, INT64_MAX);
        return n ? std::optional(static_cast<std::int64_t>(*n)) : std::nullopt;
    };
    const auto text = [&](std::int64_t n) {
        return durations ? formatDuration(SimTime::fromNanos(n)) : std::to_string(n);
    };
    if (v.is_number() && !durations) {
        const auto exact = bound(v, path);
        return exact ? std::optional(Range{exact, exact}) : std::nullopt;
    }
    if (!v.is_object()) {
        m_context.fail(Code::WrongType, path,
                       label(path) +
                           (durations ? " must be a { \"min\", \"max\" } range of durations"
                                      : " must be a count or a { \"min\", \"max\" } range") +
                           ", got " + describe(v),
                       durations ? "e.g. { \"max\": \"50ms\" }" : "");
        return std::nullopt;
    }
    isObject(v, path, kRangeKeys);
    Range r;
    bool ok = true;
    for (const std::string_view key : kRangeKeys) {
        if (const auto it = v.find(key); it != v.end()) {
            const auto n = bound(*it, at(path, key));
            (key == "min" ? r.min : r.max) = n;
            ok = ok && n;
        }
    }
    if (ok && !r.min && !r.max) {
        m_context.fail(Code::BadRange, path, "a range needs \"min\", \"max\" or both");
        return std::nullopt;
    }
    if (ok && r.min && r.max && *r.max < *r.min) {
        m_context.fail(Code::BadRange, at(path, "max"),
                       "\"max\" (" + text(*r.max) + ") is less than \"min\" (" + text(*r.min) +
                           ")");
        return std::nullopt;
    }
    return ok ? std::optional(r) : std::nullopt;
}

} // namespace evsim::loader
