#include "harness/cli/export_command.h"

#include "harness/cli/asyncapi_commands.h"
#include "harness/cli/cli.h"
#include "harness/cli/definitions_commands.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/export/catch2_writer.h"
#include "harness/export/gtest_writer.h"
#include "harness/export/source_text.h"
#include "harness/export/test_model.h"
#include "harness/io/output_file.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/testing/run.h"
#include "simulator/scenario/printable.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

namespace evsim {
namespace {

namespace fs = std::filesystem;

int interruptedExport() {
    std::cerr << "evsim export: interrupted; no test file was written (any earlier one is "
                 "unchanged)\n";
    return kExitInterrupted;
}

// A word of the command line as a shell would need it written.
std::string shellWord(const std::string& word) {
    const bool plain =
        !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789-_./=+:,@") == std::string::npos;
    if (plain) {
        return word;
    }
    std::string quoted = "'";
    for (const char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

std::string commandText(const ExportArgs& args) {
    std::string text = "evsim export " + shellWord(args.recording);
    if (args.gtest) {
        text += " --gtest " + shellWord(*args.gtest);
    }
    if (args.catch2) {
        text += " --catch2 " + shellWord(*args.catch2);
    }
    text += args.embed ? " --embed" : "";
    text += args.noMain ? " --no-main" : "";
    return text;
}

// The recording's path from the folder of `output`, where the generated test looks for it
// (relative to its own __FILE__): that holds wherever CTest runs the test from.
std::string pathFromOutput(const std::string& recording, const std::string& output) {
    if (output == "-") {
        return recording;
    }
    std::error_code error;
    const fs::path target = fs::weakly_canonical(fs::absolute(recording), error);
    const fs::path folder = fs::weakly_canonical(fs::absolute(output).parent_path(), error);
    const fs::path relative = target.lexically_relative(folder);
    return relative.empty() ? target.generic_string() : relative.generic_string();
}

std::optional<std::string> readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
        return std::nullopt;
    }
    return text;
}

} // namespace

int exportCommand(const ExportArgs& args) {
    if (args.recording.empty()) {
        return badInput("export",
                        "give a recording (.evrec), or `rabbitmq SCENARIO.json` for RabbitMQ "
                        "definitions");
    }
    if (!args.gtest && !args.catch2) {
        return badInput("export", "give --gtest OUT_test.cpp, --catch2 OUT_test.cpp or both");
    }
    if (args.noMain && !args.catch2) {
        return badInput("export",
                        "--no-main applies to the Catch2 file only (--catch2 OUT_test.cpp)");
    }
    std::vector<OutputPath> outputs;
    if (args.gtest) {
        outputs.push_back({"--gtest", *args.gtest});
    }
    if (args.catch2) {
        outputs.push_back({"--catch2", *args.catch2});
    }
    if (const auto conflict = conflictingOutputs(outputs)) {
        return badInput("export", printable(*conflict));
    }
    LoadResult<Recording> loaded = loadRecordingFile(args.recording);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const Recording& recording = *loaded.value;

    // Opened before the run, so that a bad path is reported before any work.
    std::unique_ptr<OutputFile> gtestFile;
    std::unique_ptr<OutputFile> catch2File;
    std::string error;
    if (args.gtest && !(gtestFile = OutputFile::open(*args.gtest, {args.recording}, error))) {
        return badInput("export", printable(error));
    }
    if (args.catch2 && !(catch2File = OutputFile::open(*args.catch2, {args.recording}, error))) {
        return badInput("export", printable(error));
    }

    // The run of the recording, checked as `evsim replay` checks it: a file that lies about
    // its run is refused before any test is written from it.
    RunOptions options;
    options.cancel = interruptFlag();
    ReplayResult replay = replayRecording(recording, args.recording, options, /*keepRecords=*/true);
    if (interrupted()) { // a divergence stops the run too, but is not an interrupt
        return interruptedExport();
    }
    if (!replay.errors.empty()) {
        locateRecordingErrors(replay.errors, args.recording);
        std::cerr << formatErrors(replay.errors);
        return kExitBadInput;
    }
    if (replay.divergence) {
        const Divergence& d = *replay.divergence;
        std::cerr << fmt::format(
            "evsim export: this build does not give the run {} keeps (it differs from record {}{} "
            "on); nothing was written. `evsim replay {}` names the first divergent record; when "
            "the change is intended, record the scenario again first.\n",
            printable(args.recording), d.firstRecord,
            d.exact() ? "" : fmt::format(" to {}", d.lastRecord), printable(args.recording));
        return kExitExpectationFailed;
    }
    if (!replay.outcome.completed()) {
        return badInput("export", "the run of " + printable(args.recording) + " did not finish");
    }
    const Run run(std::move(replay.outcome));

    const TestModel model = buildTestModel(run);
    ExportSource source;
    source.command = commandText(args);
    source.recordingFile = args.recording;
    source.scenarioFile = recording.scenarioFile;
    if (args.embed) {
        source.embedded = readText(args.recording);
        if (!source.embedded) {
            return badInput("export", "cannot read " + printable(args.recording));
        }
    }
    const auto write = [&](OutputFile& file, const std::string& text) {
        if (interrupted()) {
            return interruptedExport();
        }
        file.write(text);
        if (const auto failed = file.commit()) {
            return badInput("export", printable(*failed));
        }
        std::ostream& report = file.isStdout() ? std::cerr : std::cout;
        report << fmt::format("exported: {} ({} tests)\n", printable(file.path()),
                              model.tests.size());
        return kExitPass;
    };
    if (gtestFile) {
        source.recordingPath = pathFromOutput(args.recording, *args.gtest);
        if (const int code = write(*gtestFile, gtestSource(model, source)); code != kExitPass) {
            return code;
        }
    }
    if (catch2File) {
        source.recordingPath = pathFromOutput(args.recording, *args.catch2);
        if (const int code = write(*catch2File, catch2Source(model, source, !args.noMain));
            code != kExitPass) {
            return code;
        }
    }
    return kExitPass;
}

Command addExportCommand(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App* exportApp = app.add_subcommand(
        "export", "Write GoogleTest or Catch2 source that pins what a recorded run did.");
    exportApp->add_option("REC", args->recording, "Recording (.evrec) written by evsim record");
    const Command rabbitmq = addRabbitMqExport(*exportApp);
    const Command asyncapi = addAsyncApiExport(*exportApp);
    exportApp
        ->add_option("--gtest", args->gtest,
                     "Write a GoogleTest file (link EventSim::harness, GTest::gmock and "
                     "GTest::gtest_main)")
        ->type_name("OUT_test.cpp");
    exportApp
        ->add_option("--catch2", args->catch2,
                     "Write a Catch2 2.13 file (link EventSim::harness and Catch2::Catch2)")
        ->type_name("OUT_test.cpp");
    exportApp->add_flag("--embed", args->embed,
                        "Put the recording's text in the file instead of its path");
    exportApp->add_flag("--no-main", args->noMain,
                        "Leave CATCH_CONFIG_MAIN out of the Catch2 file, to link several "
                        "into one program");
    exportApp->footer(
        "One test per aspect of the run: its digest, expectations, no loss and accounting (when "
        "they hold), alerts fired, each queue's and consumer's counts, the messages of each "
        "dead-letter queue. The tests run the recording's inputs with the EventSim they are "
        "built against. The recording is found relative to the test file (a macro at its top "
        "says where). Exit 1, writing nothing, when this build no longer gives the recorded "
        "run.\nExample: evsim export fixtures/recordings/poison-message-dlq.evrec --gtest "
        "tests/poison_message_dlq_test.cpp");
    return {exportApp, [args, rabbitmq, asyncapi] {
                return rabbitmq.parser->parsed()   ? rabbitmq.run()
                       : asyncapi.parser->parsed() ? asyncapi.run()
                                                   : exportCommand(*args);
            }};
}

} // namespace evsim
