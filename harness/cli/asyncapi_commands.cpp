#include "harness/cli/asyncapi_commands.h"

#include "harness/asyncapi/asyncapi_export.h"
#include "harness/asyncapi/asyncapi_import.h"
#include "harness/cli/cli.h"
#include "harness/cli/yaml_json.h"
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

namespace fs = std::filesystem;

// AsyncAPI documents of real systems are kilobytes to a few megabytes.
constexpr std::uintmax_t kMaxDocumentBytes = 64u << 20;

struct AsyncApiImportArgs {
    std::vector<std::string> files;
    std::string output = "-";
    std::string name;
};

struct AsyncApiExportArgs {
    std::string scenario;
    std::string directory;
};

// The document as JSON text, or why not.
std::variant<std::string, std::string> readDocument(const std::string& file) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(file, error);
    if (error) {
        return std::variant<std::string, std::string>(
            std::in_place_index<1>, "cannot read " + printable(file) + ": " + error.message());
    }
    if (size > kMaxDocumentBytes) {
        return std::variant<std::string, std::string>(
            std::in_place_index<1>, printable(file) + " is larger than 64 MiB; not an AsyncAPI "
                                                      "document EventSim reads");
    }
    std::ifstream in(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::string why;
    auto json = yamlToJson(text, why); // JSON is YAML too
    if (!json) {
        return std::variant<std::string, std::string>(std::in_place_index<1>,
                                                      printable(file) + ": " + printable(why));
    }
    return std::variant<std::string, std::string>(std::in_place_index<0>, *json);
}

int importAsyncApiFiles(const AsyncApiImportArgs& args) {
    std::vector<AsyncApiSource> sources;
    for (const std::string& file : args.files) {
        auto read = readDocument(file);
        if (read.index() == 1) {
            return badInput("import", std::get<1>(read));
        }
        sources.push_back({printable(file), std::get<0>(read)});
    }
    const std::string name =
        args.name.empty() ? fs::path(args.files.front()).stem().string() : args.name;
    auto imported = importAsyncApi(sources, name);
    if (const auto* why = std::get_if<std::string>(&imported)) {
        return badInput("import", printable(*why));
    }
    const AsyncApiImport& result = std::get<AsyncApiImport>(imported);
    std::string openError;
    std::unique_ptr<OutputFile> out = OutputFile::open(args.output, args.files, openError);
    if (!out) {
        return badInput("import", printable(openError));
    }
    out->write(result.scenario);
    if (const auto failed = out->commit()) {
        return badInput("import", printable(*failed));
    }
    std::cerr << fmt::format("imported: {} services, {} channels, {} message versions{}\n",
                             result.services, result.channels, result.messages,
                             out->isStdout() ? "" : " -> " + printable(out->path()));
    printUnmapped(result.notes);
    const LoadResult<Scenario> check = parseScenario(result.scenario, out->path());
    if (!check.ok()) {
        std::cerr << "The scenario does not load yet; fix these first:\n"
                  << formatErrors(check.errors);
        return kExitBadInput;
    }
    std::cerr << "Rates and processing times are placeholders; run it with `evsim run`.\n";
    return kExitPass;
}

int exportAsyncApiFiles(const AsyncApiExportArgs& args) {
    LoadResult<Scenario> loaded = loadScenarioFile(args.scenario);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const std::vector<AsyncApiDocument> documents = exportAsyncApi(*loaded.value);
    std::vector<std::string> written;
    const std::optional<std::string> failed =
        writeAsyncApiDocuments(documents, args.directory, {args.scenario}, written);
    for (std::size_t i = 0; i < written.size(); ++i) {
        std::cerr << "  " << printable(documents[i].service) << " -> " << printable(written[i])
                  << "\n";
    }
    if (failed) {
        return badInput("export", printable(*failed));
    }
    std::cerr << fmt::format("exported: {} AsyncAPI 3.0 document{}\n", documents.size(),
                             documents.size() == 1 ? "" : "s");
    return kExitPass;
}

} // namespace

Command addAsyncApiImport(CLI::App& importApp) {
    auto args = std::make_shared<AsyncApiImportArgs>();
    CLI::App* asyncapi = importApp.add_subcommand(
        "asyncapi", "Read AsyncAPI 3.0 documents (YAML or JSON) into a scenario skeleton.");
    asyncapi->add_option("API", args->files, "AsyncAPI documents, one per service")->required();
    asyncapi->add_option("-o,--output", args->output,
                         "Where to write the scenario (default -: standard output)");
    asyncapi->add_option("--name", args->name, "The scenario's name (default: the first file's)");
    asyncapi->footer(
        "Each document becomes a service named by its info.title; its send operations become "
        "producers and its receive operations consumers, on the channels they name. Channels "
        "with AMQP bindings become exchanges and queues, with Kafka bindings topics (and the "
        "groups of the receive operations); message payloads become versioned event schemas "
        "(keywords outside EventSim's subset are dropped and listed) and their first examples "
        "bodies. Documents exported by `evsim export asyncapi` come back with the same "
        "topology and message types. Everything that could not be mapped is listed on stderr. "
        "Exit 0 when written, 2 for a file that is not AsyncAPI 3 or a scenario that does not "
        "load.\nExample: evsim import asyncapi checkout.yaml shipping.yaml -o scenarios/shop.json");
    return {asyncapi, [args] {
                return importAsyncApiFiles(*args);
            }};
}

Command addAsyncApiExport(CLI::App& exportApp) {
    auto args = std::make_shared<AsyncApiExportArgs>();
    CLI::App* asyncapi = exportApp.add_subcommand(
        "asyncapi", "Write a scenario as AsyncAPI 3.0 documents, one per service.");
    asyncapi->add_option("SCENARIO", args->scenario, "The scenario file")->required();
    asyncapi->add_option("-o,--output", args->directory, "The folder to write them into")
        ->required();
    asyncapi->footer(
        "Writes DIR/<service>.asyncapi.json for each service: its send and receive operations, "
        "the broker's channels with their AMQP or Kafka bindings, and a message per event type "
        "and schema version, with its payload schema. What AsyncAPI has no words for (queue "
        "arguments, bindings, consumer groups, registry modes) travels in x-eventsim "
        "extensions, which `evsim import asyncapi` reads back. The documents validate against "
        "the AsyncAPI 3.0 JSON Schema (third_party/asyncapi/).\n"
        "Example: evsim export asyncapi scenarios/saga-choreography.json -o api/");
    return {asyncapi, [args] {
                return exportAsyncApiFiles(*args);
            }};
}

} // namespace evsim
