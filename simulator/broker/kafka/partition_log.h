#pragma once

#include "simulator/broker/message_store.h"
#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <vector>

namespace evsim {

// One record of a partition: its message, kept by the log, and when it was written.
struct LogRecord {
    static constexpr MessageSlot kRemoved = UINT32_MAX; // compacted away (KAFKA11)
    MessageSlot slot = 0;
    std::uint32_t message = 0; // its id, kept when compaction removes it
    SimTime appendedAt;
    bool removed() const { return slot == kRemoved; }
};

// The records of one partition by offset, from the log start offset to its end: appended at
// the end, deleted from the start (retention, KAFKA10), never moved otherwise. A vector with a
// moving head, so that reading a record by offset, on every delivery, costs what indexing a
// vector does; the space before the head is reused once it is half of the vector, so a log
// that retention keeps at a steady size stops growing.
class PartitionLog {
public:
    std::uint64_t start() const { return m_start; }
    std::uint64_t end() const { return m_start + (m_records.size() - m_head); }
    std::uint64_t size() const { return m_records.size() - m_head; }
    const LogRecord& at(std::uint64_t offset) const { return m_records[index(offset)]; }
    LogRecord& at(std::uint64_t offset) { return m_records[index(offset)]; }

    void append(const LogRecord& record) { m_records.push_back(record); }
    // Drops the first record: the log starts one offset later.
    void popFront() {
        ++m_head;
        ++m_start;
        if (m_head >= kReclaimAt && m_head * 2 >= m_records.size()) {
            m_records.erase(m_records.begin(), m_records.begin() + static_cast<long>(m_head));
            m_head = 0;
        }
    }

    std::size_t capacityBytes() const { return m_records.capacity() * sizeof(LogRecord); }

private:
    static constexpr std::size_t kReclaimAt = 1024;
    std::size_t index(std::uint64_t offset) const {
        return m_head + static_cast<std::size_t>(offset - m_start);
    }

    std::vector<LogRecord> m_records;
    std::size_t m_head = 0; // index of the record at offset m_start
    std::uint64_t m_start = 0;
};

} // namespace evsim
