#include "harness/io/output_file.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_writers.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

double micros(SimTime t) {
    return static_cast<double>(t.nanos()) / 1000.0;
}

// Processes (services and the broker) and threads (instances, or the broker's queues), numbered
// from 1 in the order they first appear.
class Lanes {
public:
    std::pair<int, int> of(const Span& s, const TraceNames& names, Json& metadata) {
        const std::string process = serviceOf(s, names);
        std::string thread = instanceOf(s, names);
        if (thread.empty()) {
            thread = destinationOf(s, names);
        }
        auto [p, freshProcess] =
            m_processes.emplace(process, static_cast<int>(m_processes.size() + 1));
        if (freshProcess) {
            metadata.push_back(Json{{"ph", "M"},
                                    {"name", "process_name"},
                                    {"ts", 0},
                                    {"pid", p->second},
                                    {"tid", 0},
                                    {"args", Json{{"name", process}}}});
        }
        auto [t, freshThread] = m_threads.emplace(std::make_pair(p->second, thread),
                                                  static_cast<int>(m_threads.size() + 1));
        if (freshThread) {
            metadata.push_back(Json{{"ph", "M"},
                                    {"name", "thread_name"},
                                    {"ts", 0},
                                    {"pid", p->second},
                                    {"tid", t->second},
                                    {"args", Json{{"name", thread}}}});
        }
        return {p->second, t->second};
    }

private:
    std::map<std::string, int> m_processes;
    std::map<std::pair<int, std::string>, int> m_threads;
};

Json args(const Span& s, const TraceSet& set, const TraceNames& names) {
    Json out;
    out["trace_id"] = hexId(s.trace);
    out["span_id"] = hexId(s.id);
    if (s.parent != 0) {
        out["parent_span_id"] = hexId(s.parent);
    }
    for (const SpanAttribute& a : spanAttributes(s, set, names)) {
        switch (a.type) {
        case SpanAttribute::Type::Int:
            out[a.key] = a.number;
            break;
        case SpanAttribute::Type::Bool:
            out[a.key] = a.flag;
            break;
        case SpanAttribute::Type::String:
            out[a.key] = a.text;
            break;
        }
    }
    return out;
}

} // namespace

void writeChromeTrace(const TraceSet& set, const TraceNames& names, OutputFile& out) {
    Json events = Json::array();
    Lanes lanes;
    std::map<std::uint64_t, std::pair<int, int>> sendLane; // send span id -> pid, tid
    for (const TraceGroup& trace : tracesInOrder(set)) {
        for (const std::size_t i : trace.spans) {
            const Span& s = set.spans[i];
            const auto [pid, tid] = lanes.of(s, names, events);
            events.push_back(Json{{"name", spanName(s, names)},
                                  {"cat", std::string(operationName(s, names))},
                                  {"ph", "X"},
                                  {"ts", micros(s.start)},
                                  {"dur", micros(s.end) - micros(s.start)},
                                  {"pid", pid},
                                  {"tid", tid},
                                  {"args", args(s, set, names)}});
            for (const SpanEvent& e : s.events) {
                events.push_back(Json{{"name", eventName(e)},
                                      {"ph", "i"},
                                      {"s", "t"},
                                      {"ts", micros(e.time)},
                                      {"pid", pid},
                                      {"tid", tid}});
            }
            if (s.operation == SpanOperation::Send) {
                sendLane[s.id] = {pid, tid};
            }
            // A flow arrow from the send to each delivery of what it sent.
            if (s.operation == SpanOperation::Process && s.link != 0) {
                if (const auto from = sendLane.find(s.link); from != sendLane.end()) {
                    const std::string id = hexId(s.id);
                    const auto sendSpan = std::find_if(
                        trace.spans.begin(), trace.spans.end(),
                        [&set, &s](std::size_t k) { return set.spans[k].id == s.link; });
                    const double at = sendSpan == trace.spans.end()
                                          ? micros(s.start)
                                          : micros(set.spans[*sendSpan].start);
                    events.push_back(Json{{"name", "message"},
                                          {"cat", "flow"},
                                          {"ph", "s"},
                                          {"id", id},
                                          {"ts", at},
                                          {"pid", from->second.first},
                                          {"tid", from->second.second}});
                    events.push_back(Json{{"name", "message"},
                                          {"cat", "flow"},
                                          {"ph", "f"},
                                          {"bp", "e"},
                                          {"id", id},
                                          {"ts", micros(s.start)},
                                          {"pid", pid},
                                          {"tid", tid}});
                }
            }
        }
    }
    Json doc;
    doc["traceEvents"] = std::move(events);
    doc["displayTimeUnit"] = "ms";
    doc["otherData"] = Json{
        {"generator", "evsim"}, {"traces", set.traces}, {"traces_left_out", set.tracesLeftOut}};
    out.write(doc.dump(-1, ' ', false, Json::error_handler_t::replace));
    out.write('\n');
}

} // namespace evsim
