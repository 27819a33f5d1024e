#include "harness/session/run_backlog.h"

#include <algorithm>
#include <utility>

namespace evsim {

void RunBacklog::add(RunBatch&& batch) {
    const bool nothing = batch.records.empty() && batch.samples.empty() && batch.entities.empty() &&
                         batch.strings.empty() && batch.eventTypes.empty();
    if (nothing) {
        return;
    }
    m_pending += batch.records.size();
    m_batches.push_back(std::move(batch));
}

RunBatch RunBacklog::next(std::size_t mostRecords) {
    RunBatch out;
    if (m_batches.empty()) {
        return out;
    }
    RunBatch& front = m_batches.front();
    // The batch's names come with its first slice (they precede its records).
    out.firstEntity = front.firstEntity;
    out.firstString = front.firstString;
    out.firstEventType = front.firstEventType;
    out.entities = std::move(front.entities);
    out.strings = std::move(front.strings);
    out.eventTypes = std::move(front.eventTypes);
    front.entities.clear();
    front.strings.clear();
    front.eventTypes.clear();

    const std::size_t count = std::min(mostRecords, front.records.size() - m_records);
    const auto first = front.records.begin() + static_cast<std::ptrdiff_t>(m_records);
    out.records.assign(first, first + static_cast<std::ptrdiff_t>(count));
    m_records += count;
    m_pending -= count;
    // The messages of the slice's Published records (a Published record without a message
    // has none in the feed either).
    for (const Record& r : out.records) {
        if (r.kind == RecordKind::Published && m_messages < front.messages.size() &&
            front.messages[m_messages].id == r.message) {
            out.messages.push_back(front.messages[m_messages++]);
        }
    }
    // Samples up to the slice's last record; the rest with the batch's last slice.
    const bool lastSlice = m_records == front.records.size();
    while (m_samples < front.samples.size() &&
           (lastSlice || front.samples[m_samples].time <= out.records.back().time)) {
        out.samples.push_back(std::move(front.samples[m_samples++]));
    }
    if (lastSlice) {
        m_batches.pop_front();
        m_records = m_messages = m_samples = 0;
    }
    return out;
}

} // namespace evsim
