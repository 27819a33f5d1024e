#include "harness/cli/cli.h"

#include "harness/cli/bench_command.h"
#include "harness/cli/contracts_command.h"
#include "harness/cli/definitions_commands.h"
#include "harness/cli/export_command.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/kafka_partition_command.h"
#include "harness/cli/recording_commands.h"
#include "harness/cli/route_command.h"
#include "harness/cli/run_command.h"
#include "harness/cli/sweep_command.h"
#include "harness/cli/test_command.h"
#include "harness/cli/trace_command.h"
#include "harness/cli/validate_command.h"
#include "harness/io/standard_output.h"
#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/printable.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <new>

namespace evsim {
namespace {

// CLI11 reports a mistyped command as an unexpected extra argument; name it instead.
int unknownCommand(std::string_view word, const std::vector<std::string>& names) {
    std::cerr << "evsim: unknown command \"" << shortened(printable(word), 40) << "\"";
    const std::string hint = didYouMean(word, names);
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
        list += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    }
    std::cerr << "; " << (hint.empty() ? "" : hint + " ") << "the commands are " << list
              << " (see evsim --help)\n";
    return kExitBadInput;
}

// The parser with every command registered, in the order --help lists them.
struct Parser {
    CLI::App app{"EventSim: simulate event-driven systems (brokers, queues, producers, "
                 "consumers) deterministically, headless."};
    std::vector<Command> commands;

    explicit Parser(std::function<std::uint64_t()> allocationCount) {
        app.name("evsim");
        app.require_subcommand(1);
        app.set_version_flag("--version", "evsim " EVSIM_VERSION);
        app.footer("Exit codes: 0 pass, 1 an expectation failed, 2 bad input, usage or an output "
                   "that cannot be written, 130 interrupted.\n"
                   "Run `evsim COMMAND --help` for the options of each command.");
        commands = {addRunCommand(app),
                    addValidateCommand(app),
                    addRecordCommand(app),
                    addReplayCommand(app),
                    addTestCommand(app),
                    addSweepCommand(app),
                    addTraceCommand(app),
                    addContractsCommand(app),
                    addExportCommand(app),
                    addRouteCommand(app),
                    addKafkaPartitionCommand(app),
                    addImportCommand(app),
                    addBenchCommand(app, std::move(allocationCount))};
    }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const Command& c : commands) {
            out.push_back(c.parser->get_name());
        }
        return out;
    }
};

int parseAndRun(Parser& parser, int argc, char** argv) {
    try {
        parser.app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return parser.app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return parser.app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return parser.app.exit(e);
    } catch (const CLI::ParseError& e) {
        const std::vector<std::string> names = parser.names();
        if (argc > 1 && argv[1][0] != '-' &&
            std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            return unknownCommand(argv[1], names);
        }
        parser.app.exit(e);
        return kExitBadInput;
    }
    for (const Command& command : parser.commands) {
        if (command.parser->parsed()) {
            return command.run();
        }
    }
    return kExitBadInput;
}

// What a command's report to standard output became: exit 2 when it could not be written
// (a full disk, a closed descriptor), whatever the command; exit 130 when a signal came and
// the command did not stop for it itself.
int settle(int code, std::string_view command, StandardOutput& out) {
    const std::string_view space = command.empty() ? "" : " ";
    if (const auto error = out.finish()) {
        std::cerr << "evsim" << space << command << ": cannot write to standard output: " << *error
                  << "\n";
        return kExitBadInput;
    }
    if (interrupted() && code != kExitInterrupted) {
        std::cerr << "evsim" << space << command << ": interrupted\n";
        return kExitInterrupted;
    }
    return code;
}

// The command named on the command line, for messages ("" when there is none).
std::string_view commandOf(const Parser& parser, int argc, char** argv) {
    const std::vector<std::string> names = parser.names();
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (std::find(names.begin(), names.end(), word) != names.end()) {
            return word;
        }
    }
    return {};
}

} // namespace

const char* engineName() {
    return "evsim " EVSIM_VERSION;
}

int badInput(std::string_view command, std::string_view message) {
    std::cerr << "evsim " << command << ": " << message << "\n";
    return kExitBadInput;
}

void printUnmapped(const std::vector<std::string>& notes) {
    if (notes.empty()) {
        return;
    }
    std::cerr << notes.size() << " thing" << (notes.size() == 1 ? "" : "s")
              << " could not be mapped:\n";
    for (const std::string& n : notes) {
        std::cerr << "  " << printable(n) << "\n";
    }
}

int runCli(int argc, char** argv, std::function<std::uint64_t()> allocationCount) {
    const InterruptGuard interrupts;
    StandardOutput out;
    Parser parser(std::move(allocationCount));
    const std::string_view command = commandOf(parser, argc, argv);
    try {
        return settle(parseAndRun(parser, argc, argv), command, out);
    } catch (const std::bad_alloc&) {
        std::cerr << "evsim: out of memory. The machine (or a limit such as ulimit -v) gave no "
                     "more; a smaller --max-memory makes evsim stop earlier with a report of "
                     "what grew.\n";
    } catch (const std::length_error& e) {
        std::cerr << "evsim: a table grew past what this build can hold (" << e.what()
                  << "); try --stream, a shorter --until or fewer instances.\n";
    } catch (const std::exception& e) {
        std::cerr << "evsim: internal error: " << e.what()
                  << "\nPlease report it with the scenario that caused it.\n";
    }
    return kExitBadInput;
}

} // namespace evsim
