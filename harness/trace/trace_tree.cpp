#include "harness/trace/trace_tree.h"

#include "harness/io/terminal.h"
#include "harness/trace/trace_order.h"
#include "simulator/scenario/printable.h"

#include <algorithm>
#include <map>
#include <set>

namespace evsim {
namespace {

std::string shortTime(SimTime t) {
    return formatDurationShort(t);
}

// A line of the tree: its columns, padded once every line is known.
struct TreeLine {
    std::string start;
    std::string duration;
    std::string label;
    std::string who;
    std::string detail;
    bool event = false; // a span event: start and label only
};

struct Tree {
    const TraceSet& set;
    const TraceNames& names;
    SimTime origin;
    std::map<std::uint64_t, std::vector<std::size_t>> children; // by parent span id
    std::vector<TreeLine> lines;

    std::string text() const {
        std::size_t labelWidth = 4;
        std::size_t whoWidth = 8;
        for (const TreeLine& l : lines) {
            if (!l.event) {
                labelWidth = std::max(labelWidth, displayWidth(l.label));
                whoWidth = std::max(whoWidth, displayWidth(l.who));
            }
        }
        std::string out = padRight("start", 10) + padRight("duration", 10) +
                          padRight("span", labelWidth + 2) + "instance\n";
        for (const TreeLine& l : lines) {
            std::string row = padRight(l.start, 10) + padRight(l.duration, 10);
            if (l.event) {
                row += l.label;
            } else {
                row += padRight(l.label, labelWidth + 2) + padRight(l.who, whoWidth + 2) + l.detail;
            }
            while (!row.empty() && row.back() == ' ') {
                row.pop_back();
            }
            out += row + "\n";
        }
        return out;
    }

    void line(std::size_t index, const std::string& prefix, bool last, bool top) {
        const Span& s = set.spans[index];
        std::string label = (top ? "" : prefix + (last ? "└─ " : "├─ ")) + spanName(s, names);
        std::string who = instanceOf(s, names);
        if (who.empty()) {
            who = serviceOf(s, names);
        }
        std::string detail;
        if (s.operation == SpanOperation::Process || s.operation == SpanOperation::Settle) {
            detail += "attempt " + std::to_string(s.attempt);
        }
        if (s.operation == SpanOperation::Send) {
            detail += messageLabel(s, set, names);
            if (s.attempt > 1) {
                detail += " (attempt " + std::to_string(s.attempt) + ")";
            }
        }
        if (s.error != SpanError::None) {
            detail += std::string(detail.empty() ? "" : "  ") + "ERROR " +
                      std::string(errorType(s.error));
        }
        if (s.unfinished) {
            detail += std::string(detail.empty() ? "" : "  ") + "unfinished";
        }
        lines.push_back({"+" + shortTime(s.start - origin), shortTime(s.end - s.start),
                         printable(label), printable(who), printable(detail), false});
        const std::string inner = top ? "" : prefix + (last ? "   " : "│  ");
        for (const SpanEvent& e : s.events) {
            std::string text = inner + "   · " + eventName(e);
            for (const SpanAttribute& a : eventAttributes(e, names)) {
                if (a.key == "evsim.reason") {
                    text += " (" + printable(a.text) + ")";
                }
            }
            lines.push_back({"+" + shortTime(e.time - origin), "", text, "", "", true});
        }
        const auto kids = children.find(s.id);
        if (kids == children.end()) {
            return;
        }
        for (std::size_t k = 0; k < kids->second.size(); ++k) {
            line(kids->second[k], inner, k + 1 == kids->second.size(), false);
        }
    }
};

std::set<std::string> servicesOf(const TraceSet& set, const TraceNames& names,
                                 const std::vector<std::size_t>& spans) {
    std::set<std::string> out;
    for (const std::size_t i : spans) {
        if (set.spans[i].operation != SpanOperation::Broker) {
            out.insert(serviceOf(set.spans[i], names));
        }
    }
    return out;
}

SimTime endOf(const TraceSet& set, const std::vector<std::size_t>& spans) {
    SimTime end;
    for (const std::size_t i : spans) {
        end = std::max(end, set.spans[i].end);
    }
    return end;
}

} // namespace

std::string traceOutcome(const TraceSet& set, const std::vector<std::size_t>& spans) {
    bool deadLettered = false;
    bool failed = false;
    for (const std::size_t i : spans) {
        const Span& s = set.spans[i];
        if (s.unfinished) {
            return "unfinished";
        }
        if (s.operation == SpanOperation::Broker && s.error == SpanError::DeadLettered) {
            deadLettered = true;
        } else if (s.operation != SpanOperation::Process && s.error != SpanError::None) {
            failed = true; // lost, dropped, unroutable: a copy never settled
        }
    }
    return failed ? "failed" : deadLettered ? "dead-lettered" : "complete";
}

std::string formatTraceTree(const TraceSet& set, const TraceNames& names, std::uint32_t root) {
    for (const TraceGroup& trace : tracesInOrder(set)) {
        if (trace.root != root) {
            continue;
        }
        const Span& first = set.spans[trace.spans.front()];
        Tree tree{set, names, first.start, {}, {}};
        std::set<std::uint64_t> ids;
        for (const std::size_t i : trace.spans) {
            ids.insert(set.spans[i].id);
        }
        std::vector<std::size_t> tops;
        for (const std::size_t i : trace.spans) {
            const Span& s = set.spans[i];
            (s.parent != 0 && ids.contains(s.parent) ? tree.children[s.parent] : tops).push_back(i);
        }
        const SimTime end = endOf(set, trace.spans);
        std::string out =
            "trace " + hexId(first.trace) + " · " + printable(messageLabel(first, set, names)) +
            " · " + std::to_string(trace.spans.size()) + " spans · " +
            std::to_string(servicesOf(set, names, trace.spans).size()) + " services · " +
            shortTime(end - first.start) + " · " + traceOutcome(set, trace.spans) + "\n\n";
        for (std::size_t k = 0; k < tops.size(); ++k) {
            tree.line(tops[k], "", k + 1 == tops.size(), true);
        }
        return out + tree.text();
    }
    return "";
}

std::string formatTraceList(const TraceSet& set, const TraceNames& names, std::size_t rows) {
    const std::vector<TraceGroup> traces = tracesInOrder(set);
    std::string out = padRight("trace id", 34) + padRight("root event", 26) + padRight("spans", 7) +
                      padRight("services", 10) + padRight("duration", 10) + "outcome\n";
    std::size_t shown = 0;
    std::map<std::string, std::size_t> outcomes;
    for (const TraceGroup& trace : traces) {
        const std::string outcome = traceOutcome(set, trace.spans);
        ++outcomes[outcome];
        if (shown >= rows) {
            continue;
        }
        ++shown;
        const Span& first = set.spans[trace.spans.front()];
        out += padRight(hexId(first.trace), 34) +
               padRight(printable(messageLabel(first, set, names)), 26) +
               padRight(std::to_string(trace.spans.size()), 7) +
               padRight(std::to_string(servicesOf(set, names, trace.spans).size()), 10) +
               padRight(shortTime(endOf(set, trace.spans) - first.start), 10) + outcome + "\n";
    }
    if (shown < traces.size()) {
        out += "… " + std::to_string(traces.size() - shown) + " more (--rows N or all)\n";
    }
    out += "\n" + std::to_string(traces.size()) + " traces:";
    for (const auto& [outcome, count] : outcomes) {
        out += " " + std::to_string(count) + " " + outcome + ",";
    }
    out.back() = '\n';
    return out;
}

} // namespace evsim
