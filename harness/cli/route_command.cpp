#include "harness/cli/route_command.h"

#include "harness/cli/cli.h"
#include "harness/cli/scenario_input.h"
#include "harness/query/topology_routes.h"
#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario_loader.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace evsim {
namespace {

struct RouteArgs {
    std::string scenario;
    std::string exchange;
    std::string type;
    std::vector<std::string> bindings; // KEY=QUEUE
    std::vector<std::string> keys;
};

int refuse(const std::string& message, const std::string& hint = {}) {
    std::cerr << "evsim route: " << message << '\n';
    if (!hint.empty()) {
        std::cerr << "  hint: " << hint << '\n';
    }
    return kExitBadInput;
}

// A JSON object's compact text, or nullopt when `text` is not one.
std::optional<std::string> jsonObject(const std::string& text) {
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return std::nullopt;
    }
    return parsed.dump();
}

// Prints where each key goes through exchange `name` of `spec`; through a headers exchange,
// each "key" is a message's headers as a JSON object.
int printRoutes(const AmqpSpec& spec, const std::string& name,
                const std::vector<std::string>& keys) {
    const TopologyRoutes routes(spec);
    if (!routes.has(name)) {
        std::vector<std::string> names;
        for (const ExchangeSpec& x : spec.exchanges) {
            names.push_back(x.name);
        }
        const std::string hint = didYouMean(name, names);
        return refuse("there is no exchange " + printable(name),
                      !hint.empty() ? hint
                                    : "name one the scenario declares in broker.exchanges, or "
                                      "\"\" for the default exchange");
    }
    for (const std::string& key : keys) {
        const std::optional<std::vector<std::string>> queues = routes.queuesFor(name, key);
        if (!queues) {
            return refuse("a headers exchange routes by headers: " + printable(key) +
                              " is not a JSON object",
                          "give each message's headers as an object: '{\"region\":\"eu\"}'");
        }
        std::string line = printable(key) + " -> ";
        if (queues->empty()) {
            line += '-';
        }
        for (const std::string& queue : *queues) {
            line += (line.back() == ' ' ? "" : ",") + printable(queue);
        }
        std::cout << line << '\n';
    }
    return kExitPass;
}

// What is wrong with a headers binding's arguments, or "" when nothing is.
std::string headersArgumentsProblem(const std::optional<std::string>& arguments) {
    if (!arguments) {
        return "the arguments before '=' are not a JSON object";
    }
    const nlohmann::json object = nlohmann::json::parse(*arguments);
    const nlohmann::json match = object.contains("x-match") ? object["x-match"] : "all";
    static const std::set<std::string> kinds{"all", "any", "all-with-x", "any-with-x"};
    if (!match.is_string() || kinds.count(match.get<std::string>()) == 0) {
        return "x-match must be \"all\", \"any\", \"all-with-x\" or \"any-with-x\"";
    }
    return {};
}

int routeFromScenario(const RouteArgs& args) {
    if (refusedAsRecording("route", args.scenario)) {
        return kExitBadInput;
    }
    LoadResult<Scenario> loaded = loadScenarioFile(args.scenario);
    if (!loaded.ok()) {
        std::cerr << formatErrors(loaded.errors);
        return kExitBadInput;
    }
    return printRoutes(loaded.value->broker.amqp, args.exchange, args.keys);
}

