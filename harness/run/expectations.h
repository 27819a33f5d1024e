#pragma once

#include "harness/contracts/contract_report.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

class OrderWatch;
class Simulation;

struct ExpectationResult {
    Expectation expectation;
    bool passed = false;
    std::string subject;  // "queue billing.orders acked", "consumer billing failed", "no_loss"
    std::string expected; // "= 100", "between 1 and 5", "<= 50ms"
    std::string seen;     // "97"
    std::vector<std::uint32_t> examples; // up to three message ids that show the problem
};

// Checks every expectation of the scenario against a finished run. Examples are found in the
// run's records when it kept them. Order expectations read `orders`, which watched the run;
// contracts_compatible reads `contracts`, the scenario's (fails without).
std::vector<ExpectationResult> checkExpectations(const std::vector<Expectation>& expectations,
                                                 const Simulation& simulation,
                                                 const RunSummary& summary,
                                                 const OrderWatch* orders = nullptr,
                                                 const ContractReport* contracts = nullptr);

// "expect[2] queue billing.orders acked: expected = 100, saw 97 (e.g. msg-3, msg-9, msg-12)"
std::string describe(const ExpectationResult& result);

} // namespace evsim
