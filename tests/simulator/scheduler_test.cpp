#include "kernel/scheduler.h"

#include <gtest/gtest.h>
#include <random>
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

TEST(Scheduler, EventRecordsStaySmall) {
    EXPECT_LE(sizeof(Event), 24u);
}

} // namespace
} // namespace evsim

namespace evsim {
namespace {

TEST(Scheduler, OnceLanesRunOutEventsStillFireInOrder) {
    Scheduler s;
    LaneId last = 0;
    for (int i = 0; i < 70000; ++i) {
        last = s.addLane();
    }
    EXPECT_EQ(last, 0); // no lane left: "no lane"
    s.scheduleOnLane(last, SimTime::fromNanos(5), EventKind::AckAtBroker, 1, 0);
    s.scheduleOnLane(last, SimTime::fromNanos(5), EventKind::AckAtBroker, 2, 0);
    s.schedule(SimTime::fromNanos(3), EventKind::ProducerTick, 3, 0);
    EXPECT_EQ(s.pop().target, 3u);
    EXPECT_EQ(s.pop().target, 1u);
    EXPECT_EQ(s.pop().target, 2u);
    EXPECT_TRUE(s.empty());
}

} // namespace
} // namespace evsim
