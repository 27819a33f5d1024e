#pragma once

// Checks semantics.md INV01 on one run two ways: the simulation's own accounting, and an
// independent replay of its records.
#include "harness/run/runner.h"
#include "tests/simulator/test_scenarios.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace evsim::testkit {

// Replays the records independently of the simulation's counters. A message is sent (a
// publish, or a second message a link made of one), then reaches the broker or is lost on the
// way, exactly once. A copy is opened in a queue by Enqueued and closed once by Acked,
// DeadLettered (which opens copies elsewhere through Enqueued) or a Dropped at the queue.
struct Replay {
    enum class Where : std::uint8_t { OnTheWay, Arrived, Lost };
    std::map<std::uint32_t, Where> messages;
    std::set<std::uint32_t> confirming;   // sent by a publisher that waits for its confirm
    std::set<std::uint32_t> deadLettered; // messages dead-lettered at least once
    std::map<std::pair<std::uint32_t, EntityId>, int> openCopies; // (message, queue) -> open
    std::uint64_t channelErrors = 0; // publishes discarded: no exchange, or a closed channel
    std::uint64_t copies = 0;
    std::uint64_t acked = 0;
    std::uint64_t dropped = 0; // copies dropped at their queue
    std::uint64_t deadLetteredCopies = 0;
    std::uint64_t unroutable = 0;
    std::map<DropReason, std::uint64_t> losses; // drops counted as losses, by reason
    std::vector<std::uint32_t> eventsLost;      // messages whose publisher recorded the event lost
    // A log's transactions (KAFKA09) that aborted, and whether their events were sent again
    // (aborted by their producer): only then is what they wrote not a loss.
    std::map<std::uint32_t, bool> abortedResent;

    std::uint64_t count(Where where) const {
        std::uint64_t n = 0;
        for (const auto& [id, w] : messages) {
            n += w == where ? 1 : 0;
        }
        return n;
    }
};

// "orders#0/OrderPlaced" for every producer that waits for confirms.
inline std::set<std::string> confirmingProducers(const Scenario& s) {
    std::set<std::string> names;
    for (const ServiceSpec& service : s.services) {
        for (std::uint32_t i = 0; i < service.instances; ++i) {
            for (const ProducerSpec& p : service.produces) {
                if (p.confirms) {
                    names.insert(service.name + "#" + std::to_string(i) + "/" + p.eventType);
                }
            }
        }
    }
    return names;
}

