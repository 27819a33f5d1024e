#include "harness/run/trace_watch.h"

#include "simulator/engine/simulation.h"

#include <algorithm>

namespace evsim {

TraceWatch::TraceWatch(const Scenario& scenario, const Simulation& simulation) : m_sim(simulation) {
    for (std::size_t i = 0; i < scenario.expectations.size(); ++i) {
        const Expectation& e = scenario.expectations[i];
        if (e.kind == Expectation::Kind::TracesComplete ||
            e.kind == Expectation::Kind::TraceLatency) {
            Watched w;
            w.expectation = i;
            w.root = e.subject;
            w.reaches = e.events;
            m_watched.push_back(std::move(w));
        }
    }
}

std::uint8_t TraceWatch::classify(Watched& w, std::uint16_t eventType) const {
    if (eventType >= w.types.size()) {
        w.types.resize(std::size_t{eventType} + 1, 0);
    }
    std::uint8_t& c = w.types[eventType];
    if (c == 0) {
        const std::string& name = m_sim.eventTypes()[eventType];
        c = name == w.root                                                           ? 1
            : std::find(w.reaches.begin(), w.reaches.end(), name) != w.reaches.end() ? 2
                                                                                     : 3;
    }
    return c;
}

void TraceWatch::onRecord(const Record& r, const Message* m) {
    if (m == nullptr) {
        return;
    }
    for (Watched& w : m_watched) {
        const bool root = m->parent == 0 && m->id == m->traceRoot;
        if (r.kind == RecordKind::Published && root && classify(w, m->eventType) == 1) {
            w.traces.emplace(m->id, Trace{r.time, r.time, false});
            continue;
        }
        const auto it = w.traces.find(m->traceRoot);
        if (it == w.traces.end()) {
            continue;
        }
        it->second.last = std::max(it->second.last, r.time);
        if (r.kind == RecordKind::Published && classify(w, m->eventType) == 2) {
            it->second.reached = true;
        }
    }
}

std::optional<TraceReport> TraceWatch::report(std::size_t expectation) const {
    for (const Watched& w : m_watched) {
        if (w.expectation != expectation) {
            continue;
        }
        TraceReport report;
        for (const auto& [id, trace] : w.traces) {
            ++report.traces;
            report.latency.add(trace.last - trace.start);
            if (!w.reaches.empty() && !trace.reached) {
                ++report.incomplete;
                if (report.firstIncomplete.size() < 3) {
                    report.firstIncomplete.push_back(id);
                }
            }
        }
        return report;
    }
    return std::nullopt;
}

} // namespace evsim
