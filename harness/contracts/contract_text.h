#pragma once

#include "harness/contracts/contract_report.h"

#include <string>

namespace evsim {

// The report as `evsim contracts` prints it: per event type the registry's verdict, who writes
// which version, a matrix of written versions × readers, and why each pair that breaks does;
// then one line of totals. Names are escaped for a terminal.
std::string formatContracts(const ContractReport& report);

} // namespace evsim
