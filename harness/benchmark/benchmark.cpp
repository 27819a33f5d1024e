#include "harness/benchmark/benchmark.h"

#include "harness/benchmark/log_model.h"
#include "harness/benchmark/standard_model.h"
#include "harness/benchmark/topology_model.h"
#include "simulator/engine/simulation.h"
#include "simulator/observe/record.h"

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <sys/resource.h>

namespace evsim {
namespace {

std::uint64_t peakRss() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

// Resident memory now, from /proc/self/statm (0 where there is none).
std::int64_t currentRss() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (f == nullptr) {
        return 0;
    }
    long long pages = 0;
    long long resident = 0;
    const int read = std::fscanf(f, "%lld %lld", &pages, &resident);
    std::fclose(f);
    return read == 2 ? resident * 4096 : 0;
}

} // namespace

BenchResult runBenchmark(const BenchOptions& options) {
    const Scenario scenario = options.log ? logModel(options.messages, options.seed)
                              : options.queues > 0
                                  ? topologyModel(options.queues, options.messages, options.seed)
                                  : standardModel(options.messages, options.seed);
    SimulationOptions simOptions;
    simOptions.keepRecords = false;
    const std::int64_t rssBefore = currentRss();
    const auto setupStarted = std::chrono::steady_clock::now();
    Simulation sim(scenario, simOptions);
    const double setupSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStarted).count();
    const std::int64_t setupBytes = currentRss() - rssBefore;

    // Each producer publishes about once per virtual millisecond (the log model's once per
    // 10 ms), so publishing ends near (messages per producer) gaps; half of that is well into
    // steady state, after every buffer has grown to its working size.
    const std::uint64_t producers = options.queues > 0 ? options.queues : 10;
    const std::int64_t gapMicros = options.log ? 10'000 : 1000;
    const SimTime half = SimTime::fromMicros(
        static_cast<std::int64_t>(options.messages / producers / 2) * gapMicros);
    // Samples of the per-message state, taken between slices (slicing changes nothing in a
    // run); sampling costs a few microseconds, well under 0.1 % of the run.
    constexpr int kSamples = 64;
    std::size_t sampledBytes = 0;
    std::size_t sampledMessages = 0;
    auto sample = [&] {
        sampledBytes += sim.liveMessageStateBytes();
        sampledMessages += sim.messages().live();
    };
    std::uint64_t allocationsAtHalf = 0;
    const auto started = std::chrono::steady_clock::now();
    const auto cancelled = [&] {
        return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
    };
    for (int i = 1; i <= kSamples && !cancelled(); ++i) {
        sim.runUntil(SimTime::fromNanos(half.nanos() * i / (kSamples / 2)));
        sample();
        if (i == kSamples / 2 && options.allocationCount) {
            allocationsAtHalf = options.allocationCount();
        }
    }
    // The rest in pauses of 64k events (a pause changes nothing in a run), to notice a cancel.
    while (!cancelled() && !sim.runUntil(scenario.duration, std::uint64_t{1} << 16)) {
    }
    if (cancelled()) {
        BenchResult stopped;
        stopped.interrupted = true;
        return stopped;
    }
    const std::uint64_t allocationsAtEnd = options.allocationCount ? options.allocationCount() : 0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const RunSummary summary = sim.summary();
    BenchResult r;
    r.messages = summary.conservation.published;
    for (const QueueStats& q : summary.queues) {
        r.deliveries += q.acked;
    }
    r.events = sim.eventsProcessed();
    r.records = sim.log().count();
    r.wallSeconds = wall;
    r.peakRssBytes = peakRss();
    r.peakInFlight = sim.messages().peakLive();
    r.inFlightStateBytes = sim.inFlightStateBytes();
    r.bytesPerInFlightMessage = static_cast<double>(sampledBytes) /
                                static_cast<double>(std::max<std::size_t>(1, sampledMessages));
    r.steadyStateAllocations = options.allocationCount
                                   ? static_cast<std::int64_t>(allocationsAtEnd - allocationsAtHalf)
                                   : -1;
    r.lastEventTime = sim.lastEventTime();
    r.digest = sim.digest();
    r.queues = options.queues;
    r.log = options.log;
    r.entities = sim.broker().queueCount() + scenario.services.size();
    r.setupSeconds = setupSeconds;
    r.setupBytes = setupBytes;
    return r;
}

std::string formatBenchResult(const BenchResult& r) {
    const double deliveriesPerSecond = static_cast<double>(r.deliveries) / r.wallSeconds;
    const double eventsPerSecond = static_cast<double>(r.events) / r.wallSeconds;
    std::string out;
    out += fmt::format("model: {}\n", r.log ? "log" : r.queues > 0 ? "topology" : "standard");
    out += fmt::format("messages: {}\n", r.messages);
    out += fmt::format("deliveries: {}\n", r.deliveries);
    out += fmt::format("end_time_ns: {}\n", r.lastEventTime.nanos());
    out += fmt::format("wall_seconds: {:.3f}\n", r.wallSeconds);
    out += fmt::format("deliveries_per_s: {:.0f}\n", deliveriesPerSecond);
    out += fmt::format("events_per_s: {:.0f}\n", eventsPerSecond);
    out += fmt::format("events_per_delivery: {:.2f}\n",
                       static_cast<double>(r.events) / static_cast<double>(r.deliveries));
    out += fmt::format("records_per_delivery: {:.2f}\n",
                       static_cast<double>(r.records) / static_cast<double>(r.deliveries));
    out += fmt::format("peak_rss_bytes: {}\n", r.peakRssBytes);
    out += fmt::format("peak_inflight_messages: {}\n", r.peakInFlight);
    out += fmt::format("bytes_per_inflight_message: {:.1f}\n", r.bytesPerInFlightMessage);
    out += fmt::format("inflight_capacity_bytes: {}\n", r.inFlightStateBytes);
    out += fmt::format("bytes_per_record: {}\n", sizeof(Record));
    if (r.steadyStateAllocations >= 0) {
        out += fmt::format("heap_allocations_second_half: {}\n", r.steadyStateAllocations);
    }
    if (r.queues > 0) {
        out += fmt::format("queues: {}\n", r.queues);
        out += fmt::format("entities: {}\n", r.entities);
        out += fmt::format("setup_seconds: {:.3f}\n", r.setupSeconds);
        out += fmt::format("setup_bytes_per_entity: {:.0f}\n",
                           static_cast<double>(r.setupBytes) / static_cast<double>(r.entities));
    }
    out += fmt::format("digest: {}\n", formatDigest(r.digest));
    return out;
}

} // namespace evsim
