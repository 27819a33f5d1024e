// KAFKA01: a keyed record's partition, bit for bit as Kafka's clients compute it.
#include "simulator/broker/key_partition.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace evsim {
namespace {

// Java holds the hash in a signed int; the tests compare the same 32-bit pattern.
std::int32_t javaHash(std::string_view key) {
    return static_cast<std::int32_t>(kafkaMurmur2(key));
}

TEST(KeyPartition, KAFKA01_HashesAsKafkasJavaClient) {
    // The vectors of Kafka's own client tests (UtilsTest.testMurmur2). Reading the key in
    // big-endian words, or dropping the last one to three bytes, changes every one.
    EXPECT_EQ(javaHash("21"), -973932308);
    EXPECT_EQ(javaHash("foobar"), -790332482);
    EXPECT_EQ(javaHash("a-little-bit-long-string"), -985981536);
    EXPECT_EQ(javaHash("a-little-bit-longer-string"), -1486304829);
    EXPECT_EQ(javaHash("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
    EXPECT_EQ(javaHash("abc"), 479470107);
    EXPECT_EQ(javaHash(""), 275646681); // an empty key is a key: only a null one is not
}

TEST(KeyPartition, KAFKA01_BytesAbove127AreReadUnsigned) {
    // UTF-8 and binary keys: a byte read as a signed char would spread its sign into the
    // word. The values are librdkafka's rd_kafka_msg_partitioner_murmur2 for the same bytes.
    EXPECT_EQ(javaHash("\xc3\xa9t\xc3\xa9"), -2101193575); // "été"
    EXPECT_EQ(javaHash("\xff\xfe\x80"), -160726397);
    EXPECT_EQ(partitionForKey("\xc3\xa9t\xc3\xa9", 12), 1u);
}

TEST(KeyPartition, KAFKA01_ANegativeHashClearsItsSignBitNotItsValue) {
    // "21" hashes to -973932308. Kafka's toPositive keeps the low 31 bits: 1173551340, which
    // is 0 mod 12; abs() would give 973932308, which is 8 mod 12.
    EXPECT_EQ(partitionForKey("21", 12), 0u);
    EXPECT_EQ(partitionForKey("foobar", 12), 6u);
    EXPECT_EQ(partitionForKey("21", 2147483647), 1173551340u);
    EXPECT_EQ(partitionForKey("abc", 12), 3u); // a positive hash is used as it is
}

TEST(KeyPartition, KAFKA01_TheSameKeyAlwaysLandsOnTheSamePartitionAndEveryOneIsReached) {
    std::uint32_t seen[12] = {};
    for (int i = 0; i < 1200; ++i) {
        const std::string key = "customer-" + std::to_string(i);
        const std::uint32_t p = partitionForKey(key, 12);
        ASSERT_LT(p, 12u);
        EXPECT_EQ(partitionForKey(key, 12), p);
        ++seen[p];
    }
    for (std::uint32_t count : seen) {
        EXPECT_GT(count, 50u); // about 100 each: the hash spreads keys, it does not bunch them
    }
    EXPECT_EQ(partitionForKey("anything", 1), 0u);
}

} // namespace
} // namespace evsim