inline Replay replay(const Simulation& sim, const std::set<std::string>& confirmingNames = {}) {
    Replay r;
    const EntityTable& entities = sim.entities();
    const auto send = [&](std::uint32_t m) {
        EXPECT_TRUE(r.messages.emplace(m, Replay::Where::OnTheWay).second) << "sent twice: " << m;
    };
    const auto arrive = [&](std::uint32_t m) {
        Replay::Where& w = r.messages[m];
        EXPECT_NE(w, Replay::Where::Lost) << "message " << m << " arrived after it was lost";
        w = Replay::Where::Arrived;
    };
    const auto lose = [&](std::uint32_t m) {
        Replay::Where& w = r.messages[m];
        EXPECT_EQ(w, Replay::Where::OnTheWay) << "message " << m << " lost off its way";
        w = Replay::Where::Lost;
    };
    const auto close = [&](const std::pair<std::uint32_t, EntityId>& copy) {
        EXPECT_GT(r.openCopies[copy], 0) << "settled a copy that was not held: " << copy.first;
        --r.openCopies[copy];
    };
    const auto transactionOf = [&](std::uint32_t m) {
        return sim.messages().transactionOf(m);
    };
    for (const Record& rec : sim.log().records()) {
        if (rec.kind == RecordKind::TransactionAborted) {
            // Written again: by its producer, or by whoever reads a consumer's input again.
            r.abortedResent[rec.message] =
                rec.detail == static_cast<std::uint8_t>(TransactionAbort::ByProducer) ||
                rec.detail == static_cast<std::uint8_t>(TransactionAbort::InputReadAgain);
            continue;
        }
        const auto copy = std::make_pair(rec.message, rec.entity);
        const EntityKind kind = entities[rec.entity].kind;
        const auto reason = static_cast<DropReason>(rec.detail);
        switch (rec.kind) {
        case RecordKind::Published:
            send(rec.message);
            if (confirmingNames.contains(entities[rec.entity].name)) {
                r.confirming.insert(rec.message);
            }
            break;
        case RecordKind::Duplicated:
            if (rec.aux == kNoEntity) {
                send(rec.message); // on the way to the broker: a second message
            }
            break;
        case RecordKind::WrittenToLeader: // at the broker, not a copy yet (KAFKA12)
            arrive(rec.message);
            break;
        case RecordKind::Enqueued:
            arrive(rec.message);
            if (!r.deadLettered.contains(rec.message)) {
                EXPECT_EQ(r.openCopies[copy], 0) << "one copy per queue per publish";
            }
            ++r.openCopies[copy];
            ++r.copies;
            break;
        case RecordKind::Acked:
            close(copy);
            ++r.acked;
            break;
        case RecordKind::DeadLettered:
            close(copy);
            ++r.deadLetteredCopies;
            r.deadLettered.insert(rec.message);
            break;
        case RecordKind::LostInTransit:
            // A publish lost on a link or at a broker that was down (its publisher will try
            // again); a delivery (aux: consumer) or an ack (message 0) lost leaves the copy held.
            if (kind == EntityKind::Broker || (rec.aux == kNoEntity && rec.message != 0)) {
                lose(rec.message);
            }
            break;
        case RecordKind::Dropped:
            switch (kind) {
            case EntityKind::Exchange:
                if (reason == DropReason::Unroutable) {
                    arrive(rec.message);
                    ++r.unroutable;
                } else if (reason == DropReason::NoExchange ||
                           reason == DropReason::ClosedChannel) {
                    arrive(rec.message); // and discarded with a channel error (AMQP20)
                    ++r.channelErrors;
                    if (r.confirming.contains(rec.message)) {
                        continue; // its publisher opens a new channel and tries again
                    }
                } else if (reason == DropReason::Aborted) {
                    arrive(rec.message); // its transaction was over: refused, never a copy
                    if (r.abortedResent[transactionOf(rec.message)]) {
                        continue; // a consumer's output, written again as its input is read
                    }
                } else if (reason == DropReason::Deduplicated) {
                    arrive(rec.message); // a retry of a record the log has (KAFKA08)
                    continue;            // acknowledged, written once: not a loss
                } else if (reason == DropReason::NotLeader ||
                           reason == DropReason::NotEnoughReplicas) {
                    arrive(rec.message); // refused, so never a copy (KAFKA12)
                    if (r.confirming.contains(rec.message)) {
                        continue; // its publisher hears of it and tries again: not a loss
                    }
                } else if (reason == DropReason::Truncated) {
                    // Cut from the log before a group had it: a loss only if its producer
                    // took it for written (acks=1) or waits for nothing (acks=0).
                    const std::optional<Message> m = sim.messages().findById(rec.message);
                    const bool leaderAck = m && (m->flags & Message::kLeaderAck) != 0;
                    if (r.confirming.contains(rec.message) && !leaderAck) {
                        continue;
                    }
                } else {
                    EXPECT_EQ(reason, DropReason::DeadLetterUnroutable);
                }
                break;
            case EntityKind::Queue:
                if (reason == DropReason::RefusedPublish) {
                    arrive(rec.message); // refused, so never a copy
                    if (r.confirming.contains(rec.message)) {
                        continue; // its publisher was nacked and tries again: not a loss
                    }
                } else if (reason != DropReason::DeadLetterCycle) {
                    close(copy);
                    ++r.dropped;
                }
                if (reason == DropReason::Aborted && r.abortedResent[transactionOf(rec.message)]) {
                    continue; // its events went again in the next transaction: not a loss
                }
                break;
            case EntityKind::Link:
                EXPECT_EQ(reason, DropReason::Network);
                if (rec.aux == kNoEntity) {
                    lose(rec.message); // a publish nobody sends again
                }
                break;
            case EntityKind::Broker:
                EXPECT_EQ(reason, DropReason::BrokerRestart);
                lose(rec.message);
                break;
            case EntityKind::Consumer:
                // A delivery the broker had already settled (auto-ack), lost at the consumer.
                EXPECT_TRUE(reason == DropReason::FailedUnderAutoAck ||
                            reason == DropReason::InstanceCrash || reason == DropReason::Network ||
                            reason == DropReason::BrokerRestart)
                    << dropReasonName(reason);
                break;
            case EntityKind::Producer:
                EXPECT_TRUE(reason == DropReason::GaveUp || reason == DropReason::InstanceCrash)
                    << dropReasonName(reason);
                r.eventsLost.push_back(rec.message);
                break;
            default:
                ADD_FAILURE() << "a drop by " << entityKindName(kind);
                break;
            }
            ++r.losses[reason];
            break;
        default:
            break;
        }
    }
    return r;
}

