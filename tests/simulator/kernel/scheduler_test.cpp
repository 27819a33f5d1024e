#include "simulator/kernel/scheduler.h"

#include <gtest/gtest.h>
#include <random>
#include <set>
#include <tuple>
#include <vector>

namespace evsim {
namespace {

TEST(Scheduler, EqualTimesRunInInsertionOrder) {
    Scheduler s;
    for (std::uint32_t i = 0; i < 100; ++i) {
        s.schedule(SimTime::fromMillis(5), EventKind::ProducerTick, i, 0);
    }
    for (std::uint32_t i = 0; i < 100; ++i) {
        EXPECT_EQ(s.pop().target, i);
    }
    EXPECT_TRUE(s.empty());
}

TEST(Scheduler, PopsInTimeThenInsertionOrder) {
    Scheduler s;
    std::mt19937_64 gen(7); // test data only; the simulator never uses std:: generators
    struct Expected {
        std::int64_t time;
        std::uint32_t order;
    };
    std::vector<Expected> expected;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        const auto t = static_cast<std::int64_t>(gen() % 50);
        s.schedule(SimTime::fromNanos(t), EventKind::ProcessingDone, i, 0);
        expected.push_back({t, i});
    }
    std::stable_sort(expected.begin(), expected.end(),
                     [](const Expected& a, const Expected& b) { return a.time < b.time; });
    for (const Expected& e : expected) {
        const Event got = s.pop();
        EXPECT_EQ(got.time.nanos(), e.time);
        EXPECT_EQ(got.target, e.order);
        EXPECT_EQ(got.kind(), EventKind::ProcessingDone);
    }
}

TEST(Scheduler, InterleavedPushAndPopKeepOrder) {
    Scheduler s;
    s.schedule(SimTime::fromNanos(10), EventKind::ProducerTick, 1, 0);
    s.schedule(SimTime::fromNanos(5), EventKind::ProducerTick, 2, 0);
    EXPECT_EQ(s.pop().target, 2u);
    s.schedule(SimTime::fromNanos(10), EventKind::ProducerTick, 3, 0);
    s.schedule(SimTime::fromNanos(7), EventKind::ProducerTick, 4, 0);
    EXPECT_EQ(s.pop().target, 4u);
    EXPECT_EQ(s.pop().target, 1u);
    EXPECT_EQ(s.pop().target, 3u);
}

// A peek (top(), as a run that stops before the next event does) moves the current time on to
// the earliest pending event; an event then scheduled between the last one popped and that
// one (a live injection) still fires first, and every other keeps its order. The times differ
// in their second byte, so that a bucket placed relative to the peeked time would fire 0x250
// before 0x1f5.
TEST(Scheduler, AnEventScheduledBeforeAPeekedOneFiresFirstAndTheRestKeepTheirOrder) {
    Scheduler s;
    s.schedule(SimTime::fromNanos(0x10), EventKind::ProducerTick, 1, 0);
    EXPECT_EQ(s.pop().target, 1u);
    s.schedule(SimTime::fromNanos(0x250), EventKind::ProducerTick, 2, 0);
    s.schedule(SimTime::fromNanos(0x250), EventKind::ProducerTick, 3, 0);
    s.schedule(SimTime::fromNanos(0x40000), EventKind::ProducerTick, 4, 0);
    s.schedule(SimTime::fromNanos(0x251), EventKind::ProducerTick, 5, 0);
    EXPECT_EQ(s.top().time.nanos(), 0x250);
    EXPECT_EQ(s.nextTime().nanos(), 0x250);
    s.schedule(SimTime::fromNanos(0x1f5), EventKind::ProducerTick, 6, 0);
    s.schedule(SimTime::fromNanos(0x1f0), EventKind::ProducerTick, 7, 0);
    s.schedule(SimTime::fromNanos(0x250), EventKind::ProducerTick, 8, 0);
    EXPECT_EQ(s.size(), 7u);
    EXPECT_EQ(s.nextTime().nanos(), 0x1f0);
    std::vector<std::uint32_t> order;
    while (!s.empty()) {
        order.push_back(s.pop().target);
    }
    EXPECT_EQ(order, (std::vector<std::uint32_t>{7, 6, 2, 3, 8, 5, 4}));
}

TEST(Scheduler, EventRecordsStaySmall) {
    EXPECT_LE(sizeof(Event), 24u);
}

} // namespace
} // namespace evsim

