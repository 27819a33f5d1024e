#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `asyncapi API.yaml|json... -o SCENARIO.json` under `evsim import`: AsyncAPI 3.0
// documents as a scenario skeleton, with what could not be mapped listed on stderr.
Command addAsyncApiImport(CLI::App& importApp);

// Registers `asyncapi SCENARIO.json -o DIR` under `evsim export`: one AsyncAPI 3.0 document per
// service, each written safely into DIR.
Command addAsyncApiExport(CLI::App& exportApp);

} // namespace evsim
