// What makes a run the same on every machine, pinned: the random streams, the samples every
// distribution draws from them, and the digest over records. A change to any of these changes
// every run's digest; if it is intended, update the pins here and the digests in fixtures/.
#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/record.h"

#include <array>
#include <clocale>
#include <cstdlib>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

struct StreamPin {
    std::uint64_t seed;
    const char* entity;
    std::array<std::uint64_t, 3> first;
};

TEST(Determinism, RandomStreamsArePinnedForSeedsAndEntities) {
    const StreamPin pins[] = {
        {0,
         "producer:orders#0/0",
         {0x4cf77050e049ff38ULL, 0xcce1c4250bb4544fULL, 0xda896615ee9be25bULL}},
        {0,
         "link:broker->billing#1",
         {0x0ac4c1bb18547db2ULL, 0x08811ce29ebe661dULL, 0xf11609dc9ab3c73aULL}},
        {1,
         "producer:orders#0/0",
         {0x152b0057af5cf0a0ULL, 0x3cbda92a735a2050ULL, 0xe0922fc974504694ULL}},
        {1,
         "link:broker->billing#1",
         {0x35ae261ec1e06aecULL, 0x9272fb993bf5f350ULL, 0x1c79fc3bf592ef8eULL}},
        {42,
         "producer:orders#0/0",
         {0x615d82d7309b868cULL, 0xc0bedf27aa6facd0ULL, 0x0ef80cb7f53e8507ULL}},
        {42,
         "link:broker->billing#1",
         {0x71f57c9045118851ULL, 0x265debde53ed8a6cULL, 0x542b868c56b43e15ULL}},
        {UINT64_MAX,
         "producer:orders#0/0",
         {0x2090ec75c15f846fULL, 0xb59d936c3b6aa139ULL, 0x3ccc45bd1c60912bULL}},
        {UINT64_MAX,
         "link:broker->billing#1",
         {0xabdc86f2bc5cf95eULL, 0x4832e8bbfe3908dcULL, 0x5c447d34956dcccaULL}},
    };
    for (const StreamPin& pin : pins) {
        RandomStream r = RandomStream::forEntity(pin.seed, pin.entity);
        for (const std::uint64_t expected : pin.first) {
            EXPECT_EQ(r.next(), expected) << "seed " << pin.seed << ", " << pin.entity;
        }
    }
}

struct DistributionPin {
    Distribution distribution;
    std::array<std::int64_t, 5> samples; // ns
};

// Every kind samples the same numbers from the same stream on every machine: our own code,
// IEEE double arithmetic, no fused multiply-add (the build turns contraction off).
TEST(Determinism, EveryDistributionDrawsPinnedSamples) {
    using D = Distribution;
    const DistributionPin pins[] = {
        {D::constant(SimTime::fromMillis(3)), {3000000, 3000000, 3000000, 3000000, 3000000}},
        {D::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5)),
         {1733352, 2488176, 3002122, 1760689, 4852830}},
        {D::exponential(SimTime::fromMillis(1)), {202530, 465285, 694209, 210934, 3302461}},
        {D::normal(SimTime::fromMillis(10), SimTime::fromMillis(2)),
         {9116805, 10865160, 5289505, 7520924, 12486689}},
        {D::logNormal(SimTime::fromMillis(8), SimTime::fromMillis(40)),
         {5893978, 10791011, 1568328, 3393601, 18908751}},
        {D::empirical({{0.5, SimTime::fromMillis(1)},
                       {0.9, SimTime::fromMillis(10)},
                       {1.0, SimTime::fromMillis(100)}}),
         {1000000, 1000000, 1011936, 1000000, 66886738}},
    };
    for (const DistributionPin& pin : pins) {
        RandomStream r = RandomStream::forEntity(7, "consumer:pins#0/0");
        for (const std::int64_t expected : pin.samples) {
            EXPECT_EQ(pin.distribution.sample(r).nanos(), expected) << pin.distribution.describe();
        }
    }
}

