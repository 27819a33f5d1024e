// Topic routing's cost (row AMQP02): a long key against a pattern of many `#`, and a topic
// exchange of 10,000 bindings routing keys it has not seen (each matched in the trie) and keys
// it has (each remembered). Prints one `name: value` line per figure.
//
// Usage: evsim_topic_bench   (from the release build: cmake --workflow --preset release)
#include "simulator/broker/amqp/exchange_router.h"
#include "simulator/broker/amqp/topic_matcher.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The median time of `runs` matches of `key` against `matcher`, in microseconds.
double medianMatchMicros(const evsim::TopicMatcher& matcher, const std::string& key, int runs) {
    std::vector<double> micros;
    std::vector<std::uint32_t> found;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        matcher.match(key, found);
        micros.push_back(secondsSince(start) * 1e6);
    }
    std::sort(micros.begin(), micros.end());
    return micros[micros.size() / 2];
}

} // namespace

int main() {
    using namespace evsim;

    // Fifteen `#` around fixed words, against a 31-word key that ends where none expects.
    TopicMatcher hashes;
    std::string pattern;
    for (int i = 0; i < 15; ++i) {
        pattern += "#.w" + std::to_string(i) + ".";
    }
    pattern += "#";
    hashes.add(pattern, 0);
    std::string key = "w0";
    for (int i = 1; i < 31; ++i) {
        key += ".x" + std::to_string(i);
    }
    std::printf("match_31_words_vs_15_hashes_us: %.2f\n", medianMatchMicros(hashes, key, 101));

    // 10,000 bindings as teams write them: <domain>.<event>.<region>, with wildcards.
    AmqpSpec spec;
    spec.exchanges.push_back({"events", ExchangeType::Topic});
    const char* forms[] = {"d%d.e%d.*", "d%d.*.r%d", "d%d.#.r%d", "*.e%d.r%d", "d%d.e%d.#"};
    char buffer[64];
    for (int b = 0; b < 10'000; ++b) {
        const std::string queue = "q" + std::to_string(b);
        spec.queues.push_back({queue});
        std::snprintf(buffer, sizeof buffer, forms[b % 5], b % 200, (b / 5) % 50);
        spec.bindings.push_back({"events", queue, buffer});
    }
    ExchangeRouter::QueueNames names;
    for (std::size_t q = 0; q < spec.queues.size(); ++q) {
        names.emplace_back(spec.queues[q].name, static_cast<std::uint32_t>(q));
    }
    std::sort(names.begin(), names.end());
    StringTable strings;
    const ExchangeRouter router(spec, names, std::vector<EntityId>(2), strings);

    std::vector<std::uint32_t> keys;
    for (int k = 0; k < 200'000; ++k) {
        std::snprintf(buffer, sizeof buffer, "d%d.e%d.r%d", k % 211, (k / 211) % 53, k % 47);
        keys.push_back(strings.intern(buffer));
    }
    std::vector<std::uint32_t> queues;
    std::size_t copies = 0;
    auto start = Clock::now();
    for (const std::uint32_t k : keys) {
        router.route(1, k, 0, queues);
        copies += queues.size();
    }
    const double firstTime = secondsSince(start);
    start = Clock::now();
    for (int round = 0; round < 10; ++round) {
        for (const std::uint32_t k : keys) {
            router.route(1, k, 0, queues);
            copies += queues.size();
        }
    }
    const double seenTime = secondsSince(start);
    std::printf("topic_bindings: %zu\n", spec.bindings.size());
    std::printf("distinct_keys: %zu\n", keys.size());
    std::printf("keys_per_s_first_seen: %.0f\n", static_cast<double>(keys.size()) / firstTime);
    std::printf("keys_per_s_seen_before: %.0f\n",
                10.0 * static_cast<double>(keys.size()) / seenTime);
    std::printf("queue_copies_routed: %zu\n", copies);
    return 0;
}
