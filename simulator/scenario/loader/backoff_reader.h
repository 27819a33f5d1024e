#pragma once

#include "simulator/scenario/backoff.h"
#include "simulator/scenario/loader/value_reader.h"

#include <string>

// Exponential back-offs: between publish retries, between reconnects, between retries of a
// failed message.

namespace evsim::loader {

// Reads a back-off object { "initial", "multiplier", "max" }, every key optional, over the
// defaults of the place it is used in. `initial` > 0, `multiplier` ≥ 1, `max` ≥ `initial`
// (whether given or a default). Reports what is wrong through the context.
class BackoffReader {
public:
    explicit BackoffReader(LoadContext& context) : m_context(context), m_values(context) {}

    // `defaults` with the keys the object gives; `defaults` as they are after an error.
    Backoff read(const Json& v, const std::string& path, const Backoff& defaults) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
