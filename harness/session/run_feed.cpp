#include "harness/session/run_feed.h"

#include "simulator/engine/simulation.h"

namespace evsim {

RunFeed::RunFeed(const Simulation& simulation) : m_simulation(simulation) {
    const std::lock_guard lock(m_mutex);
    catchUpNames();
}

void RunFeed::catchUpNames() {
    const EntityTable& entities = m_simulation.entities();
    const auto entityCount = static_cast<std::uint32_t>(entities.size());
    if (m_entities < entityCount) {
        if (m_pending.entities.empty()) {
            m_pending.firstEntity = m_entities;
        }
        for (; m_entities < entityCount; ++m_entities) {
            m_pending.entities.push_back(entities[m_entities]);
        }
    }
    const auto copyNew = [](const StringTable& table, std::uint32_t& copied,
                            std::vector<std::string>& out, std::uint32_t& first) {
        if (copied < table.size()) {
            if (out.empty()) {
                first = copied;
            }
            for (; copied < table.size(); ++copied) {
                out.push_back(table[copied]);
            }
        }
    };
    copyNew(m_simulation.strings(), m_strings, m_pending.strings, m_pending.firstString);
    copyNew(m_simulation.eventTypes(), m_eventTypes, m_pending.eventTypes,
            m_pending.firstEventType);
}

void RunFeed::onRecord(const Record& record, const Message* message) {
    const std::lock_guard lock(m_mutex);
    // Names first: a record may name an entity or string added just before it.
    catchUpNames();
    m_pending.records.push_back(record);
    if (record.kind == RecordKind::Published && message != nullptr) {
        m_pending.messages.push_back(*message);
    }
}

void RunFeed::onSample(const MetricsSample& sample) {
    const std::lock_guard lock(m_mutex);
    m_pending.samples.push_back(sample);
}

RunBatch RunFeed::take() {
    const std::lock_guard lock(m_mutex);
    RunBatch out = std::move(m_pending);
    m_pending = RunBatch{};
    return out;
}

} // namespace evsim
