#pragma once

#include <string>
#include <variant>
#include <vector>

// AsyncAPI 3.0 documents as a scenario skeleton (`evsim import asyncapi`): a service per
// document, its producers and consumers from the document's operations, the broker's topology
// from the channels and their AMQP or Kafka bindings, event schemas from the messages' payloads.

namespace evsim {

struct AsyncApiSource {
    std::string file; // as named on the command line, for messages
    std::string json; // the document as JSON text (YAML converted before)
};

struct AsyncApiImport {
    std::string scenario; // JSON text of the scenario
    std::size_t services = 0;
    std::size_t channels = 0;
    std::size_t messages = 0;       // event type versions
    std::vector<std::string> notes; // what could not be mapped, one line each
};

// One or more documents of one system (channels shared by name). A document that is not
// AsyncAPI 3 (no "asyncapi", or 2.x) is an error naming its file; everything else maps or is
// noted. `name` is the scenario's.
std::variant<AsyncApiImport, std::string> importAsyncApi(const std::vector<AsyncApiSource>& sources,
                                                         const std::string& name);

} // namespace evsim