std::vector<Record> fixedRecords() {
    std::vector<Record> records;
    for (std::uint32_t i = 1; i <= 5; ++i) {
        records.push_back(Record{SimTime::fromMicros(i * 250), i, i + 1, i + 2,
                                 RecordKind::Delivered, static_cast<std::uint8_t>(i % 2),
                                 static_cast<std::uint16_t>(i)});
    }
    return records;
}

std::uint64_t digestOf(const std::vector<Record>& records) {
    Digest d;
    for (const Record& r : records) {
        d.add(r);
    }
    return d.value();
}

TEST(Determinism, TheDigestOfAFixedRecordSequenceIsPinned) {
    EXPECT_EQ(Digest{}.value(), 0x7acdbb98b1344213ULL);
    EXPECT_EQ(digestOf(fixedRecords()), 0x62c7f47fa916e75fULL);
}

// A digest that ignored a field would call two different runs the same.
TEST(Determinism, EveryRecordFieldChangesTheDigest) {
    const std::uint64_t base = digestOf(fixedRecords());
    const std::vector<std::pair<const char*, void (*)(Record&)>> changes{
        {"time",
         [](Record& r) {
             r.time = r.time + SimTime::fromNanos(1);
         }},
        {"message",
         [](Record& r) {
             ++r.message;
         }},
        {"entity",
         [](Record& r) {
             ++r.entity;
         }},
        {"aux",
         [](Record& r) {
             ++r.aux;
         }},
        {"kind",
         [](Record& r) {
             r.kind = RecordKind::Acked;
         }},
        {"detail",
         [](Record& r) {
             r.detail ^= 1;
         }},
        {"attempt",
         [](Record& r) {
             ++r.attempt;
         }},
    };
    for (const auto& [field, change] : changes) {
        for (std::size_t at = 0; at < 5; ++at) {
            std::vector<Record> records = fixedRecords();
            change(records[at]);
            EXPECT_NE(digestOf(records), base) << field << " of record " << at;
        }
    }
    std::vector<Record> swapped = fixedRecords();
    std::swap(swapped[1], swapped[2]);
    EXPECT_NE(digestOf(swapped), base) << "order";
}

// Run by tests/cli/cli_test.sh under a German locale (decimal comma), which it installs or
// creates; on its own, under the C locale, it checks the same formatting.
TEST(Determinism, NumbersAreFormattedTheSameInEveryLocale) {
    std::setlocale(LC_ALL, "");
    const char* wanted = std::getenv("EVSIM_EXPECT_DECIMAL_COMMA");
    if (wanted != nullptr && std::string(wanted) == "1") {
        ASSERT_STREQ(std::localeconv()->decimal_point, ",")
            << "the test was asked to run under a decimal-comma locale and did not get one";
    }
    EXPECT_EQ(formatDurationShort(SimTime::fromMicros(1500)), "1.5ms");
    EXPECT_EQ(formatDurationShort(SimTime::fromMicros(12345)), "12.3ms");
    EXPECT_EQ(formatDurationShort(SimTime::fromMillis(2250)), "2.25s");
    EXPECT_EQ(formatRate(Rate{2.5}), "2.5/s");
    EXPECT_EQ(formatDuration(SimTime::fromMicros(1500)), "1.5ms");
    EXPECT_EQ(parseDuration("1.5ms"), SimTime::fromMicros(1500));
    EXPECT_EQ(parseRate("0.5/ms")->perSecond, 500.0);
    std::setlocale(LC_ALL, "C");
}

TEST(Determinism, ShortDurationsNeverRoundUpToAThousandOfAUnit) {
    EXPECT_EQ(formatDurationShort(SimTime::fromNanos(999'999)), "1ms");
    EXPECT_EQ(formatDurationShort(SimTime::fromNanos(999'700'000)), "1s");
    EXPECT_EQ(formatDurationShort(SimTime::fromNanos(999)), "999ns");
    EXPECT_EQ(formatDurationShort(SimTime::fromNanos(999'400)), "999us");
}

} // namespace
} // namespace evsim
