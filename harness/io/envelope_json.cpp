#include "harness/io/envelope_json.h"

namespace evsim {
namespace {

nlohmann::json parsedOrText(const std::string& text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

} // namespace

nlohmann::ordered_json envelopeJson(const Envelope& e) {
    nlohmann::ordered_json env;
    env["specversion"] = e.specversion;
    env["id"] = e.id;
    env["source"] = e.source;
    env["type"] = e.type;
    env["time"] = e.time;
    env["datacontenttype"] = e.datacontenttype;
    env["subject"] = e.subject;
    env["schemaversion"] = e.schemaVersion;
    env["traceparent"] = e.trace.traceparent();
    if (!e.headers.empty() && e.headers != "{}") {
        env["headers"] = parsedOrText(e.headers);
    }
    env["data"] = parsedOrText(e.data);
    return env;
}

} // namespace evsim