int routeFromBindings(const RouteArgs& args) {
    AmqpSpec spec;
    const bool byHeaders = args.type == "headers";
    spec.exchanges.push_back({"x", args.type == "topic"    ? ExchangeType::Topic
                                   : args.type == "fanout" ? ExchangeType::Fanout
                                   : byHeaders             ? ExchangeType::Headers
                                                           : ExchangeType::Direct});
    std::set<std::string> declared;
    for (const std::string& binding : args.bindings) {
        const std::size_t equals = binding.rfind('=');
        if (equals == std::string::npos || equals + 1 == binding.size()) {
            return refuse("--binding " + printable(binding) +
                              (byHeaders ? " is not ARGUMENTS=QUEUE" : " is not KEY=QUEUE"),
                          byHeaders ? "write the arguments as a JSON object, '=', then the queue: "
                                      "--binding '{\"x-match\":\"any\",\"region\":\"eu\"}=eu'"
                                    : "write the binding key, '=', then the queue: --binding "
                                      "'order.*=orders'");
        }
        const std::string queue = binding.substr(equals + 1);
        if (declared.insert(queue).second) {
            spec.queues.push_back({queue});
        }
        BindingSpec b{"x", queue, binding.substr(0, equals)};
        if (byHeaders) {
            std::optional<std::string> arguments = jsonObject(b.key);
            if (const std::string problem = headersArgumentsProblem(arguments); !problem.empty()) {
                return refuse("--binding " + printable(binding) + ": " + problem,
                              "e.g. --binding '{\"x-match\":\"all\",\"region\":\"eu\"}=eu'");
            }
            b.arguments = std::move(*arguments);
            b.key.clear();
        }
        spec.bindings.push_back(std::move(b));
    }
    return printRoutes(spec, "x", args.keys);
}

} // namespace

Command addRouteCommand(CLI::App& app) {
    auto args = std::make_shared<RouteArgs>();
    CLI::App* route = app.add_subcommand(
        "route", "Show which queues routing keys reach through an exchange, as the broker would.");
    route
        ->add_option("--exchange-type", args->type,
                     "With --binding: the exchange's type (direct, fanout, topic or headers)")
        ->check(CLI::IsMember({"direct", "fanout", "topic", "headers"}));
    route
        ->add_option("--binding", args->bindings,
                     "KEY=QUEUE: a binding of the exchange (repeat for each); a topic key is a "
                     "pattern: * one word, # zero or more; a headers binding is ARGUMENTS=QUEUE, "
                     "the arguments a JSON object")
        ->allow_extra_args(false); // one binding each, so that the keys after stay keys
    route->add_option("--exchange", args->exchange,
                      "With a scenario file: the exchange to route through (\"\" is the default)");
    route->add_option("SCENARIO_OR_KEY", args->keys,
                      "A scenario file (with --exchange), then the routing keys; without a "
                      "scenario, only routing keys (put -- before keys that start with -)");
    route->footer(
        "Examples:\n"
        "  evsim route --exchange-type topic --binding 'order.*=orders' --binding '#=audit' "
        "order.placed payment.taken\n"
        "  evsim route scenarios/topic-routing.json --exchange events order.placed.eu\n"
        "  evsim route --exchange-type headers --binding '{\"x-match\":\"any\",\"region\":"
        "\"eu\"}=eu' '{\"region\":\"eu\"}'\n"
        "One line a key: KEY -> the queues it reaches, sorted, or - for none. A headers exchange "
        "ignores routing keys: each key is then a message's headers as a JSON object, and each "
        "binding's arguments one too (x-match all, any, all-with-x or any-with-x). Exit 2 for "
        "a malformed binding or key, an unknown exchange or a file that does not load.");
    return {route, [args, route] {
                const bool fromScenario = route->count("--exchange") > 0;
                if (args->keys.size() < (fromScenario ? 2u : 1u)) {
                    return refuse("name at least one routing key to route",
                                  "keys come last: evsim route ... order.placed");
                }
                if (fromScenario) {
                    args->scenario = args->keys.front();
                    args->keys.erase(args->keys.begin());
                    if (!args->bindings.empty() || !args->type.empty()) {
                        return refuse("--exchange reads the bindings from the scenario file",
                                      "use either a scenario with --exchange, or "
                                      "--exchange-type with --binding");
                    }
                    return routeFromScenario(*args);
                }
                if (args->type.empty()) {
                    return refuse("say where to route",
                                  "--exchange-type with --binding KEY=QUEUE ..., or a scenario "
                                  "file with --exchange NAME");
                }
                return routeFromBindings(*args);
            }};
}

} // namespace evsim
