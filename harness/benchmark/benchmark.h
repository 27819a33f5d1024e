#pragma once

#include "simulator/kernel/sim_time.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace evsim {

struct BenchOptions {
    std::uint64_t messages = 1'000'000;
    std::uint64_t seed = 1;
    std::uint32_t queues = 0; // 0: the standard model; otherwise the topology model
    bool log = false;         // the partitioned-log model (log_model.h) instead
    // Reads a process-wide allocation counter; absent when the binary does not count.
    std::function<std::uint64_t()> allocationCount;
    // When set and true, the run stops at its next pause (BenchResult::interrupted).
    const std::atomic<bool>* cancel = nullptr;
};

struct BenchResult {
    bool interrupted = false; // stopped by BenchOptions::cancel: the figures mean nothing
    std::uint64_t messages = 0;
    std::uint64_t deliveries = 0; // acks that reached the broker
    std::uint64_t events = 0;
    std::uint64_t records = 0;
    double wallSeconds = 0;
    std::uint64_t peakRssBytes = 0;
    std::size_t peakInFlight = 0;             // most messages alive at once
    std::size_t inFlightStateBytes = 0;       // capacity held for per-message state at the end
    double bytesPerInFlightMessage = 0;       // live per-message state / live messages, sampled
    std::int64_t steadyStateAllocations = -1; // during the second half; -1 when not counted
    SimTime lastEventTime;                    // virtual time of the last ack
    std::uint64_t digest = 0;
    // Setting the simulation up from its scenario (the topology model only).
    std::uint32_t queues = 0;
    bool log = false;
    std::uint64_t entities = 0; // queues + services
    double setupSeconds = 0;
    std::int64_t setupBytes = 0; // resident memory the setup added
};

// Runs the standard model (standard_model.h), the topology model (topology_model.h) when
// options.queues is set, or the partitioned-log model (log_model.h) when options.log is,
// streaming records (digest only), and measures it.
BenchResult runBenchmark(const BenchOptions& options);

// "key: value" lines, one per figure, for people and scripts alike.
std::string formatBenchResult(const BenchResult& result);

} // namespace evsim
