#pragma once

#include "simulator/scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

// A scenario as AsyncAPI 3.0 documents, one per service (`evsim export asyncapi`): what a
// service sends and receives, over which channels, with which messages and payload schemas.

namespace evsim {

struct AsyncApiDocument {
    std::string service;
    std::string fileName; // "<service>.asyncapi.json", the name made safe for a file system
    std::string text;     // the document, JSON
};

// Every document lists the broker's whole topology as channels (AMQP exchanges and queues with
// their amqp bindings, or Kafka topics with their kafka bindings), so that each one stands on
// its own and `evsim import asyncapi` rebuilds the topology from any of them; what AsyncAPI's
// bindings have no words for (queue arguments, bindings between exchanges and queues,
// consumer groups, schema versions and registry modes) travels in x-eventsim extensions.
// Operations are the service's own: a send per producer and emit, a receive per consumer.
std::vector<AsyncApiDocument> exportAsyncApi(const Scenario& scenario);

// Where `document` goes in `directory`.
std::string asyncApiPath(const std::string& directory, const AsyncApiDocument& document);

// Writes `documents` into `directory` (created when missing), each through a temporary file
// renamed into place and never over one of `inputs`. Stops at the first that cannot be
// written; the paths written, in order, are added to `written`. Returns why it stopped, or
// nullopt.
std::optional<std::string> writeAsyncApiDocuments(const std::vector<AsyncApiDocument>& documents,
                                                  const std::string& directory,
                                                  const std::vector<std::string>& inputs,
                                                  std::vector<std::string>& written);

// "orders.placed" stays; anything but letters, digits, ".", "-" and "_" becomes "_", as
// AsyncAPI's keys for channels, operations and messages require.
std::string asyncApiKey(std::string_view name);

} // namespace evsim
