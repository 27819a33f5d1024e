#pragma once

#include "harness/suite/shard.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace evsim {

// Values of command-line options, read strictly: what a user typed either means exactly one
// thing or is refused with a message that names the option, the value and what is allowed.
// Every message is one line without a trailing newline, e.g.
//   --seed must be a whole number from 0 to 18446744073709551615, got "1e3"

// Plain decimal digits only (no sign, no spaces, no exponent, no hex), within [min, max].
std::variant<std::uint64_t, std::string> readWholeNumber(std::string_view option,
                                                         std::string_view text, std::uint64_t min,
                                                         std::uint64_t max);

// A size in bytes: digits with an optional unit B, KiB, MiB, GiB or TiB (K, M, G, T mean the
// same binary units), e.g. "4GiB", "512MiB", "1000000". At least `min` bytes.
std::variant<std::size_t, std::string> readByteSize(std::string_view option, std::string_view text,
                                                    std::size_t min);

// The memory budget of each run from --max-memory (`text`; absent: the default, 4 GiB), at
// least 1 MiB, lowered under ulimit -v to the share of `concurrentRuns` runs at once.
std::variant<std::size_t, std::string> readMaxMemory(const std::optional<std::string>& text,
                                                     unsigned concurrentRuns);

// A duration of virtual time above zero, written with a unit ("500ms", "2s", "1m").
std::variant<SimTime, std::string> readPositiveDuration(std::string_view option,
                                                        std::string_view text);

// --seed (a whole number) and --until (a positive duration), each read when given, into
// `seed` and `until`; the message of the first refused.
std::optional<std::string> readSeedAndUntil(const std::optional<std::string>& seedText,
                                            const std::optional<std::string>& untilText,
                                            std::optional<std::uint64_t>& seed,
                                            std::optional<SimTime>& until);

// --rows: a whole number from 1, or "all" (SIZE_MAX); `fallback` when not given.
std::variant<std::size_t, std::string> readRows(const std::optional<std::string>& text,
                                                std::size_t fallback);

// Seeds A to B inclusive, written "A..B" (or a single "A"), whole numbers with A <= B and
// at most `maxCount` seeds in all.
struct SeedRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::uint64_t count() const { return last - first + 1; }
};
std::variant<SeedRange, std::string> readSeedRange(std::string_view option, std::string_view text,
                                                   std::uint64_t maxCount);

// "I/N": shard I of N, 1 <= I <= N <= 1000000 (see suite/shard.h).
std::variant<Shard, std::string> readShard(std::string_view option, std::string_view text);

} // namespace evsim
