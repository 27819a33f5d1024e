#pragma once

#include <cstdint>
#include <string_view>

// The most the scenario format allows of each thing. Past these a value cannot be meant (a
// generated file gone wrong, an extra zero, a hostile file), and refusing it keeps validation
// and runs cheap. docs/scenario-format.md ("Limits") lists them; the JSON Schema has those it
// can express. A value over its limit is a LoadErrorCode::LimitExceeded error that says the
// limit and `why`.

namespace evsim::loader {

struct Limit {
    std::uint64_t max;
    std::string_view why; // the error's hint
};

// How many entries an array may have.
inline constexpr Limit kMaxServices{
    100'000, "far more services than a system modelled here has; a generated file gone wrong?"};
inline constexpr Limit kMaxProducers{
    1'000, "every instance of the service runs each of its producers; a loop gone wrong?"};
inline constexpr Limit kMaxConsumers{
    1'000, "every instance of the service runs each of its consumers; a loop gone wrong?"};
inline constexpr Limit kMaxExchanges{
    100'000, "far more exchanges than a broker is run with; a generated file gone wrong?"};
inline constexpr Limit kMaxQueues{
    100'000, "far more queues than a broker is run with; a generated file gone wrong?"};
inline constexpr Limit kMaxBindings{
    1'000'000, "far more bindings than a broker is run with; a generated file gone wrong?"};
inline constexpr Limit kMaxEmits{
    100, "each processed message publishes every emit, so the load multiplies at each hop"};
inline constexpr Limit kMaxTimelineEntries{
    100'000, "the timeline is for hand-written interventions; use a producer for a stream"};
inline constexpr Limit kMaxExpectations{10'000, "far more checks than a report can show usefully"};
inline constexpr Limit kMaxEmpiricalPoints{
    10'000, "a few hundred points describe any measured distribution to well under a percent"};
inline constexpr Limit kMaxAlerts{1'000, "far more alert rules than anyone reads in a report"};
inline constexpr Limit kMaxSchemas{10'000, "far more event types than a system modelled here has"};
inline constexpr Limit kMaxVersions{255, "a schema version is a byte in the envelope (1-255)"};
inline constexpr Limit kMaxPoisonRules{
    100, "every rule is matched against every message a consumer processes"};

// Values.
inline constexpr Limit kMaxInstances{
    100'000, "each instance is simulated on its own, with its connections and random streams"};
inline constexpr Limit kMaxTotalInstances{
    1'000'000, "each instance is simulated on its own, so memory and run time grow with the sum"};
inline constexpr Limit kMaxPrefetch{65'535,
                                    "AMQP's prefetch-count is a 16-bit field; 0 means unlimited"};
inline constexpr Limit kMaxCount{
    4'294'967'295, "message ids are 32-bit per run; leave \"count\" out for an endless stream"};
inline constexpr Limit kMaxRatePerSecond{
    1'000'000'000, "time is counted in whole nanoseconds, so a shorter gap would be 0"};
inline constexpr Limit kMaxBodyBytes{
    1'048'576, "every copy of the message carries its body; 1 MiB of JSON (as written compactly)"};
inline constexpr Limit kMaxHeadersBytes{
    65'536, "every copy of the message carries its headers; 64 KiB of JSON (as written compactly)"};
inline constexpr Limit kMaxRetries{
    1'000, "each retry is simulated; a client retrying more than this is stuck in a loop"};
inline constexpr Limit kMaxAttempts{
    1'000, "each attempt is simulated; a message failing more than this is stuck in a loop"};
inline constexpr Limit kMaxSlowDownFactor{
    1'000'000, "processing times are whole nanoseconds; a larger factor could overflow them"};

// A partitioned log's cluster (KAFKA12): a replica's in-sync state is a bit of a 64-bit set.
inline constexpr Limit kMaxBrokers{64, "EventSim models a cluster of up to 64 brokers"};

} // namespace evsim::loader
