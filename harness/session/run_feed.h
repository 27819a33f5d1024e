#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/observe/record_sink.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace evsim {

class Simulation;

// What a run produced since the last RunFeed::take(): records in order, the messages they
// published, the names (entities, strings, event types) that appeared, and metrics samples.
// Names come as the run numbered them: entity n is the n-th ever added, and so on.
struct RunBatch {
    std::vector<Record> records;
    std::vector<Message> messages;    // every Published record's message, in order
    std::vector<EntityInfo> entities; // new entities, numbered from firstEntity
    std::uint32_t firstEntity = 0;
    std::vector<std::string> strings; // new strings, from firstString
    std::uint32_t firstString = 0;
    std::vector<std::string> eventTypes; // new event types, from firstEventType
    std::uint32_t firstEventType = 0;
    std::vector<MetricsSample> samples;
};

// Watches a running simulation from the thread that runs it and hands what it saw to another
// thread in batches: the desktop app's bridge between a run computed off its GUI thread and
// its views. Copies what it needs as records arrive, so the reader never touches the
// simulation while it runs.
class RunFeed final : public RecordSink, public MetricsSink {
public:
    explicit RunFeed(const Simulation& simulation);

    void onRecord(const Record& record, const Message* message) override;
    void onSample(const MetricsSample& sample) override;

    // Everything since the last take() (thread-safe; any thread).
    RunBatch take();

private:
    void catchUpNames(); // under m_mutex

    const Simulation& m_simulation;
    std::mutex m_mutex;
    RunBatch m_pending;
    // Names copied so far. Entity 0 ("none") and string 0 ("") exist in every table already.
    std::uint32_t m_entities = 1;
    std::uint32_t m_strings = 1;
    std::uint32_t m_eventTypes = 1;
};

} // namespace evsim
