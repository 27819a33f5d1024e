#pragma once

#include "harness/cli/command.h"

namespace evsim {

// Registers `evsim import rabbitmq DEFINITIONS.json -o SCENARIO.json`: a broker's exported
// definitions as a scenario, with what could not be mapped listed on stderr.
Command addImportCommand(CLI::App& app);

// Registers `rabbitmq SCENARIO.json -o DEFINITIONS.json` under `evsim export`: the scenario's
// topology as definitions a RabbitMQ broker imports. Its run is the export command's to call
// when the returned parser was the one given.
Command addRabbitMqExport(CLI::App& exportApp);

} // namespace evsim