namespace evsim {
namespace {

// The reference: every event scheduled and not yet popped, ordered by (time, insertion
// order) - the order a stable sort by time of the insertion sequence gives.
struct ReferenceQueue {
    struct Item {
        std::int64_t time;
        std::uint32_t id; // insertion order
        bool operator<(const Item& o) const { return std::tie(time, id) < std::tie(o.time, o.id); }
    };
    std::set<Item> pending;
    void push(std::int64_t time, std::uint32_t id) { pending.insert({time, id}); }
    Item pop() {
        const Item first = *pending.begin();
        pending.erase(pending.begin());
        return first;
    }
};

// Random schedules as a simulation makes them: bursts at the current time, near and far
// future times, times that share long prefixes of bits, and pops interleaved with pushes.
// A steady load (a fixed number of events pending, each replaced as it fires) takes storage
// that stays the same however long it runs. Time passes through one high bucket after
// another; were each to keep the most it ever held, a run ten times as long would hold
// several times as much.
TEST(Scheduler, StorageForASteadyLoadDoesNotGrowWithTheRunsLength) {
    std::mt19937_64 gen(7); // test data only
    Scheduler s;
    constexpr int kPending = 4096;
    for (int i = 0; i < kPending; ++i) {
        s.schedule(SimTime::fromNanos(static_cast<std::int64_t>(gen() % (1 << 25))),
                   EventKind::ProducerTick, 0, 0);
    }
    const auto run = [&](int pops) {
        for (int i = 0; i < pops; ++i) {
            const Event e = s.pop();
            s.schedule(e.time +
                           SimTime::fromNanos(1 + static_cast<std::int64_t>(gen() % (1 << 25))),
                       EventKind::ProducerTick, 0, 0);
        }
    };
    run(50'000); // time has passed through several buckets of the fourth byte
    const std::size_t early = s.memoryBytes();
    run(450'000); // and through ten times as many
    EXPECT_LE(s.memoryBytes(), early + early / 4)
        << "after 50,000 events " << early << " bytes, after 500,000 " << s.memoryBytes();
    EXPECT_EQ(s.size(), static_cast<std::size_t>(kPending));
}

TEST(Scheduler, MatchesAStableSortByTimeOverRandomSchedules) {
    std::mt19937_64 gen(2024); // test data only; the simulator never uses std:: generators
    for (int round = 0; round < 200; ++round) {
        Scheduler s;
        ReferenceQueue reference;
        std::int64_t now = static_cast<std::int64_t>(gen() % 1000);
        std::uint32_t id = 0;
        const int operations = 200 + static_cast<int>(gen() % 2000);
        for (int op = 0; op < operations; ++op) {
            const bool pushing = reference.pending.empty() || gen() % 3 != 0;
            if (pushing) {
                std::int64_t t = now;
                switch (gen() % 5) {
                case 0: // now
                    break;
                case 1: // within a few nanoseconds
                    t += static_cast<std::int64_t>(gen() % 4);
                    break;
                case 2: // within a millisecond
                    t += static_cast<std::int64_t>(gen() % 1'000'000);
                    break;
                case 3: // far ahead, up to hours
                    t += static_cast<std::int64_t>(gen() % (std::int64_t{1} << 43));
                    break;
                default: // a whole number of milliseconds ahead: many equal times
                    t += static_cast<std::int64_t>(gen() % 8) * 1'000'000;
                    break;
                }
                s.schedule(SimTime::fromNanos(t), EventKind::ProducerTick, id, 0);
                reference.push(t, id);
                ++id;
            } else {
                const ReferenceQueue::Item expected = reference.pop();
                ASSERT_EQ(s.nextTime().nanos(), expected.time) << "round " << round;
                const Event got = s.pop();
                ASSERT_EQ(got.time.nanos(), expected.time) << "round " << round;
                ASSERT_EQ(got.target, expected.id) << "round " << round << ", op " << op;
                now = got.time.nanos();
            }
        }
        ASSERT_EQ(s.size(), reference.pending.size());
        while (!reference.pending.empty()) {
            const ReferenceQueue::Item expected = reference.pop();
            const Event got = s.pop();
            ASSERT_EQ(got.time.nanos(), expected.time);
            ASSERT_EQ(got.target, expected.id);
        }
        EXPECT_TRUE(s.empty());
    }
}

TEST(Scheduler, TimesFarApartAndAtTheLimitsStillOrder) {
    Scheduler s;
    s.schedule(SimTime::max(), EventKind::ProducerTick, 1, 0);
    s.schedule(SimTime::fromSeconds(3600 * 24 * 365), EventKind::ProducerTick, 2, 0);
    s.schedule(SimTime::zero(), EventKind::ProducerTick, 3, 0);
    s.schedule(SimTime::fromNanos(1), EventKind::ProducerTick, 4, 0);
    EXPECT_EQ(s.pop().target, 3u);
    EXPECT_EQ(s.pop().target, 4u);
    s.schedule(SimTime::fromNanos(1), EventKind::ProducerTick, 5, 0);
    EXPECT_EQ(s.pop().target, 5u);
    EXPECT_EQ(s.pop().target, 2u);
    EXPECT_EQ(s.pop().target, 1u);
    EXPECT_TRUE(s.empty());
}

TEST(Scheduler, ForEachPendingVisitsExactlyThePendingEventsAtEveryLevel) {
    Scheduler s;
    std::mt19937_64 random(7);
    std::multiset<std::uint32_t> pending;
    std::uint32_t next = 0;
    SimTime now; // of the last event popped: nothing is scheduled before it
    for (int round = 0; round < 2000; ++round) {
        if (random() % 3 != 0 || s.empty()) {
            // Times from the same nanosecond to hours ahead: every level of the radix heap.
            const auto ahead =
                static_cast<std::int64_t>(random() % (std::uint64_t{1} << (random() % 44)));
            s.schedule(now + SimTime::fromNanos(ahead), EventKind::MetricsSample, next, 0);
            pending.insert(next++);
        } else {
            const Event e = s.pop();
            now = e.time;
            pending.erase(pending.find(e.target));
        }
        std::multiset<std::uint32_t> seen;
        s.forEachPending([&](const Event& e) { seen.insert(e.target); });
        ASSERT_EQ(seen, pending) << "round " << round;
    }
}

} // namespace
} // namespace evsim
