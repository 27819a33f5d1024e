#pragma once

#include "simulator/engine/envelope.h"

#include <nlohmann/json.hpp>

namespace evsim {

// A message's CloudEvents envelope as the JSON that `evsim run --events` writes and the
// desktop app's inspector shows: the CloudEvents attributes, the schema version, the W3C
// traceparent, the application headers (when there are any) and the data, parsed (kept as a
// string when it is not valid JSON).
nlohmann::ordered_json envelopeJson(const Envelope& envelope);

} // namespace evsim
