#pragma once

#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <string>

// What producers, emits and the timeline's publishes share: an event sent to an exchange.

namespace evsim::loader {

struct Publication {
    std::string event;
    int version = 1;
    std::string exchange;
    std::string routingKey;
};

// Reads "event", "version", "exchange" and "routing_key" of a publishing object (its other
// keys belong to the caller) and checks the route: a declared exchange, or the default exchange
// "" with a routing key naming a declared queue. Fields that cannot be read come back empty
// (version 1) after their error is reported.
class PublicationReader {
public:
    PublicationReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    Publication read(const Json& v, const std::string& path) const;
    // Checks the route of the object `obj` at `path`, whose "exchange" is `exchange` and whose
    // "routing_key" (if it has one) is `routingKey`. Also for routes that are not publications
    // of an event: a consumer's retry and give-up exchanges.
    void checkRoute(const Json& obj, const std::string& path, const std::string& exchange,
                    const std::string& routingKey) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
