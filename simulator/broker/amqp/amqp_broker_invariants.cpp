#include "simulator/broker/amqp/amqp_broker.h"

#include <string>

// AmqpBroker, continued: its books checked against themselves (BrokerModel::checkInvariants).

namespace evsim {
namespace {

std::string n(std::uint64_t value) {
    return std::to_string(value);
}

} // namespace

void AmqpBroker::checkInvariants(const InvariantCheck& check,
                                 std::vector<std::uint32_t>& references) const {
    std::vector<std::uint32_t> histories(m_deaths.historyCount(), 0);
    // A live copy holds one reference to its message and one to its x-death history.
    const auto holds = [&](std::uint32_t copy) {
        ++references[m_copies[copy].message];
        if (const std::uint32_t history = m_copies.deaths(copy); history != DeathTable::kNone) {
            ++histories[history];
        }
    };

    std::uint64_t listed = 0; // copies in ready lists, removed ones included
    for (std::uint32_t qi = 0; qi < m_queues.size(); ++qi) {
        const AmqpQueue& q = m_queues[qi];
        const EntityId queue = q.stats.entity;
        std::uint64_t ready = 0;
        std::uint64_t bytes = 0;
        std::uint64_t expiring = 0;
        bool first = true;
        std::uint32_t lastSequence = 0;
        q.forEachListed([&](std::uint32_t copy) {
            const QueueCopy& c = m_copies[copy];
            ++listed;
            // New copies take the next sequence and returned ones go back to their place
            // (classic) or take the next (quorum): a ready list is always in sequence order.
            EVSIM_INVARIANT(check, first || sequenceBefore(lastSequence, c.sequence), queue,
                            "copy " + n(copy) + " (sequence " + n(c.sequence) +
                                ") is listed after sequence " + n(lastSequence));
            first = false;
            lastSequence = c.sequence;
            if (c.state == QueueCopy::State::Removed) {
                return; // freed when it reaches the head
            }
            EVSIM_INVARIANT(check, c.state == QueueCopy::State::Ready, queue,
                            "copy " + n(copy) + " is in the ready list but is not ready here");
            ++ready;
            bytes += m_env.messages.content(c.message).bodyBytes;
            expiring += m_copies.expires(copy) ? 1 : 0;
            holds(copy);
        });
        EVSIM_INVARIANT(check, ready == q.ready(), queue,
                        "ready count " + n(q.ready()) + ", but its ready list holds " + n(ready));
        EVSIM_INVARIANT(check, bytes == q.readyBytes(), queue,
                        "ready bytes " + n(q.readyBytes()) + ", but its ready copies hold " +
                            n(bytes));
        EVSIM_INVARIANT(check, expiring == q.expiring, queue,
                        n(q.expiring) + " ready copies counted as expiring, but " + n(expiring) +
                            " have an expiry time");
        std::uint64_t unacked = 0;
        for (const std::uint32_t s : q.subscribers) {
            unacked += m_subscribers[s].outstanding.count();
        }
        EVSIM_INVARIANT(check, unacked == q.unacked, queue,
                        "unacked " + n(q.unacked) + ", but its consumers hold " + n(unacked));
    }

    std::uint64_t delivered = 0; // copies out with a subscriber, unsettled
    for (std::uint32_t si = 0; si < m_subscribers.size(); ++si) {
        const Subscriber& s = m_subscribers[si];
        std::uint32_t count = 0;
        s.outstanding.forEach([&](std::uint32_t copy, SimTime) {
            ++count;
            EVSIM_INVARIANT(check, m_copies[copy].state == QueueCopy::State::Delivered, s.entity,
                            "copy " + n(copy) + " is among its unsettled deliveries but is not " +
                                "out with a consumer");
            holds(copy);
        });
        delivered += count;
        EVSIM_INVARIANT(check, count == s.outstanding.count(), s.entity,
                        "it counts " + n(s.outstanding.count()) +
                            " unsettled deliveries, but holds " + n(count));
        EVSIM_INVARIANT(check, s.open || s.outstanding.count() == 0, s.entity,
                        "its channel is closed, yet it holds " + n(s.outstanding.count()) +
                            " deliveries");
        EVSIM_INVARIANT(check, !s.autoAck || s.outstanding.count() == 0, s.entity,
                        "it acks automatically, yet holds " + n(s.outstanding.count()) +
                            " unsettled");
        EVSIM_INVARIANT(check, s.prefetch == 0 || s.outstanding.count() <= s.prefetch, s.entity,
                        "unacked " + n(s.outstanding.count()) + " exceeds its prefetch " +
                            n(s.prefetch));
    }
    EVSIM_INVARIANT(check, m_copies.live() == listed + delivered, kNoEntity,
                    "the broker has " + n(m_copies.live()) + " copies in use, but its ready " +
                        "lists hold " + n(listed) + " and its consumers " + n(delivered));
    m_deaths.checkHolders(histories, check);
}

} // namespace evsim
