#include "harness/cli/validate_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_guard.h"
#include "harness/cli/scenario_input.h"
#include "simulator/broker/broker_factory.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace evsim {
namespace {

int validateCommand(const std::string& file) {
    if (refusedAsRecording("validate", file)) {
        return kExitBadInput;
    }
    LoadResult<Scenario> loaded = loadScenarioFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    if (interrupted()) {
        std::cerr << "evsim validate: interrupted\n";
        return kExitInterrupted;
    }
    const Scenario& s = *loaded.value;
    std::cout << printable(file) << ": ok (scenario \"" << shortened(printable(s.name), 60)
              << "\": " << s.services.size() << " services, "
              << describeBroker(s.broker).sources.size() << " queues, " << s.expectations.size()
              << " expectations)\n";
    return kExitPass;
}

} // namespace

Command addValidateCommand(CLI::App& app) {
    auto args = std::make_shared<std::string>();
    CLI::App* validate =
        app.add_subcommand("validate", "Check a scenario file and report every problem found.");
    validate->add_option("FILE", *args, "Scenario file")->required();
    validate->footer("Exit 0 when the file is valid; exit 2 with one error per problem on stderr, "
                     "each as file:line:col, the error code, the JSON path and, where one fits, "
                     "a hint.");
    return {validate, [args] {
                return validateCommand(*args);
            }};
}

} // namespace evsim
