#include "harness/session/block_vector.h"
#include "harness/session/run_backlog.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace evsim {
namespace {

Record recordAt(std::int64_t ms, RecordKind kind, std::uint32_t message) {
    Record r;
    r.time = SimTime::fromMillis(ms);
    r.kind = kind;
    r.message = message;
    return r;
}

// A feed's batch: every message published then enqueued, one sample each 10 ms.
RunBatch batchOf(std::uint32_t firstMessage, std::uint32_t messages, std::int64_t startMs) {
    RunBatch b;
    for (std::uint32_t i = 0; i < messages; ++i) {
        const std::uint32_t id = firstMessage + i;
        const std::int64_t ms = startMs + static_cast<std::int64_t>(i);
        b.records.push_back(recordAt(ms, RecordKind::Published, id));
        Message m;
        m.id = id;
        b.messages.push_back(m);
        b.records.push_back(recordAt(ms, RecordKind::Enqueued, id));
        if (i % 10 == 0) {
            MetricsSample s;
            s.time = SimTime::fromMillis(ms);
            b.samples.push_back(s);
        }
    }
    b.entities.push_back(EntityInfo{});
    b.firstEntity = firstMessage;
    return b;
}

// Slices are bounded, come in order, carry the messages of their Published records and the
// samples up to their last record, and together are exactly what the feed gave.
TEST(RunBacklog, GivesOutBoundedSlicesThatTogetherAreTheFeed) {
    RunBacklog backlog;
    backlog.add(batchOf(1, 250, 0));
    backlog.add(batchOf(251, 100, 250));
    EXPECT_EQ(backlog.pendingRecords(), 700u);
    std::vector<Record> records;
    std::vector<std::uint32_t> messages;
    std::size_t samples = 0;
    std::size_t entities = 0;
    int slices = 0;
    while (!backlog.empty()) {
        const RunBatch slice = backlog.next(64);
        ++slices;
        ASSERT_LE(slice.records.size(), 64u);
        ASSERT_FALSE(slice.records.empty());
        for (const Message& m : slice.messages) {
            // A message comes with its own Published record, in this slice.
            EXPECT_TRUE(
                std::any_of(slice.records.begin(), slice.records.end(), [&](const Record& r) {
                    return r.kind == RecordKind::Published && r.message == m.id;
                }));
            messages.push_back(m.id);
        }
        for (const MetricsSample& s : slice.samples) {
            EXPECT_LE(s.time, slice.records.back().time); // never ahead of the records
        }
        samples += slice.samples.size();
        entities += slice.entities.size();
        records.insert(records.end(), slice.records.begin(), slice.records.end());
    }
    EXPECT_EQ(records.size(), 700u);
    EXPECT_GE(slices, 11);
    for (std::size_t i = 1; i < records.size(); ++i) {
        EXPECT_LE(records[i - 1].time, records[i].time);
    }
    ASSERT_EQ(messages.size(), 350u);
    for (std::uint32_t i = 0; i < 350; ++i) {
        EXPECT_EQ(messages[i], i + 1);
    }
    EXPECT_EQ(samples, 25u + 10u);
    EXPECT_EQ(entities, 2u); // each batch's names, once
    EXPECT_EQ(backlog.pendingRecords(), 0u);
}

// Growing never moves an element: what a view holds a reference to stays valid.
TEST(BlockVector, GrowingNeverMovesAnElement) {
    BlockVector<int> v;
    v.push_back(7);
    const int* first = &v[0];
    for (int i = 1; i < 300000; ++i) {
        v.push_back(i);
    }
    EXPECT_EQ(first, &v[0]);
    EXPECT_EQ(v.size(), 300000u);
    EXPECT_EQ(v.back(), 299999);
    // Random-access iterators: the standard algorithms work on it.
    const auto it = std::lower_bound(v.begin() + 1, v.end(), 123456);
    EXPECT_EQ(it - v.begin(), 123456);
    EXPECT_EQ(*it, 123456);
    v.resize(300005, -1);
    EXPECT_EQ(v[300004], -1);
}

} // namespace
} // namespace evsim
