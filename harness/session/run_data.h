#pragma once

#include "harness/run/expectations.h"
#include "harness/run/runner.h"
#include "harness/session/block_vector.h"
#include "harness/session/run_feed.h"
#include "simulator/observe/alert_monitor.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/observe/record.h"
#include "simulator/observe/run_summary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// One run as the desktop app's views see it, kept on the thread that shows it: every record,
// every published message, the run's names, metrics samples, and once the run is over its
// summary, expectations and digest. Filled batch by batch while the run computes elsewhere
// (RunFeed), so views can fill in as the run goes.
class RunData {
public:
    void append(RunBatch&& batch);
    // The run is over (completed, stopped or cancelled): what only the end can say.
    void finish(const RunOutcome& outcome);

    const BlockVector<Record>& records() const { return m_records; }
    // The message a Published record published; nullptr for an id not published (yet).
    const Message* message(std::uint32_t id) const;
    EntityId publisherOf(std::uint32_t id) const;
    const EntityTable& entities() const { return m_entities; }
    const StringTable& strings() const { return m_strings; }
    const StringTable& eventTypes() const { return m_eventTypes; }
    const std::vector<MetricsSample>& samples() const { return m_samples; }
    // The last metrics sample at or before `t`; nullptr when there is none.
    const MetricsSample* sampleAt(SimTime t) const;
    // Indices of the records about message `id`, in order (a scan: call it for one message).
    std::vector<std::size_t> recordsOf(std::uint32_t id) const;
    // The first record at or after `t` (records().size() when none).
    std::size_t firstRecordAt(SimTime t) const;

    // How far the run has computed: the time of its last record so far, or its end once over.
    SimTime frontier() const { return m_frontier; }
    bool finished() const { return m_finished; }
    RunStop stop() const { return m_stop; }
    // What broke, when stop() is Failed.
    const std::string& failure() const { return m_failure; }
    const RunSummary& summary() const { return m_summary; }
    const std::vector<ExpectationResult>& expectations() const { return m_expectations; }
    const std::vector<AlertEvent>& alertEvents() const { return m_alerts; }
    const std::vector<AlertRule>& alertRules() const { return m_alertRules; }
    std::uint64_t digest() const { return m_digest; }
    std::uint64_t seed() const { return m_seed; }
    void setSeed(std::uint64_t seed) { m_seed = seed; }

private:
    BlockVector<Record> m_records;
    BlockVector<Message> m_messages;    // by id - 1; id 0 where none was published
    BlockVector<EntityId> m_publishers; // by id - 1
    EntityTable m_entities;
    StringTable m_strings;
    StringTable m_eventTypes;
    std::vector<MetricsSample> m_samples;
    SimTime m_frontier;
    bool m_finished = false;
    RunStop m_stop = RunStop::Completed;
    std::string m_failure;
    RunSummary m_summary;
    std::vector<ExpectationResult> m_expectations;
    std::vector<AlertEvent> m_alerts;
    std::vector<AlertRule> m_alertRules;
    std::uint64_t m_digest = 0;
    std::uint64_t m_seed = 0;
};

} // namespace evsim
