#include "simulator/broker/amqp/death_table.h"

#include <algorithm>
#include <cassert>
#include <string>

namespace evsim {

std::uint32_t DeathTable::died(std::uint32_t from, const DeathEntry& entry) {
    std::vector<DeathEntry> entries;
    entries.reserve((from == kNone ? 0 : m_histories[from].entries.size()) + 1);
    DeathEntry front = entry;
    front.count = 1;
    if (from != kNone) {
        for (const DeathEntry& e : m_histories[from].entries) {
            if (e.queue == entry.queue && e.reason == entry.reason) {
                front.count = e.count + 1;
                front.time = e.time;
            } else {
                entries.push_back(e);
            }
        }
    }
    entries.insert(entries.begin(), front);
    std::uint32_t index = kNone;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = static_cast<std::uint32_t>(m_histories.size());
        m_histories.emplace_back();
    }
    m_histories[index].entries = std::move(entries);
    m_histories[index].holders = 1;
    return index;
}

void DeathTable::release(std::uint32_t history) {
    if (history == kNone) {
        return;
    }
    assert(m_histories[history].holders > 0);
    if (--m_histories[history].holders == 0) {
        m_histories[history].entries.clear();
        m_free.push_back(history);
    }
}

void DeathTable::checkHolders(const std::vector<std::uint32_t>& held,
                              const InvariantCheck& check) const {
    for (std::size_t h = 0; h < m_histories.size(); ++h) {
        EVSIM_INVARIANT(check, m_histories[h].holders == held[h], kNoEntity,
                        "x-death history " + std::to_string(h) + " counts " +
                            std::to_string(m_histories[h].holders) + " holders, but " +
                            std::to_string(held[h]) + " copies carry it");
    }
}

const std::vector<DeathEntry>& DeathTable::entries(std::uint32_t history) const {
    return history == kNone ? m_empty : m_histories[history].entries;
}

std::uint32_t DeathTable::countIn(std::uint32_t history, EntityId queue,
                                  DeadLetterReason reason) const {
    for (const DeathEntry& e : entries(history)) {
        if (e.queue == queue && e.reason == reason) {
            return e.count;
        }
    }
    return 0;
}

bool DeathTable::anyRejected(std::uint32_t history) const {
    const auto& list = entries(history);
    return std::any_of(list.begin(), list.end(),
                       [](const DeathEntry& e) { return e.reason == DeadLetterReason::Rejected; });
}

bool DeathTable::mentions(std::uint32_t history, EntityId queue) const {
    const auto& list = entries(history);
    return std::any_of(list.begin(), list.end(),
                       [queue](const DeathEntry& e) { return e.queue == queue; });
}

} // namespace evsim
