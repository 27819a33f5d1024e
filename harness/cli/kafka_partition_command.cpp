#include "harness/cli/kafka_partition_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/option_values.h"
#include "simulator/broker/key_partition.h"
#include "simulator/scenario/json_string.h"
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

// The bytes written as hex digits, two a byte; nullopt when `text` is not that.
std::optional<std::string> fromHex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = hexDigitValue(text[i]);
        const int low = hexDigitValue(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<char>(high << 4 | low));
    }
    return bytes;
}

// The key's bytes: the text itself, or with --key-hex the bytes its hex digits spell
// (nullopt when they spell none).
std::optional<std::string> keyBytes(const std::string& key, bool hex) {
    return hex ? fromHex(key) : std::optional<std::string>(key);
}

// "KEY -> P\n", the key escaped for the terminal; an empty key shows as "".
void appendAnswer(std::string& out, const std::string& key, const std::string& bytes,
                  std::uint32_t partitions) {
    out += key.empty() ? std::string("\"\"") : printable(key);
    out += " -> ";
    out += std::to_string(partitionForKey(bytes, partitions));
    out += '\n';
}

int notHex(const std::string& key, const std::string& where) {
    std::cerr << "evsim " << kCommand << ": --key-hex: " << shortened(printable(key), 60) << where
              << " is not hex bytes\n"
              << "  hint: two hex digits a byte, e.g. 6f72646572 for \"order\"\n";
    return kExitBadInput;
}

int written() {
    std::cout << std::flush;
    return std::cout ? kExitPass : badInput(kCommand, "could not write to standard output");
}

// Keys from the command line: every one is checked before any line is printed, so that a
// typo in the tenth key does not leave nine answers to be mistaken for the whole.
int answerArguments(const std::vector<std::string>& keys, bool hex, std::uint32_t partitions) {
    std::vector<std::string> bytes;
    bytes.reserve(keys.size());
    for (const std::string& key : keys) {
        std::optional<std::string> b = keyBytes(key, hex);
        if (!b) {
            return notHex(key, "");
        }
        bytes.push_back(std::move(*b));
    }
    std::string out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        appendAnswer(out, keys[i], bytes[i], partitions);
    }
    std::cout << out;
    return written();
}

// Keys from standard input, one a line (without "\n" or "\r\n"), answered as they come:
// a stream of any length runs in constant memory. A bad line stops it, named by its number.
int answerInput(bool hex, std::uint32_t partitions) {
    constexpr std::size_t kFlushAt = 1 << 16;
    std::string out;
    std::uint64_t number = 0;
    for (std::string line; std::getline(std::cin, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const std::optional<std::string> b = keyBytes(line, hex);
        if (!b) {
            std::cout << out << std::flush;
            return notHex(line, " (line " + std::to_string(number) + " of standard input)");
        }
        appendAnswer(out, line, *b, partitions);
        if (out.size() >= kFlushAt) {
            std::cout << out;
            out.clear();
            if (!std::cout) {
                break;
            }
        }
    }
    std::cout << out;
    return written();
}

int printPartitions(const KafkaPartitionArgs& args) {
    const auto count = readWholeNumber("--partitions", args.partitions, 1, kMaxPartitions);
    if (const auto* problem = std::get_if<std::string>(&count)) {
        return badInput(kCommand, *problem);
    }
    const auto partitions = static_cast<std::uint32_t>(std::get<std::uint64_t>(count));
    const bool fromInput = args.keys.size() == 1 && args.keys.front() == "-";
    return fromInput ? answerInput(args.hex, partitions)
                     : answerArguments(args.keys, args.hex, partitions);
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
                     "--key-hex); - alone reads one key a line from standard input and answers "
                     "each as it comes")
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
