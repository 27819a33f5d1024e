#pragma once

#include "simulator/observe/record.h"
#include "simulator/observe/record_sink.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace evsim {

// The one stream every record of a run goes through: the digest and the count cover every
// record, the records themselves are kept only when asked (a GUI seeking through a run), and
// the sinks attached see each one as it is appended. So a digest, a kept log and a live view of
// one run can never disagree, and a large headless run streams through in constant memory.
class RecordLog {
public:
    explicit RecordLog(bool keepRecords) : m_keep(keepRecords) {}

    void append(const Record& r, const Message* message) {
        m_digest.add(r);
        ++m_count;
        if (m_keep) {
            m_records.push_back(r);
        }
        for (RecordSink* sink : m_sinks) {
            sink->onRecord(r, message);
        }
    }

    // `sink` sees every record appended from now on, after the sinks attached before it,
    // until detached. Not owned.
    void attach(RecordSink* sink) { m_sinks.push_back(sink); }
    void detach(RecordSink* sink) {
        const auto at = std::find(m_sinks.begin(), m_sinks.end(), sink);
        if (at != m_sinks.end()) {
            m_sinks.erase(at);
        }
    }

    bool keepsRecords() const { return m_keep; }
    // Whether anything sees the message a record is about (a sink); when not, callers may
    // pass none.
    bool hasSinks() const { return !m_sinks.empty(); }
    std::uint64_t count() const { return m_count; }
    std::uint64_t digest() const { return m_digest.value(); }
    std::size_t memoryBytes() const { return m_records.capacity() * sizeof(Record); }

    // Kept records in the order they happened (empty when not kept). Readers may remember an
    // index and read only what was appended since.
    const std::vector<Record>& records() const { return m_records; }

private:
    bool m_keep;
    std::vector<RecordSink*> m_sinks; // in the order attached
    std::uint64_t m_count = 0;
    Digest m_digest;
    std::vector<Record> m_records;
};

} // namespace evsim
