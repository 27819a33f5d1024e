#include "harness/cli/kafka_partition_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/option_values.h"
#include "simulator/broker/key_partition.h"
#include "simulator/scenario/printable.h"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evsim {
namespace {

constexpr std::string_view kCommand = "kafka-partition";
// Kafka counts partitions in a signed 32-bit int.
constexpr std::uint64_t kMaxPartitions = 2'147'483'647;

struct KafkaPartitionArgs {
    std::string partitions;
    bool hex = false;
    std::vector<std::string> keys;
};

int hexDigit(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

// The bytes written as hex digits, two a byte; nullopt when `text` is not that.
std::optional<std::string> fromHex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = hexDigit(text[i]);
        const int low = hexDigit(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<char>(high << 4 | low));
    }
    return bytes;
}

// One line of standard input a key, without its line ending ("\n", or "\r\n").
std::vector<std::string> keysFromInput() {
    std::vector<std::string> keys;
    for (std::string line; std::getline(std::cin, line);) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        keys.push_back(std::move(line));
    }
    return keys;
}

int printPartitions(const KafkaPartitionArgs& args) {
    const auto count = readWholeNumber("--partitions", args.partitions, 1, kMaxPartitions);
    if (const auto* problem = std::get_if<std::string>(&count)) {
        return badInput(kCommand, *problem);
    }
    const auto partitions = static_cast<std::uint32_t>(std::get<std::uint64_t>(count));
    const bool fromInput = args.keys.size() == 1 && args.keys.front() == "-";
    const std::vector<std::string> keys = fromInput ? keysFromInput() : args.keys;
    // Every key is checked before any line is printed: a typo in the tenth key does not leave
    // nine answers to be mistaken for the whole.
    std::vector<std::string> bytes;
    bytes.reserve(keys.size());
    for (const std::string& key : keys) {
        if (!args.hex) {
            bytes.push_back(key);
            continue;
        }
        std::optional<std::string> decoded = fromHex(key);
        if (!decoded) {
            std::cerr << "evsim " << kCommand << ": --key-hex: " << shortened(printable(key), 60)
                      << " is not hex bytes\n"
                      << "  hint: two hex digits a byte, e.g. 6f72646572 for \"order\"\n";
            return kExitBadInput;
        }
        bytes.push_back(std::move(*decoded));
    }
    std::string out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        out += keys[i].empty() ? std::string("\"\"") : printable(keys[i]);
        out += " -> ";
        out += std::to_string(partitionForKey(bytes[i], partitions));
        out += '\n';
    }
    std::cout << out << std::flush;
    return std::cout ? kExitPass : badInput(kCommand, "could not write to standard output");
}

} // namespace

Command addKafkaPartitionCommand(CLI::App& app) {
    auto args = std::make_shared<KafkaPartitionArgs>();
    CLI::App* command = app.add_subcommand(
        std::string(kCommand),
        "Show the partition each record key lands on, as Kafka's default partitioner puts it.");
    command
        ->add_option("--partitions", args->partitions,
                     "The topic's number of partitions (1 to 2147483647)")
        ->type_name("N")
        ->required();
    command->add_flag("--key-hex", args->hex,
                      "Read each key as hex bytes (6f72646572 is \"order\"): for binary keys");
    command
        ->add_option("KEY", args->keys,
                     "The record keys, as the producer sends them (UTF-8 text unless "
                     "--key-hex); - alone reads one key a line from standard input")
        ->type_name("");
    command->footer(
        "Examples:\n"
        "  evsim kafka-partition --partitions 12 customer-42 customer-43\n"
        "  evsim kafka-partition --partitions 12 --key-hex 00ff10\n"
        "  cut -d, -f1 orders.csv | evsim kafka-partition --partitions 12 -\n"
        "One line a key (\"\" for an empty one): KEY -> P, where P = toPositive(murmur2(KEY)) % "
        "partitions, bit for bit "
        "as Kafka's Java client and librdkafka's murmur2 partitioner compute it. Records "
        "without a key are not placed by their key (the producer picks a sticky partition). "
        "Exit 2 for a bad partition count or a key that is not hex with --key-hex.");
    return {command, [args] {
                if (args->keys.empty()) {
                    return badInput(kCommand, "name at least one key, or - to read keys from "
                                              "standard input, one a line");
                }
                return printPartitions(*args);
            }};
}

} // namespace evsim