inline void expectConserved(const Scenario& s, std::uint64_t seed, SimTime until) {
    RunOptions options;
    options.seed = seed;
    options.until = until;
    const RunOutcome outcome = runScenario(s, options);
    const Conservation& k = outcome.summary.conservation;
    ASSERT_TRUE(k.balanced()) << "seed " << seed << ": " << k.unaccounted() << " unaccounted";

    const Simulation& sim = *outcome.simulation;
    const Replay r = replay(sim, confirmingProducers(s));
    std::uint64_t open = 0;
    for (const auto& [copy, n] : r.openCopies) {
        open += static_cast<std::uint64_t>(n);
    }
    EXPECT_EQ(r.messages.size(), k.published) << "seed " << seed;
    EXPECT_EQ(r.count(Replay::Where::OnTheWay), k.inPublishHop) << "seed " << seed;
    EXPECT_EQ(r.count(Replay::Where::Lost), k.lostOnTheWay) << "seed " << seed;
    EXPECT_EQ(r.count(Replay::Where::Arrived), k.unroutable + k.channelErrors + k.routedMessages)
        << "seed " << seed;
    EXPECT_EQ(r.unroutable, k.unroutable) << "seed " << seed;
    EXPECT_EQ(r.channelErrors, k.channelErrors) << "seed " << seed;
    EXPECT_EQ(r.copies, k.copies) << "seed " << seed;
    EXPECT_EQ(r.acked, k.acked) << "seed " << seed;
    EXPECT_EQ(r.dropped, k.dropped) << "seed " << seed;
    EXPECT_EQ(r.deadLetteredCopies, k.deadLettered) << "seed " << seed;
    EXPECT_EQ(open, k.held) << "seed " << seed;
    // The losses no_loss reports are exactly the drops the records show, cause by cause.
    const LossTally& losses = sim.losses();
    for (std::size_t reason = 1; reason < kDropReasonCount; ++reason) {
        const auto it = r.losses.find(static_cast<DropReason>(reason));
        EXPECT_EQ(losses[static_cast<DropReason>(reason)].count,
                  it == r.losses.end() ? 0 : it->second)
            << "seed " << seed << ", " << dropReasonName(static_cast<DropReason>(reason));
    }
    // An event its publisher counted lost never reached the broker, by any attempt.
    std::set<std::uint32_t> arrivedEvents;
    for (const auto& [id, where] : r.messages) {
        const std::optional<Message> m = sim.messages().findById(id);
        // A record of an aborted transaction arrived, but is not written for good.
        if (where == Replay::Where::Arrived && m.has_value() &&
            !r.abortedResent.contains(sim.messages().transactionOf(id))) {
            arrivedEvents.insert(m->eventId);
        }
    }
    for (const std::uint32_t id : r.eventsLost) {
        const std::optional<Message> m = sim.messages().findById(id);
        ASSERT_TRUE(m.has_value());
        EXPECT_FALSE(arrivedEvents.contains(m->eventId))
            << "seed " << seed << ": event " << m->eventId << " counted lost, but it arrived";
    }
}

// fanoutScenario with failure rates, reject/requeue, prefetch, ack mode, batched acks and a
// stopping time
// drawn from `params`: stopping mid-run catches messages on the wire and in queues.
inline void expectConservedForRandomVariant(RandomStream& params, std::uint64_t seed) {
    const double failure = params.uniform01() * 0.5;
    const bool reject = params.chance(0.3);
    Scenario s = fanoutScenario(failure, reject);
    s.services[1].consumes[0].prefetch = static_cast<std::uint32_t>(params.below(6));
    s.services[1].consumes[0].failureProbability = params.uniform01() * 0.3;
    if (params.chance(0.2)) {
        s.services[2].consumes[0].ack = AckMode::Auto;
    }
    s.services[1].consumes[0].ackEvery = 1 + static_cast<std::uint32_t>(params.below(4));
    const SimTime until = SimTime::fromMillis(200 + static_cast<std::int64_t>(params.below(3000)));
    expectConserved(s, seed, until);
}

} // namespace evsim::testkit
