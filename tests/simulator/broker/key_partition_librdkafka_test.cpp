// KAFKA01 against a real Kafka client: librdkafka's murmur2 partitioner, linked into this test
// only, places the same keys on the same partitions as partitionForKey() and as
// `evsim kafka-partition` prints them.
#include "simulator/broker/key_partition.h"

#include <array>
#include <cstdio>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace evsim {
namespace {

constexpr std::array<std::uint32_t, 9> kPartitionCounts{1, 2, 3, 7, 12, 50, 64, 1000, 2147483647};

// 271 keys: every length from 0 to 40 (every tail of the four-byte loop), keys as services
// write them, and binary keys with every byte value, from a fixed seed.
std::vector<std::string> sampleKeys() {
    std::vector<std::string> keys;
    const std::string text = "order-placed/eu-west-1/customer:42#first-attempt";
    for (std::size_t n = 0; n <= 40; ++n) {
        keys.push_back(text.substr(0, n));
    }
    for (int i = 0; i < 100; ++i) {
        keys.push_back("customer-" + std::to_string(i * 7919));
    }
    keys.push_back("\xc3\xa9t\xc3\xa9");
    keys.push_back("\xe6\x9d\xb1\xe4\xba\xac"); // "東京"
    std::mt19937 random(20261206);
    for (int i = 0; i < 128; ++i) {
        std::string key(random() % 65, '\0');
        for (char& c : key) {
            c = static_cast<char>(random() % 256);
        }
        keys.push_back(key);
    }
    return keys;
}

std::int32_t librdkafkaPartition(const std::string& key, std::uint32_t partitions) {
    return rd_kafka_msg_partitioner_murmur2(
        nullptr, key.data(), key.size(), static_cast<std::int32_t>(partitions), nullptr, nullptr);
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

TEST(KeyPartitionLibrdkafka, KAFKA01_PlacesEveryKeyWhereLibrdkafkaDoes) {
    const std::vector<std::string> keys = sampleKeys();
    ASSERT_GE(keys.size(), 200u);
    int compared = 0;
    for (const std::uint32_t partitions : kPartitionCounts) {
        for (const std::string& key : keys) {
            ASSERT_EQ(static_cast<std::int32_t>(partitionForKey(key, partitions)),
                      librdkafkaPartition(key, partitions))
                << "key " << hex(key) << " (hex), " << partitions << " partitions";
            ++compared;
        }
    }
    EXPECT_EQ(compared, static_cast<int>(keys.size() * kPartitionCounts.size()));
}

TEST(KeyPartitionLibrdkafka, KAFKA01_EvsimKafkaPartitionPrintsWhereLibrdkafkaPlacesEachKey) {
    const std::vector<std::string> keys = sampleKeys();
    for (const std::uint32_t partitions : {12u, 1000u}) {
        // Hex keys: any byte reaches the command unchanged, through no shell quoting.
        std::string command = std::string(EVSIM_CLI) + " kafka-partition --key-hex --partitions " +
                              std::to_string(partitions);
        std::string expected;
        for (const std::string& key : keys) {
            command += " " + (key.empty() ? std::string("''") : hex(key));
            expected += (key.empty() ? std::string("\"\"") : hex(key)) + " -> " +
                        std::to_string(librdkafkaPartition(key, partitions)) + "\n";
        }
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
        ASSERT_NE(pipe, nullptr);
        std::string printed;
        std::array<char, 4096> buffer{};
        while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
            printed.append(buffer.data(), n);
        }
        EXPECT_EQ(printed, expected) << partitions << " partitions";
    }
}

} // namespace
} // namespace evsim
