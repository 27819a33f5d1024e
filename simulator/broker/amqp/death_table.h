#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/invariant_check.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <vector>

namespace evsim {

// One entry of a message's x-death header (AMQP11): why it left which queue, how often.
struct DeathEntry {
    EntityId queue = 0;
    DeadLetterReason reason = DeadLetterReason::Rejected;
    std::uint32_t count = 0;
    SimTime time;                 // when it first died this way in this queue
    EntityId exchange = 0;        // the exchange it had been published to
    std::uint32_t routingKey = 0; // StringTable index of its routing key then
};

// x-death histories, shared by the copies a dead-lettering made. A history never changes once
// made: dead-lettering again makes a new one from the old (RabbitMQ keeps one entry per
// (queue, reason), the newest first, and counts repeats), so fanned-out copies can share it.
// Histories are reference-counted and recycled.
class DeathTable {
public:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    // The history `from` (kNone: none yet) with one more death of `entry.queue` for
    // `entry.reason`: that entry's count grows and it moves to the front, or a new entry with
    // count 1 goes there. The result is held once (retain() for more holders).
    std::uint32_t died(std::uint32_t from, const DeathEntry& entry);

    void retain(std::uint32_t history) {
        if (history != kNone) {
            ++m_histories[history].holders;
        }
    }
    void release(std::uint32_t history);

    // Newest first; empty for kNone.
    const std::vector<DeathEntry>& entries(std::uint32_t history) const;
    // How often the copy died in `queue` for `reason` before (0 when never). Inline for the
    // common case, asked on every delivery: a copy that never died.
    std::uint32_t count(std::uint32_t history, EntityId queue, DeadLetterReason reason) const {
        return history == kNone ? 0 : countIn(history, queue, reason);
    }
    // Whether any entry's reason is rejected: RabbitMQ drops a dead-letter cycle that no
    // rejection took part in.
    bool anyRejected(std::uint32_t history) const;
    bool mentions(std::uint32_t history, EntityId queue) const;

    // Histories ever made (held or free): the range checkHolders() reads.
    std::size_t historyCount() const { return m_histories.size(); }
    // Each history's holder count against `held[history]`, the copies that carry it.
    void checkHolders(const std::vector<std::uint32_t>& held, const InvariantCheck& check) const;

private:
    std::uint32_t countIn(std::uint32_t history, EntityId queue, DeadLetterReason reason) const;
    struct History {
        std::vector<DeathEntry> entries;
        std::uint32_t holders = 0;
    };
    std::vector<History> m_histories;
    std::vector<std::uint32_t> m_free;
    std::vector<DeathEntry> m_empty;
};

} // namespace evsim
