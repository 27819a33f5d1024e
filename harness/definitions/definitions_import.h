#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

// A real RabbitMQ broker's topology, as `rabbitmqctl export_definitions` and the management
// API's GET /api/definitions write it, turned into an EventSim scenario.

namespace evsim {

struct DefinitionsImport {
    std::string scenario; // the scenario file's text (JSON), ready to load
    // What could not be mapped, one sentence each, naming where it was ("queues[3] \"orders\":
    // argument x-max-priority is not modelled; left out"). Nothing is dropped silently.
    std::vector<std::string> notes;
    std::size_t exchanges = 0;
    std::size_t queues = 0;
    std::size_t bindings = 0;
    std::size_t policiesApplied = 0; // policies that matched at least one queue or exchange
};

// Reads the definitions of one virtual host (`vhost`): its exchanges (the predeclared amq.*
// ones only when a binding names them), queues with their arguments, bindings (to queues and
// to exchanges) and policies, applied to the queues and exchanges they match as RabbitMQ 3.10
// applies them: the pattern is searched in the name, only `apply-to` "all", "queues" or
// "exchanges" as fits, the highest priority wins; a numeric limit of a queue's argument and
// its policy takes the lower, another key keeps the queue's own argument. Each queue gets a
// placeholder consumer service, each exchange that routes somewhere a placeholder producer,
// for the user to edit. `scenarioName` names the scenario. An error text when the input is
// not a definitions file at all.
std::variant<DefinitionsImport, std::string>
importRabbitMqDefinitions(std::string_view text, std::string_view vhost,
                          std::string_view scenarioName);

} // namespace evsim
