#pragma once

#include "observe/record.h"

#include <cstdint>
#include <vector>

namespace evsim {

// Where a Simulation appends its records. The digest and the count always cover every record;
// the records themselves are kept only when asked (a GUI seeking through a run), so a large
// headless run streams through in constant memory.
class RecordLog {
public:
    explicit RecordLog(bool keepRecords) : m_keep(keepRecords) {}

    void append(const Record& r) {
        m_digest.add(r);
        ++m_count;
        if (m_keep) {
            m_records.push_back(r);
        }
    }

    bool keepsRecords() const { return m_keep; }
    std::uint64_t count() const { return m_count; }
    std::uint64_t digest() const { return m_digest.value(); }

    // Kept records in the order they happened (empty when not kept). Readers may remember an
    // index and read only what was appended since.
    const std::vector<Record>& records() const { return m_records; }

private:
    bool m_keep;
    std::uint64_t m_count = 0;
    Digest m_digest;
    std::vector<Record> m_records;
};

} // namespace evsim
