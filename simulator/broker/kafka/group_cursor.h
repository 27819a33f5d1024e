#pragma once

#include "simulator/kernel/sim_time.h"

#include <algorithm>
#include <cstdint>

namespace evsim {

// A consumer group's place in one partition (KAFKA05): `committed` is where a member that
// takes the partition over resumes, `position` the next offset to hand out. The offsets in
// between are out with the owner, handed out in order in one generation of tags: tag
// `firstTag + i` is the i-th offset from `firstOffset`. A rewind (the owner's session closed,
// the partition revoked, a retry in place) starts a new generation at `committed`, so a settle
// carrying an older tag is stale.
//
// A commit is absolute, as Kafka's: committing offset o + 1 says every record before it is
// processed, so what the owner has not settled below it counts as done. A member reads a
// partition in order, so those settles were on their way.
//
// A member that commits on an interval (auto.commit.interval.ms) processes records before it
// commits them: `processed` lies between the two, and the member holds what is between it and
// `position`. A member that commits each record as it processes it has processed == committed.
//
// A purge skips what is not handed out yet: offsets [skipFrom, skipTo) are never handed out,
// and the commit that reaches skipFrom jumps to skipTo.
class GroupCursor {
public:
    static constexpr std::uint32_t kNobody = UINT32_MAX;
    static constexpr std::uint64_t kStale = UINT64_MAX;

    std::uint64_t committed() const { return m_committed; }
    std::uint64_t processed() const { return m_processed; }
    std::uint64_t position() const { return m_position; }

    // The offset handOut() hands out next.
    std::uint64_t next() const {
        return skipping() && m_position == m_skipFrom ? m_skipTo : m_position;
    }

    // Records not handed out yet, up to the log's end `end`.
    std::uint64_t ready(std::uint64_t end) const {
        return end - m_position - (skipping() && m_position <= m_skipFrom ? skipped() : 0);
    }
    // Handed out and not committed yet.
    std::uint64_t unsettled() const {
        const bool spans = skipping() && m_committed <= m_skipFrom && m_position >= m_skipTo;
        return m_position - m_committed - (spans ? skipped() : 0);
    }
    // Handed out and not processed yet: what its owner holds.
    std::uint64_t inHand() const {
        const bool spans = skipping() && m_processed <= m_skipFrom && m_position >= m_skipTo;
        return m_position - m_processed - (spans ? skipped() : 0);
    }
    // A purge's skip waits for the commit that reaches it.
    bool skipPending() const { return skipping(); }
    // Not committed yet, up to `end`: what the group has still to account for (KAFKA06's lag).
    std::uint64_t lag(std::uint64_t end) const { return ready(end) + unsettled(); }

    // Starts (or restarts) at `offset`, as a group does when it first reads the partition.
    void startAt(std::uint64_t offset) {
        m_committed = m_processed = m_position = offset;
        m_skipFrom = m_skipTo = 0;
        restartTags();
    }

    // The offset a tag names, or kStale when it is of an older generation or was never
    // handed out.
    std::uint64_t offsetOf(std::uint32_t tag) const {
        if (tag < m_firstTag || tag >= m_nextTag) {
            return kStale;
        }
        std::uint64_t offset = m_firstOffset + (tag - m_firstTag);
        if (skipping() && m_firstOffset <= m_skipFrom && offset >= m_skipFrom) {
            offset += skipped();
        }
        return offset;
    }

    // Hands out the next offset (ready() must be above 0): its offset, tag and attempt (2 and
    // up for an offset handed out before).
    struct HandOut {
        std::uint64_t offset = 0;
        std::uint32_t tag = 0;
        std::uint16_t attempt = 1;
    };
    HandOut handOut() {
        if (skipping() && m_position == m_skipFrom) {
            m_position = m_skipTo;
        }
        HandOut out;
        out.offset = m_position;
        out.tag = m_nextTag++;
        if (m_position == m_counted) {
            ++m_attempts;
        } else {
            m_counted = m_position;
            m_attempts = m_position < m_highest ? 2 : 1;
        }
        out.attempt = static_cast<std::uint16_t>(m_attempts > UINT16_MAX ? UINT16_MAX : m_attempts);
        ++m_position;
        if (m_position > m_highest) {
            m_highest = m_position;
        }
        return out;
    }

    // Commits through `offset`: returns how many records that settles (0 when it was
    // committed already).
    std::uint64_t commitThrough(std::uint64_t offset) {
        if (offset < m_committed) {
            return 0;
        }
        const std::uint64_t before = unsettled();
        m_committed = offset + 1;
        m_processed = std::max(m_processed, m_committed);
        if (skipping() && m_committed == m_skipFrom) {
            passSkip();
        }
        return before - unsettled();
    }
    // Its owner processed `offset`, to be committed later (an interval's commit).
    void markProcessed(std::uint64_t offset) { m_processed = std::max(m_processed, offset + 1); }

