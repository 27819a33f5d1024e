#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim contracts`: the producer-consumer contracts of a scenario's event schemas
// (harness/contracts/): exit 0 when every pair that meets is compatible and the registry mode
// takes every version, 1 otherwise, 2 for a file that does not load.
Command addContractsCommand(CLI::App& app);

} // namespace evsim
