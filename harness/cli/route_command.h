#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim route`: which queues routing keys reach through one exchange, given as a
// type and bindings on the command line or as an exchange of a scenario file. One line a key:
// `KEY -> q1,q2` (sorted; `-` for none). Exit 2 with a message for a malformed binding, an
// unsupported type or an unknown exchange.
Command addRouteCommand(CLI::App& app);

} // namespace evsim
