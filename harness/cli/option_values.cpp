#include "harness/cli/option_values.h"

#include "harness/io/terminal.h"
#include "harness/run/runner.h"

#include <array>
#include <charconv>
#include <fmt/format.h>

namespace evsim {
namespace {

// The value as typed, cut so that a 300-digit number cannot flood a terminal, with anything
// unprintable escaped.
std::string shown(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 40)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
            out += fmt::format("\\x{:02x}", u);
        } else {
            out += c;
        }
    }
    return "\"" + out + (text.size() > 40 ? "…\"" : "\"");
}

std::optional<std::uint64_t> digits(std::string_view text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return v;
}

} // namespace

std::variant<std::uint64_t, std::string> readWholeNumber(std::string_view option,
                                                         std::string_view text, std::uint64_t min,
                                                         std::uint64_t max) {
    const auto v = digits(text);
    if (!v || *v < min || *v > max) {
        return fmt::format("{} must be a whole number from {} to {}, got {}", option, min, max,
                           shown(text));
    }
    return *v;
}

std::variant<std::size_t, std::string> readByteSize(std::string_view option, std::string_view text,
                                                    std::size_t min) {
    struct Unit {
        std::string_view name;
        int shift;
    };
    static constexpr std::array<Unit, 10> kUnits{{{"TiB", 40},
                                                  {"GiB", 30},
                                                  {"MiB", 20},
                                                  {"KiB", 10},
                                                  {"T", 40},
                                                  {"G", 30},
                                                  {"M", 20},
                                                  {"K", 10},
                                                  {"B", 0},
                                                  {"", 0}}};
    const auto error = [&] {
        return fmt::format("{} must be a size of at least {}, such as 512MiB or 4GiB, got {}",
                           option, formatBytes(min), shown(text));
    };
    const std::size_t split = text.find_first_not_of("0123456789");
    const std::string_view number = text.substr(0, split);
    const std::string_view unit = split == std::string_view::npos ? "" : text.substr(split);
    const auto v = digits(number);
    for (const Unit& u : kUnits) {
        if (v && unit == u.name) {
            if (*v > (SIZE_MAX >> u.shift) || (*v << u.shift) < min) {
                return error();
            }
            return static_cast<std::size_t>(*v << u.shift);
        }
    }
    return error();
}

std::variant<SimTime, std::string> readPositiveDuration(std::string_view option,
                                                        std::string_view text) {
    const auto d = parseDuration(text);
    if (!d || *d <= SimTime::zero()) {
        return fmt::format("{} must be a duration above 0 with a unit (ns, us, ms, s, m, h), "
                           "such as 500ms or 2s, got {}",
                           option, shown(text));
    }
    return *d;
}

std::variant<SeedRange, std::string> readSeedRange(std::string_view option, std::string_view text,
                                                   std::uint64_t maxCount) {
    // Plain integers rather than optionals: GCC 12 at -O3 warns that an optional built in a
    // conditional may be read uninitialised.
    const std::size_t dots = text.find("..");
    const std::string_view lastText = dots == std::string_view::npos ? text : text.substr(dots + 2);
    const auto first = digits(text.substr(0, dots));
    const auto last = digits(lastText);
    const std::uint64_t a = first.value_or(0);
    const std::uint64_t b = last.value_or(0);
    if (!first || !last || b < a) {
        return fmt::format("{} must be a range of seeds A..B with whole numbers A <= B, such as "
                           "1..1000, got {}",
                           option, shown(text));
    }
    if (b - a >= maxCount) {
        return fmt::format("{} {} holds more than {} seeds; split it over several runs or shards",
                           option, shown(text), maxCount);
    }
    return SeedRange{a, b};
}

std::variant<Shard, std::string> readShard(std::string_view option, std::string_view text) {
    constexpr std::uint64_t kMaxShards = 1'000'000;
    const std::size_t slash = text.find('/');
    // 0 is no shard number, so a missing or unreadable part reads as 0 and is refused.
    const std::uint64_t index = digits(text.substr(0, slash)).value_or(0);
    const std::uint64_t count =
        slash == std::string_view::npos ? 0 : digits(text.substr(slash + 1)).value_or(0);
    if (count < 1 || count > kMaxShards || index < 1 || index > count) {
        return fmt::format("{} must be I/N, shard I of N with 1 <= I <= N <= {}, such as 2/4, "
                           "got {}",
                           option, kMaxShards, shown(text));
    }
    return Shard{index, count};
}

std::variant<std::size_t, std::string> readMaxMemory(const std::optional<std::string>& text,
                                                     unsigned concurrentRuns) {
    std::size_t budget = kDefaultMaxMemory;
    if (text) {
        const auto bytes = readByteSize("--max-memory", *text, std::size_t{1} << 20);
        if (const auto* error = std::get_if<std::string>(&bytes)) {
            return *error;
        }
        budget = std::get<std::size_t>(bytes);
    }
    return budgetUnderAddressLimit(budget, concurrentRuns);
}

std::optional<std::string> readSeedAndUntil(const std::optional<std::string>& seedText,
                                            const std::optional<std::string>& untilText,
                                            std::optional<std::uint64_t>& seed,
                                            std::optional<SimTime>& until) {
    if (seedText) {
        const auto n = readWholeNumber("--seed", *seedText, 0, UINT64_MAX);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return *error;
        }
        seed = std::get<std::uint64_t>(n);
    }
    if (untilText) {
        const auto t = readPositiveDuration("--until", *untilText);
        if (const auto* error = std::get_if<std::string>(&t)) {
            return *error;
        }
        until = std::get<SimTime>(t);
    }
    return std::nullopt;
}

std::variant<std::size_t, std::string> readRows(const std::optional<std::string>& text,
                                                std::size_t fallback) {
    if (!text) {
        return fallback;
    }
    if (*text == "all") {
        return SIZE_MAX;
    }
    const auto n = readWholeNumber("--rows", *text, 1, UINT32_MAX);
    if (const auto* error = std::get_if<std::string>(&n)) {
        return *error + " (or all)";
    }
    return static_cast<std::size_t>(std::get<std::uint64_t>(n));
}

} // namespace evsim
