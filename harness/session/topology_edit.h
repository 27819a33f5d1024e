#pragma once

#include "harness/session/scenario_edit.h"
#include "harness/session/session.h"

#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// A part of the topology added to or removed from a session's scenario (the app's canvas does
// it), as edits of the scenario's text (Session::edit) that leave the rest as it was written.
// Removing a part removes what cannot stand without it: a queue goes with its bindings, the
// consumers that read it and the expectations about it; a service left with nothing to
// produce or consume goes too, with the expectations about it.
struct TopologyChange {
    std::vector<ScenarioEdit> edits; // in the order to make them
    std::string error;               // why it cannot be made ("" when it can)
    // What goes with a removed part, for the question that confirms it: "binding orders ->
    // email.orders", "consumer email <- email.orders", "expectation 4 (queue email.orders)".
    std::vector<std::string> alsoRemoved;

    bool ok() const { return error.empty(); }
};

// A queue of its own (classic, no arguments), consumed by nobody yet.
TopologyChange addQueue(const Session& session, std::string_view name);
// Binds `queue` to `exchange` with `key` ("" for none: a fanout exchange ignores keys) and
// `arguments` (a JSON object's text, as a headers exchange matches them; "" for none). A queue
// not in the scenario is added with it.
TopologyChange addBinding(const Session& session, std::string_view exchange, std::string_view queue,
                          std::string_view key, std::string_view arguments = {});
// A producer of `service` (added when the scenario has none of that name) publishing events
// of type `event` to `exchange` with `routingKey` ("" for none), 10 a second.
TopologyChange addProducer(const Session& session, std::string_view service,
                           std::string_view exchange, std::string_view event,
                           std::string_view routingKey);
// A consumer of `queue` at `service` (added when the scenario has none of that name).
TopologyChange addConsumer(const Session& session, std::string_view service,
                           std::string_view queue);

TopologyChange removeQueue(const Session& session, std::string_view queue);
// The binding of `queue` to `exchange` with `key` and `arguments` (as BindingSpec has them).
TopologyChange removeBinding(const Session& session, std::string_view exchange,
                             std::string_view queue, std::string_view key,
                             std::string_view arguments = {});
// The `index`th producer of `service` (its "produces" list, in the order written).
TopologyChange removeProducer(const Session& session, std::string_view service, std::size_t index);
// The consumer of `queue` at `service`.
TopologyChange removeConsumer(const Session& session, std::string_view service,
                              std::string_view queue);

// What the canvas offers to remove from a service's node: its producers ("OrderPlaced ->
// orders") or the queues it consumes, in the order written.
std::vector<std::string> producersOf(const Session& session, std::string_view service);
std::vector<std::string> consumedQueuesOf(const Session& session, std::string_view service);

} // namespace evsim
