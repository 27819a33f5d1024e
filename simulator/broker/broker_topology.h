#pragma once

#include "simulator/observe/entity_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// A broker's topology in words every kind shares, for the app, the CLI and reports: targets
// that take publishes (AMQP exchanges; a log's topics), sources that hold copies for consumers
// (AMQP queues; SQS queues; Pub/Sub subscriptions), the routes from one to the other, and
// where a source sends what it gives up on. Built from the spec by describeBroker()
// (broker/broker_factory.h), so that nothing above the broker reads a kind's own spec.
struct BrokerTopology {
    struct Target {
        std::string address; // as a scenario writes it ("" for AMQP's default exchange)
        std::string name;    // as the entity table and the app name it ("(default)")
        std::string type;    // "direct", "fanout", "default", …
        // Publishing to it with key K reaches the source named K (AMQP's default exchange);
        // it is drawn only once something publishes to it.
        bool routesByName = false;
        // The target that takes what its own routes send nowhere (AMQP's alternate exchange).
        std::optional<std::string> alternate = std::nullopt;
    };
    struct Source {
        std::string name;
        std::string badge;                // what a canvas writes under the name ("quorum"), or ""
        std::vector<std::string> details; // its type first, then what it is set up with
        std::uint64_t capacity = 0;       // most copies it holds; 0 when unbounded
        // Where it sends what it gives up on (expired, rejected, over its limit), and with
        // what key ("" keeps the message's own).
        std::optional<std::string> deadLetterTarget;
        std::string deadLetterKey;
    };
    struct Route {
        std::string target;
        std::string source; // or, with toTarget, another target's address
        std::string key;
        bool toTarget = false; // leads on to another target (AMQP's exchange-to-exchange)
    };

    std::string_view targetNoun = "exchange"; // singular, lower case
    std::string_view sourceNoun = "queue";
    EntityKind targetEntity = EntityKind::Exchange;
    EntityKind sourceEntity = EntityKind::Queue;
    std::vector<Target> targets; // as declared; one that routesByName may come first
    std::vector<Source> sources; // in the order of the broker's queueStats()
    std::vector<Route> routes;

    // The target a scenario's `address` names; nullptr when there is none.
    const Target* target(std::string_view address) const;
};

} // namespace evsim
