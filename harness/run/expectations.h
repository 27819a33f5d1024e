#pragma once

#include "harness/contracts/contract_report.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

class OrderWatch;
class TraceWatch;
class Simulation;

struct ExpectationResult {
    Expectation expectation;
    bool passed = false;
    std::string subject;  // "queue billing.orders acked", "consumer billing failed", "no_loss"
    std::string expected; // "= 100", "between 1 and 5", "<= 50ms"
    std::string seen;     // "97"
    std::vector<std::uint32_t> examples; // up to three message ids that show the problem
};

// What some expectations read besides the finished run: watched as it went (order and trace
// expectations), or worked out from the scenario (contracts_compatible, which fails without).
struct ExpectationInputs {
    const OrderWatch* orders = nullptr;
    const TraceWatch* traces = nullptr;
    const ContractReport* contracts = nullptr;
};

// Checks every expectation of the scenario against a finished run. Examples are found in the
// run's records when it kept them.
std::vector<ExpectationResult> checkExpectations(const std::vector<Expectation>& expectations,
                                                 const Simulation& simulation,
                                                 const RunSummary& summary,
                                                 const ExpectationInputs& inputs = {});

// "expect[2] queue billing.orders acked: expected = 100, saw 97 (e.g. msg-3, msg-9, msg-12)"
std::string describe(const ExpectationResult& result);

} // namespace evsim
