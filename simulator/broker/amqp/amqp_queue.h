#pragma once

#include "simulator/broker/amqp/queue_copy.h"
#include "simulator/kernel/ring_buffer.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/amqp_spec.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace evsim {

// One RabbitMQ queue: its settings, its ready copies in the order they will be delivered, its
// subscribers and its totals. The broker (amqp_broker.h) decides what happens to copies; this
// class keeps the ready list right for the queue's type:
//   - classic: a returned copy goes back to its original place (AMQP13), and expiry is seen
//     only at the head (AMQP07);
//   - quorum: a returned copy goes to the back (AMQP13, RabbitMQ 3.x), and each copy expires
//     at its own time wherever it is (AMQP07).
class AmqpQueue {
public:
    static constexpr std::uint32_t kNoExchange = UINT32_MAX;
    static constexpr std::uint32_t kKeepRoutingKey = UINT32_MAX;

    AmqpQueue(const QueueSpec& spec, std::uint32_t index, EntityId entity,
              std::uint32_t deadLetterExchange, std::uint32_t deadLetterRoutingKey);

    // What every publish, delivery and ack touches comes first, so that with thousands of
    // queues one delivery reads one or two cache lines of its queue, not eight.
    std::vector<std::uint32_t> subscribers; // indices into the broker's subscribers
    std::size_t nextSubscriber = 0;         // round-robin position (AMQP15)
    std::uint64_t unacked = 0;
    QueueType type;
    Overflow overflow;
    bool lengthLimited; // x-max-length or x-max-length-bytes is set
    bool watchingDrain = false;
    // Ready copies with an expiry time (a TTL): while there are none, nothing needs checking
    // for expiry.
    std::uint64_t expiring = 0;
    std::uint32_t deadLetterExchange; // router index, or kNoExchange

private:
    RingBuffer<std::uint32_t> m_ready; // copy indices; classic: sorted by sequence
    std::uint32_t m_returnsAhead = 0;  // quorum: how many at its front came back ahead
    std::uint64_t m_readyCount = 0;    // excludes removed copies still listed
    std::uint64_t m_readyBytes = 0;

public:
    QueueCounters stats;

    // Settings.
    std::uint32_t index; // in the broker's queues
    bool durable;
    std::optional<SimTime> messageTtl;
    std::optional<std::uint64_t> maxLength;
    std::optional<std::uint64_t> maxLengthBytes;
    std::uint32_t deadLetterRoutingKey; // StringTable index, or kKeepRoutingKey
    std::optional<std::uint32_t> deliveryLimit;

    std::vector<SimTime> drainedAt;         // when it drained while watched, in order
    SimTime expiryCheckAt = SimTime::max(); // when a pending expiry timer fires, if any

    std::uint64_t ready() const { return m_readyCount; }
    std::uint64_t readyBytes() const { return m_readyBytes; }
    std::uint64_t depth() const { return m_readyCount + unacked; }

    // A new copy joins the back.
    void pushReady(std::uint32_t copy, CopyPool& copies, std::uint32_t bytes) {
        QueueCopy& c = copies[copy];
        c.state = QueueCopy::State::Ready;
        expiring += copies.expires(copy) ? 1 : 0;
        m_ready.pushBack(copy);
        ++m_readyCount;
        m_readyBytes += bytes;
    }
    // A delivered copy comes back ready (AMQP13). A classic queue puts it back where it was, by
    // its sequence. A quorum queue (RabbitMQ 3.10's rabbit_fifo) puts it `ahead` of the waiting
    // copies, after those that came back ahead before it (its returns queue), or at the back.
    void returnReady(std::uint32_t copy, CopyPool& copies, std::uint32_t bytes, bool ahead);
    // The first ready copy, kNoCopy when none. Copies marked removed at the head are freed.
    std::uint32_t head(CopyPool& copies) {
        if (m_ready.empty()) {
            return kNoCopy;
        }
        const std::uint32_t front = m_ready.front();
        return copies[front].state != QueueCopy::State::Removed ? front : headAfterRemoved(copies);
    }
    // The same without freeing anything (for samples and summaries).
    std::uint32_t peekHead(const CopyPool& copies) const;
    // Takes the head `copy` (which head() returned) out of the ready list.
    void popHead(std::uint32_t copy, const CopyPool& copies, std::uint32_t bytes) {
        expiring -= copies.expires(copy) ? 1 : 0;
        popFront();
        --m_readyCount;
        m_readyBytes -= bytes;
    }
    // A ready copy leaves from anywhere (quorum expiry): it is marked removed and freed when
    // it reaches the head. The caller releases what the copy held.
    void removeReady(std::uint32_t copy, CopyPool& copies, std::uint32_t bytes);
    // Calls fn(copy) for each copy the ready list holds, front to back, removed ones included
    // (for invariant checks).
    template <typename Fn> void forEachListed(Fn fn) const {
        for (std::size_t i = 0; i < m_ready.size(); ++i) {
            fn(m_ready[i]);
        }
    }
    // Every ready copy, in delivery order, for purge and restart; the list is emptied.
    std::vector<std::uint32_t> takeAllReady(CopyPool& copies);

    // Quorum queues: copies by expiry. The earliest (time, copy, sequence) still pending, if
    // any; pops stale entries (copies gone since) as it finds them.
    struct Expiry {
        SimTime at;
        std::uint32_t copy;
        std::uint32_t sequence;
    };
    void addExpiry(const Expiry& e);
    std::optional<Expiry> nextExpiry(const CopyPool& copies);
    void popExpiry();

    std::size_t memoryBytes() const;

private:
    std::uint32_t headAfterRemoved(CopyPool& copies);
    std::uint32_t popFront() {
        m_returnsAhead -= m_returnsAhead > 0 ? 1 : 0;
        return m_ready.popFront();
    }

    std::vector<Expiry> m_expiries; // a min-heap by (at, sequence), quorum with TTL only
};

} // namespace evsim
