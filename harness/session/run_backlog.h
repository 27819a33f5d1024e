#pragma once

#include "harness/session/run_feed.h"

#include <cstddef>
#include <deque>

namespace evsim {

// What a run's feed has handed over and the views have not taken in yet, given out in slices
// of a bounded number of records: a run computes faster than a GUI thread takes its records
// in, and one batch of everything pending would freeze the window for seconds. Each slice is
// a RunBatch as RunFeed::take() gives one: names first, then records with the messages of
// their Published records, then the samples up to the slice's last record. Batches are kept
// as they came, so adding one never moves the records already waiting.
class RunBacklog {
public:
    void add(RunBatch&& batch);
    bool empty() const { return m_batches.empty(); }
    std::size_t pendingRecords() const { return m_pending; }
    // The next at most `mostRecords` records, from the oldest batch still pending.
    RunBatch next(std::size_t mostRecords);

private:
    std::deque<RunBatch> m_batches;
    // Given out of the front batch so far.
    std::size_t m_records = 0;
    std::size_t m_messages = 0;
    std::size_t m_samples = 0;
    std::size_t m_pending = 0; // records in every batch, less those given out
};

} // namespace evsim
