#include "harness/cli/definitions_commands.h"

#include "harness/cli/asyncapi_commands.h"
#include "harness/cli/cli.h"
#include "harness/definitions/definitions_export.h"
#include "harness/definitions/definitions_import.h"
#include "harness/io/output_file.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>

namespace evsim {
namespace {

// Definitions files of real brokers run to a few megabytes; anything past this is not one.
constexpr std::uintmax_t kMaxDefinitionsBytes = 256u << 20;

struct DefinitionsImportArgs {
    std::string file;
    std::string output = "-";
    std::string vhost = "/";
};

struct DefinitionsExportArgs {
    std::string scenario;
    std::string output = "-";
};

int exportDefinitions(const DefinitionsExportArgs& args) {
    LoadResult<Scenario> loaded = loadScenarioFile(args.scenario);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    std::string openError;
    std::unique_ptr<OutputFile> out = OutputFile::open(args.output, {args.scenario}, openError);
    if (!out) {
        return badInput("export", printable(openError));
    }
    out->write(exportRabbitMqDefinitions(*loaded.value));
    if (const auto failed = out->commit()) {
        return badInput("export", printable(*failed));
    }
    const AmqpSpec& amqp = loaded.value->broker.amqp;
    std::cerr << fmt::format("exported: {} exchanges, {} queues, {} bindings{}\n",
                             amqp.exchanges.size(), amqp.queues.size(), amqp.bindings.size(),
                             out->isStdout() ? "" : " -> " + printable(out->path()));
    return kExitPass;
}

int importDefinitions(const DefinitionsImportArgs& args) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(args.file, error);
    if (error) {
        return badInput("import", "cannot read " + printable(args.file) + ": " + error.message());
    }
    if (size > kMaxDefinitionsBytes) {
        return badInput(
            "import",
            printable(args.file) + " is " + std::to_string(size >> 20) +
                " MiB; a definitions file of more than 256 MiB is not one EventSim reads");
    }
    std::ifstream in(args.file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
        return badInput("import", "cannot read " + printable(args.file));
    }
    const std::string name = std::filesystem::path(args.file).stem().string();
    auto imported = importRabbitMqDefinitions(text, args.vhost, name);
    if (const auto* why = std::get_if<std::string>(&imported)) {
        return badInput("import", printable(args.file) + ": " + printable(*why));
    }
    const DefinitionsImport& result = std::get<DefinitionsImport>(imported);
    std::string openError;
    std::unique_ptr<OutputFile> out = OutputFile::open(args.output, {args.file}, openError);
    if (!out) {
        return badInput("import", printable(openError));
    }
    out->write(result.scenario);
    if (const auto failed = out->commit()) {
        return badInput("import", printable(*failed));
    }
    std::cerr << fmt::format(
        "imported: {} exchanges, {} queues, {} bindings, {} polic{} applied{}\n", result.exchanges,
        result.queues, result.bindings, result.policiesApplied,
        result.policiesApplied == 1 ? "y" : "ies",
        out->isStdout() ? "" : " -> " + printable(out->path()));
    printUnmapped(result.notes);
    std::cerr << "The publisher and consumer services are placeholders; check the scenario "
                 "with `evsim validate` and run it with `evsim run`.\n";
    return kExitPass;
}

} // namespace

Command addRabbitMqExport(CLI::App& exportApp) {
    auto args = std::make_shared<DefinitionsExportArgs>();
    CLI::App* rabbitmq = exportApp.add_subcommand(
        "rabbitmq", "Write a scenario's topology as RabbitMQ definitions.");
    rabbitmq->add_option("SCENARIO", args->scenario, "The scenario file")->required();
    rabbitmq->add_option("-o,--output", args->output,
                         "Where to write the definitions (default -: standard output)");
    rabbitmq->footer("Writes the exchanges, queues (type and arguments) and bindings as the "
                     "definitions of virtual host /, for `rabbitmqctl import_definitions FILE` "
                     "or the management API's POST /api/definitions. Services, faults and "
                     "expectations are not part of a broker's definitions. `evsim import "
                     "rabbitmq` reads the file back to the same topology.\n"
                     "Example: evsim export rabbitmq scenarios/topic-routing.json -o "
                     "definitions.json");
    return {rabbitmq, [args] {
                return exportDefinitions(*args);
            }};
}

Command addImportCommand(CLI::App& app) {
    auto args = std::make_shared<DefinitionsImportArgs>();
    CLI::App* import = app.add_subcommand("import", "Turn a broker's topology into a scenario.");
    import->require_subcommand(1);
    CLI::App* rabbitmq = import->add_subcommand(
        "rabbitmq", "Read RabbitMQ definitions (rabbitmqctl export_definitions, or the "
                    "management API's GET /api/definitions) into a scenario.");
    rabbitmq->add_option("DEFINITIONS", args->file, "The definitions file (JSON)")->required();
    rabbitmq->add_option("-o,--output", args->output,
                         "Where to write the scenario (default -: standard output)");
    rabbitmq->add_option("--vhost", args->vhost, "The virtual host to import (default /)");
    rabbitmq->footer(
        "Imports the virtual host's exchanges, queues (classic and quorum, with the arguments "
        "EventSim models), bindings (to queues and to exchanges) and policies, applied as "
        "RabbitMQ applies them. Each queue gets a placeholder consumer service and each "
        "exchange that routes somewhere a placeholder producer. Everything that could not be "
        "mapped (users, unmodelled arguments, plugin exchange types, ...) is listed on stderr, "
        "never dropped silently. Exit 0 when written, 2 for a file that is not a definitions "
        "file or an output that cannot be written.\n"
        "Example: evsim import rabbitmq definitions.json -o scenarios/mine.json");
    const Command asyncapi = addAsyncApiImport(*import);
    return {import, [args, asyncapi] {
                return asyncapi.parser->parsed() ? asyncapi.run() : importDefinitions(*args);
            }};
}

} // namespace evsim
