#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim validate`: loads a scenario file and reports every problem in it (exit 0
// when valid, 2 with the errors otherwise).
Command addValidateCommand(CLI::App& app);

} // namespace evsim
