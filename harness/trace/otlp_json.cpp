#include "harness/io/output_file.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_writers.h"

#include <map>
#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::int64_t kUnixNanosAt2000 = 946'684'800'000'000'000;

std::string unixNanos(SimTime t) {
    return std::to_string(kUnixNanosAt2000 + t.nanos());
}

Json anyValue(const SpanAttribute& a) {
    switch (a.type) {
    case SpanAttribute::Type::Int:
        return Json{{"intValue", std::to_string(a.number)}}; // int64 as a string (proto3 JSON)
    case SpanAttribute::Type::Bool:
        return Json{{"boolValue", a.flag}};
    case SpanAttribute::Type::String:
        break;
    }
    return Json{{"stringValue", a.text}};
}

Json attributes(const std::vector<SpanAttribute>& list) {
    Json out = Json::array();
    for (const SpanAttribute& a : list) {
        out.push_back(Json{{"key", a.key}, {"value", anyValue(a)}});
    }
    return out;
}

Json spanJson(const Span& s, const TraceSet& set, const TraceNames& names) {
    Json span;
    span["traceId"] = hexId(s.trace);
    span["spanId"] = hexId(s.id);
    if (s.parent != 0) {
        span["parentSpanId"] = hexId(s.parent);
    }
    span["name"] = spanName(s, names);
    span["kind"] = static_cast<int>(spanKind(s));
    span["startTimeUnixNano"] = unixNanos(s.start);
    span["endTimeUnixNano"] = unixNanos(s.end);
    span["attributes"] = attributes(spanAttributes(s, set, names));
    if (!s.events.empty()) {
        Json events = Json::array();
        for (const SpanEvent& e : s.events) {
            events.push_back(Json{{"timeUnixNano", unixNanos(e.time)},
                                  {"name", eventName(e)},
                                  {"attributes", attributes(eventAttributes(e, names))}});
        }
        span["events"] = std::move(events);
    }
    if (s.link != 0) {
        span["links"] = Json::array({Json{{"traceId", hexId(s.trace)}, {"spanId", hexId(s.link)}}});
    }
    // STATUS_CODE_OK 1 is for an application's own verdict; an instrumentation leaves it unset.
    if (s.error != SpanError::None) {
        span["status"] = Json{{"code", 2}, {"message", std::string(errorType(s.error))}};
    }
    return span;
}

} // namespace

void writeOtlpJson(const TraceSet& set, const TraceNames& names, OutputFile& out) {
    for (const TraceGroup& trace : tracesInOrder(set)) {
        // One resource per service instance, in the order they first appear in the trace.
        std::vector<std::pair<std::string, std::string>> resources; // service, instance
        std::map<std::pair<std::string, std::string>, std::size_t> index;
        std::vector<Json> spans;
        for (const std::size_t i : trace.spans) {
            const Span& s = set.spans[i];
            auto key = std::make_pair(serviceOf(s, names), instanceOf(s, names));
            auto [it, fresh] = index.emplace(key, resources.size());
            if (fresh) {
                resources.push_back(key);
                spans.push_back(Json::array());
            }
            spans[it->second].push_back(spanJson(s, set, names));
        }
        Json resourceSpans = Json::array();
        for (std::size_t r = 0; r < resources.size(); ++r) {
            std::vector<SpanAttribute> attrs(1);
            attrs[0].key = "service.name";
            attrs[0].text = resources[r].first;
            if (!resources[r].second.empty()) {
                attrs.emplace_back();
                attrs.back().key = "service.instance.id";
                attrs.back().text = resources[r].second;
            }
            resourceSpans.push_back(Json{
                {"resource", Json{{"attributes", attributes(attrs)}}},
                {"scopeSpans",
                 Json::array({Json{{"scope", Json{{"name", "evsim"}, {"version", EVSIM_VERSION}}},
                                   {"spans", std::move(spans[r])}}})}});
        }
        const Json line{{"resourceSpans", std::move(resourceSpans)}};
        out.write(line.dump(-1, ' ', false, Json::error_handler_t::replace));
        out.write('\n');
    }
}

} // namespace evsim