    // Calls fn(offset) for every offset handed out and not committed, in order.
    template <typename Fn> void forEachUnsettled(Fn fn) const {
        for (std::uint64_t offset = m_committed; offset < m_position; ++offset) {
            if (skipping() && offset == m_skipFrom) {
                offset = m_skipTo - 1;
                continue;
            }
            fn(offset);
        }
    }

    // Everything handed out and not committed is taken back: the next owner (or this one, on
    // a retry in place) reads again from `committed`.
    void rewind() {
        m_position = m_processed = m_committed;
        restartTags();
    }

    // A seek (KAFKA07), with nothing handed out (rewind() first): committed, processed and
    // position move to `target` at once. Calls onPassed(offset) for each offset it passes
    // unread, and onReopened(offset) for each it will read again: committed before, or skipped
    // by a purge. Offsets below the highest ever handed out count as redeliveries when handed
    // out again, those a skip passed unread among them (the cursor keeps no list of gaps).
    template <typename OnPassed, typename OnReopened>
    void seek(std::uint64_t target, OnPassed onPassed, OnReopened onReopened) {
        const auto skippedAlready = [&](std::uint64_t o) {
            return skipping() && o >= m_skipFrom && o < m_skipTo;
        };
        for (std::uint64_t o = m_committed; o < target; ++o) {
            if (!skippedAlready(o)) {
                onPassed(o);
            }
        }
        for (std::uint64_t o = target; o < m_committed; ++o) {
            onReopened(o);
        }
        for (std::uint64_t o = std::max(target, m_skipFrom); skipping() && o < m_skipTo; ++o) {
            onReopened(o);
        }
        startAt(target);
    }

    // A purge: every record not handed out yet, up to `end`, is skipped, each offset passed
    // to `onSkipped`. Returns how many. A second purge while records between the first one's
    // skip and the position are still out cannot be kept as one skip: it skips nothing (Kafka
    // itself has no purge of a group).
    template <typename OnSkipped> std::uint64_t skipAll(std::uint64_t end, OnSkipped onSkipped) {
        if (skipping() && m_position > m_skipFrom) {
            return 0;
        }
        const std::uint64_t count = ready(end);
        if (count == 0) {
            return 0;
        }
        for (std::uint64_t offset = m_position; offset < end; ++offset) {
            if (skipping() && offset == m_skipFrom) {
                offset = m_skipTo - 1; // skipped already
                continue;
            }
            onSkipped(offset);
        }
        m_skipFrom = m_position;
        m_skipTo = end;
        if (m_committed == m_skipFrom) {
            passSkip();
        }
        return count;
    }

    std::uint32_t owner = kNobody; // the member (consumer index) reading it
    // The transaction the commit of the record in hand goes in (KAFKA09), 0 for none: a
    // member that reads, transforms and writes in transactions holds one record at a time.
    std::uint32_t transaction = 0;
    // When the record at next() is due, if a timer is set to read on then (a retry topic's
    // back-off); zero when none is.
    SimTime wakeAt;

private:
    bool skipping() const { return m_skipTo > m_skipFrom; }
    std::uint64_t skipped() const { return m_skipTo - m_skipFrom; }
    void restartTags() {
        m_firstOffset = m_position;
        m_firstTag = m_nextTag;
    }
    // The commit reached the skip: it is passed, and the tags handed out after it keep naming
    // their offsets.
    void passSkip() {
        m_committed = m_skipTo;
        m_processed = std::max(m_processed, m_committed);
        if (m_position < m_skipTo) {
            m_position = m_skipTo;
            restartTags(); // nothing is out: a new generation starts after the skip
        } else if (m_firstOffset <= m_skipFrom) {
            m_firstOffset += skipped();
        }
        m_skipFrom = m_skipTo = 0;
    }

    std::uint64_t m_committed = 0;
    std::uint64_t m_processed = 0;
    std::uint64_t m_position = 0;
    std::uint64_t m_highest = 0; // one past the highest offset ever handed out
    std::uint64_t m_firstOffset = 0;
    std::uint64_t m_skipFrom = 0;
    std::uint64_t m_skipTo = 0;
    std::uint64_t m_counted = UINT64_MAX; // the offset m_attempts counts deliveries of
    std::uint32_t m_attempts = 0;
    std::uint32_t m_firstTag = 1;
    std::uint32_t m_nextTag = 1;
};

} // namespace evsim
