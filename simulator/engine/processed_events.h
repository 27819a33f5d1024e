#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace evsim {

// Which event ids each (service, queue) pair has processed, to count the repeats a consumer
// processes again (`duplicates_processed`). Memory grows with the events processed, not with
// the number of pairs times the highest event id: most events are processed by one pair, whose
// number is kept in a dense array by event id; the other pairs of a fanned-out event go into a
// flat hash set. Membership only, never iterated, so it cannot change a run's output.
class ProcessedEvents {
public:
    // Marks `eventId` processed by `pair`; true when it had been already. Inline for the
    // common case, an event's first processing: one array write per processed message.
    bool mark(std::uint32_t pair, std::uint32_t eventId) {
        if (eventId < m_first.size() && m_first[eventId] == 0) {
            m_first[eventId] = pair + 1;
            return false;
        }
        return markAgain(pair, eventId);
    }

    std::size_t memoryBytes() const;

private:
    // The rest of mark(): the array grows, or the event was processed before by some pair.
    bool markAgain(std::uint32_t pair, std::uint32_t eventId);
    bool insertMore(std::uint64_t key); // false when it was there

    std::vector<std::uint32_t> m_first; // by event id: the first pair to process it, plus one
    std::vector<std::uint64_t> m_more;  // open addressing, kEmpty in free slots
    std::size_t m_moreSize = 0;
};

} // namespace evsim
