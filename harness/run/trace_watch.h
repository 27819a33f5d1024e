#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/latency_histogram.h"
#include "simulator/observe/record_sink.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

class Simulation;

// How the traces of one root event type went: how many, which did not reach any of the event
// types they should have, and their end-to-end latency (from the root's publish to the trace's
// last record).
struct TraceReport {
    std::uint64_t traces = 0;
    std::uint64_t incomplete = 0;
    std::vector<std::uint32_t> firstIncomplete; // root message ids, at most three
    LatencyHistogram latency;
};

// Follows the traces the run's trace expectations speak of (Expectation::Kind::TracesComplete
// and TraceLatency), record by record as the run goes: a trace is a root message and every
// message its processing caused (TRACE02). Keeps a few words per trace of the watched root
// types, nothing per record.
class TraceWatch final : public RecordSink {
public:
    TraceWatch(const Scenario& scenario, const Simulation& simulation);

    bool empty() const { return m_watched.empty(); }
    void onRecord(const Record& record, const Message* message) override;
    // The report of the scenario's expectation i (a trace one); nullopt for any other.
    std::optional<TraceReport> report(std::size_t expectation) const;

private:
    struct Trace {
        SimTime start;
        SimTime last;
        bool reached = false;
    };
    struct Watched {
        std::size_t expectation = 0;
        std::string root;                 // the root event type
        std::vector<std::string> reaches; // event types one of which it must reach
        // By event type index: 0 not looked at yet, 1 the root type, 2 one it must reach,
        // 3 neither.
        std::vector<std::uint8_t> types;
        std::map<std::uint32_t, Trace> traces; // by root message id
    };
    std::uint8_t classify(Watched& w, std::uint16_t eventType) const;

    const Simulation& m_sim;
    std::vector<Watched> m_watched;
};

} // namespace evsim
