#include "harness/cli/contracts_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/scenario_input.h"
#include "harness/contracts/contract_text.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace evsim {
namespace {

int contractsCommand(const std::string& file) {
    if (refusedAsRecording("contracts", file)) {
        return kExitBadInput;
    }
    LoadResult<Scenario> loaded = loadScenarioFile(file);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    const ContractReport report = checkContracts(*loaded.value);
    std::cout << formatContracts(report);
    return report.compatible() ? kExitPass : kExitExpectationFailed;
}

} // namespace

Command addContractsCommand(CLI::App& app) {
    auto args = std::make_shared<std::string>();
    CLI::App* contracts = app.add_subcommand(
        "contracts", "Check that consumers can read the event versions producers write.");
    contracts->add_option("FILE", *args, "Scenario file with a \"schemas\" section")->required();
    contracts->footer(
        "For each event type: whether its registry compatibility mode (BACKWARD, FORWARD, FULL, "
        "their _TRANSITIVE forms, NONE) takes each version, which versions producers write "
        "(from the start and after rolling deploys), and a matrix of written versions against "
        "the consumers that read it, each cell ok or BREAKS with the reason (a field missing, "
        "optional, or of a narrowed type). Rules: docs/schemas.md.\n\n"
        "Exit 0 when every pair the scenario's traffic brings together is compatible and the "
        "registry takes every version; 1 otherwise; 2 when the file does not load.");
    return {contracts, [args] {
                return contractsCommand(*args);
            }};
}

} // namespace evsim
