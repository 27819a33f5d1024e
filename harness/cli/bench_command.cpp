#include "harness/cli/bench_command.h"

#include "harness/benchmark/benchmark.h"
#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/option_values.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace evsim {
namespace {

struct BenchArgs {
    std::optional<std::string> messages;
    std::optional<std::string> seed;
    std::optional<std::string> queues;
    bool log = false;
};

int benchCommand(const BenchArgs& args, std::function<std::uint64_t()> allocationCount) {
    BenchOptions options;
    options.allocationCount = std::move(allocationCount);
    const auto read = [](std::string_view option, const std::optional<std::string>& text,
                         std::uint64_t min, std::uint64_t max, std::uint64_t& out) {
        if (!text) {
            return true;
        }
        const auto v = readWholeNumber(option, *text, min, max);
        if (const auto* error = std::get_if<std::string>(&v)) {
            std::cerr << "evsim bench: " << *error << "\n";
            return false;
        }
        out = std::get<std::uint64_t>(v);
        return true;
    };
    std::uint64_t queues = 0;
    if (!read("--messages", args.messages, 10, 4'000'000'000, options.messages) ||
        !read("--seed", args.seed, 0, UINT64_MAX, options.seed) ||
        !read("--queues", args.queues, 1, 100'000, queues)) {
        return kExitBadInput;
    }
    if (args.log && queues > 0) {
        return badInput("bench", "--log and --queues choose two different models; give one");
    }
    options.queues = static_cast<std::uint32_t>(queues);
    options.log = args.log;
    options.cancel = interruptFlag();
    const BenchResult result = runBenchmark(options);
    if (result.interrupted) {
        std::cerr << "evsim bench: interrupted; no figures\n";
        return kExitInterrupted;
    }
    std::cout << formatBenchResult(result);
    return kExitPass;
}

} // namespace

Command addBenchCommand(CLI::App& app, std::function<std::uint64_t()> allocationCount) {
    auto args = std::make_shared<BenchArgs>();
    CLI::App* bench = app.add_subcommand(
        "bench", "Run a benchmark model and print one `key: value` line per figure.");
    bench
        ->add_option("--messages", args->messages,
                     "Messages to publish, 10 to 4000000000 (default 1000000)")
        ->type_name("N");
    bench->add_option("--seed", args->seed, "Seed (default 1)")->type_name("N");
    bench
        ->add_option("--queues", args->queues,
                     "Use the topology model with this many queues, each with its own producer "
                     "and consumer service (1 to 100000) instead of the standard model")
        ->type_name("N");
    bench->add_flag("--log", args->log,
                    "Use the partitioned-log model instead: keyed records into a 12-partition "
                    "topic read by 3 consumer groups of 4 (every record delivered 3 times)");
    bench->footer("The standard model: 10 producers, Exp(1ms) gaps, a U(1ms,5ms) hop into one "
                  "queue, 8 consumers with prefetch 10 and Exp(0.5ms) processing, acks over a "
                  "U(1ms,5ms) hop. Build with `cmake --workflow --preset release` for meaningful "
                  "figures; bench/compare.sh runs the baselines beside it.");
    return {bench, [args, allocationCount = std::move(allocationCount)] {
                return benchCommand(*args, allocationCount);
            }};
}

} // namespace evsim
