#include "harness/session/run_data.h"

#include "simulator/engine/simulation.h"

#include <algorithm>

namespace evsim {

void RunData::append(RunBatch&& batch) {
    // Names arrive in the order the run numbered them; adding them in that order here gives
    // them the same numbers.
    for (const EntityInfo& e : batch.entities) {
        m_entities.add(e.kind, e.name, e.parent, e.instance);
    }
    for (const std::string& s : batch.strings) {
        m_strings.intern(s);
    }
    for (const std::string& s : batch.eventTypes) {
        m_eventTypes.intern(s);
    }
    std::size_t published = 0;
    for (const Record& r : batch.records) {
        m_records.push_back(r);
        if (r.kind == RecordKind::Published && published < batch.messages.size()) {
            const Message& m = batch.messages[published++];
            if (m_messages.size() < m.id) {
                m_messages.resize(m.id);
                m_publishers.resize(m.id, kNoEntity);
            }
            m_messages[m.id - 1] = m;
            m_publishers[m.id - 1] = r.entity;
        }
    }
    for (MetricsSample& s : batch.samples) {
        m_samples.push_back(std::move(s));
    }
    if (!m_records.empty()) {
        m_frontier = std::max(m_frontier, m_records.back().time);
    }
    if (!m_samples.empty()) {
        m_frontier = std::max(m_frontier, m_samples.back().time);
    }
}

void RunData::finish(const RunOutcome& outcome) {
    m_finished = true;
    m_stop = outcome.stop;
    m_failure = outcome.failure;
    m_summary = outcome.summary;
    m_expectations = outcome.expectations;
    m_digest = outcome.summary.digest;
    m_seed = outcome.summary.seed;
    m_frontier = outcome.summary.endTime;
    if (outcome.simulation) {
        m_alerts = outcome.simulation->alertEvents();
        m_alertRules = outcome.simulation->alertRules();
    }
}

const Message* RunData::message(std::uint32_t id) const {
    if (id == 0 || id > m_messages.size() || m_messages[id - 1].id == 0) {
        return nullptr;
    }
    return &m_messages[id - 1];
}

EntityId RunData::publisherOf(std::uint32_t id) const {
    return id == 0 || id > m_publishers.size() ? kNoEntity : m_publishers[id - 1];
}

std::vector<std::size_t> RunData::recordsOf(std::uint32_t id) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m_records.size(); ++i) {
        const Record& r = m_records[i];
        if (id != 0 && messageOf(r) == id) {
            out.push_back(i);
        }
    }
    return out;
}

const MetricsSample* RunData::sampleAt(SimTime t) const {
    const auto after =
        std::upper_bound(m_samples.begin(), m_samples.end(), t,
                         [](SimTime at, const MetricsSample& s) { return at < s.time; });
    return after == m_samples.begin() ? nullptr : &*(after - 1);
}

std::size_t RunData::firstRecordAt(SimTime t) const {
    return static_cast<std::size_t>(
        std::lower_bound(m_records.begin(), m_records.end(), t,
                         [](const Record& r, SimTime time) { return r.time < time; }) -
        m_records.begin());
}

} // namespace evsim
