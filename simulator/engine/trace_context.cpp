#include "simulator/engine/trace_context.h"

#include "simulator/kernel/random.h"

#include <cstdio>

namespace evsim {
namespace {

constexpr std::uint64_t kTraceHigh = 0x54524143ULL;
constexpr std::uint64_t kTraceLow = 0x45494444ULL;
constexpr std::uint64_t kSendSpan = 0x5350414eULL;
constexpr std::uint64_t kProcessSpan = 0x50524f43ULL;

std::uint64_t derive(std::uint64_t seed, std::uint64_t a, std::uint64_t salt) {
    std::uint64_t state = seed ^ (a * 0x9e3779b97f4a7c15ULL) ^ salt;
    const std::uint64_t v = splitMix64(state);
    return v == 0 ? 1 : v; // all-zero ids are invalid (TRACE01)
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// `text` as a number of 16 lowercase hex digits; nullopt when it is not one.
std::optional<std::uint64_t> hex64(std::string_view text) {
    if (text.size() != 16) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (const char c : text) {
        const int d = hexDigit(c);
        if (d < 0) {
            return std::nullopt;
        }
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return v;
}

std::optional<TraceId> traceIdFrom(std::string_view text) {
    if (text.size() != 32) {
        return std::nullopt;
    }
    const auto high = hex64(text.substr(0, 16));
    const auto low = hex64(text.substr(16));
    if (!high || !low) {
        return std::nullopt;
    }
    return TraceId{*high, *low};
}

} // namespace

TraceId traceIdOf(std::uint64_t seed, std::uint32_t rootMessage) {
    return {derive(seed, rootMessage, kTraceHigh), derive(seed, rootMessage, kTraceLow)};
}

std::uint64_t sendSpanIdOf(std::uint64_t seed, std::uint32_t message) {
    return derive(seed, message, kSendSpan);
}

std::uint64_t processSpanIdOf(std::uint64_t seed, std::uint32_t message, EntityId consumer,
                              std::uint16_t attempt) {
    const std::uint64_t who = (std::uint64_t{consumer} << 16) | attempt;
    return derive(seed ^ (who * 0xc2b2ae3d27d4eb4fULL), message, kProcessSpan);
}

std::uint64_t parentSpanIdOf(std::uint64_t seed, const Message& message, EntityId publisher) {
    if (message.parent != 0) {
        return processSpanIdOf(seed, message.parent, publisher, message.parentAttempt);
    }
    if (message.traceRoot != 0 && message.traceRoot != message.id) {
        return sendSpanIdOf(seed, message.traceRoot);
    }
    return 0;
}

TraceContext traceContextOf(std::uint64_t seed, const Message& message, EntityId publisher) {
    TraceContext t;
    t.traceId = hexId(traceIdOf(seed, message.traceRoot != 0 ? message.traceRoot : message.id));
    t.spanId = hexId(sendSpanIdOf(seed, message.id));
    if (const std::uint64_t parent = parentSpanIdOf(seed, message, publisher); parent != 0) {
        t.parentSpanId = hexId(parent);
    }
    return t;
}

std::string hexId(std::uint64_t id) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(id));
    return buf;
}

std::string hexId(const TraceId& id) {
    return hexId(id.high) + hexId(id.low);
}

std::optional<ParsedTraceparent> parseTraceparent(std::string_view text, std::string& error) {
    // 00-<32 hex>-<16 hex>-<2 hex>: 55 characters exactly for version 00.
    if (text.size() != 55 || text[2] != '-' || text[35] != '-' || text[52] != '-') {
        error = "a traceparent is 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>, 55 "
                "characters";
        return std::nullopt;
    }
    if (text.substr(0, 2) != "00") {
        error = text.substr(0, 2) == "ff"
                    ? "version ff is invalid"
                    : "only version 00 is known (got " + std::string(text.substr(0, 2)) + ")";
        return std::nullopt;
    }
    ParsedTraceparent out;
    const auto trace = traceIdFrom(text.substr(3, 32));
    const auto parent = hex64(text.substr(36, 16));
    const int f1 = hexDigit(text[53]);
    const int f2 = hexDigit(text[54]);
    if (!trace || !parent || f1 < 0 || f2 < 0) {
        error = "ids and flags are lowercase hexadecimal digits";
        return std::nullopt;
    }
    if (!trace->valid()) {
        error = "the trace id is all zeros, which is invalid";
        return std::nullopt;
    }
    if (*parent == 0) {
        error = "the parent id is all zeros, which is invalid";
        return std::nullopt;
    }
    out.traceId = *trace;
    out.parentId = *parent;
    out.flags = static_cast<std::uint8_t>(f1 * 16 + f2);
    return out;
}

std::optional<TraceId> parseTraceId(std::string_view text, std::string& error) {
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'F') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    const auto id = traceIdFrom(lower);
    if (!id) {
        error = "a trace id is 32 hexadecimal digits";
        return std::nullopt;
    }
    if (!id->valid()) {
        error = "the trace id is all zeros, which is invalid";
        return std::nullopt;
    }
    return id;
}

std::optional<TraceId> parseTraceIdOrTraceparent(std::string_view text, std::string& error) {
    if (text.size() != 55) {
        return parseTraceId(text, error);
    }
    const auto parsed = parseTraceparent(text, error);
    return parsed ? std::optional<TraceId>(parsed->traceId) : std::nullopt;
}

} // namespace evsim
