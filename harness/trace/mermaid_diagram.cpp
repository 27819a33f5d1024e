#include "harness/io/output_file.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_writers.h"

#include <algorithm>
#include <map>
#include <set>

namespace evsim {
namespace {

struct DiagramHop {
    SimTime time;
    std::size_t order = 0;
    std::string from;
    std::string to;
    std::string label;
    std::string note; // a note over `to` after the arrow; "" for none
};

// Messages whose hops are drawn: the first `count` sent.
std::set<std::uint32_t> firstMessages(const TraceSet& set, std::size_t count) {
    std::vector<std::pair<SimTime, std::uint32_t>> sends;
    for (const Span& s : set.spans) {
        if (s.operation == SpanOperation::Send) {
            sends.emplace_back(s.start, s.message);
        }
    }
    std::sort(sends.begin(), sends.end());
    std::set<std::uint32_t> out;
    for (std::size_t i = 0; i < sends.size() && i < count; ++i) {
        out.insert(sends[i].second);
    }
    return out;
}

std::string entityName(EntityId id, const TraceNames& names) {
    return id == 0 ? "(default)" : names.entities[id].name;
}

std::vector<DiagramHop> hopsOf(const TraceSet& set, const TraceNames& names,
                               const std::set<std::uint32_t>* only,
                               std::optional<std::uint32_t> root) {
    std::vector<DiagramHop> hops;
    std::size_t order = 0;
    for (const TraceGroup& trace : tracesInOrder(set)) {
        for (const std::size_t i : trace.spans) {
            const Span& s = set.spans[i];
            if ((only != nullptr && !only->contains(s.message)) || (root && s.root != *root)) {
                continue;
            }
            const std::string what = messageLabel(s, set, names);
            switch (s.operation) {
            case SpanOperation::Send:
                hops.push_back(
                    {s.start, order++, serviceOf(s, names), entityName(s.destination, names),
                     std::string(operationName(s, names)) + " " + what +
                         (s.attempt > 1 ? " (attempt " + std::to_string(s.attempt) + ")" : ""),
                     s.error == SpanError::None ? "" : std::string(errorType(s.error))});
                break;
            case SpanOperation::Broker:
                hops.push_back(
                    {s.start, order++, entityName(s.via, names), entityName(s.destination, names),
                     (names.log ? "append " : "route ") + what +
                         (s.partition >= 0 ? " to partition " + std::to_string(s.partition) : ""),
                     ""});
                for (const SpanEvent& e : s.events) {
                    if (e.kind == RecordKind::DeadLettered) {
                        hops.push_back({e.time, order++, entityName(s.destination, names),
                                        entityName(e.aux, names),
                                        "dead-letter " + what + " (" +
                                            std::string(deadLetterReasonName(
                                                static_cast<DeadLetterReason>(e.detail))) +
                                            ")",
                                        ""});
                    }
                }
                break;
            case SpanOperation::Process:
                hops.push_back(
                    {s.start, order++, entityName(s.destination, names), serviceOf(s, names),
                     "deliver " + what +
                         (s.attempt > 1 ? " (attempt " + std::to_string(s.attempt) + ")" : ""),
                     s.error == SpanError::None ? ""
                                                : std::string(errorType(s.error)) + " " + what});
                break;
            case SpanOperation::Settle:
                break;
            }
        }
    }
    std::stable_sort(hops.begin(), hops.end(), [](const DiagramHop& a, const DiagramHop& b) {
        return a.time != b.time ? a.time < b.time : a.order < b.order;
    });
    return hops;
}

} // namespace

std::string mermaidLabel(const std::string& text) {
    std::string out;
    for (const unsigned char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '_' || c == '-' ||
                           c == '(' || c == ')' || c == '/' || c >= 0x80;
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += "#" + std::to_string(static_cast<int>(c)) + ";";
        }
    }
    return out;
}

std::size_t writeMermaid(const TraceSet& set, const TraceNames& names,
                         const MermaidOptions& options, OutputFile& out) {
    std::set<std::uint32_t> chosen;
    const bool some = options.firstMessages != SIZE_MAX;
    if (some) {
        chosen = firstMessages(set, options.firstMessages);
    }
    const std::vector<DiagramHop> hops = hopsOf(set, names, some ? &chosen : nullptr, options.root);
    const std::size_t shown = std::min(hops.size(), options.maxHops);
    // Participants get ids of their own ("p1", "p2"): names are only ever labels.
    std::map<std::string, std::string> ids;
    std::string text = "sequenceDiagram\n";
    const auto id = [&](const std::string& name) {
        auto [it, fresh] = ids.emplace(name, "p" + std::to_string(ids.size() + 1));
        if (fresh) {
            text += "    participant " + it->second + " as " + mermaidLabel(name) + "\n";
        }
        return it->second;
    };
    for (std::size_t i = 0; i < shown; ++i) {
        id(hops[i].from);
        id(hops[i].to);
    }
    for (std::size_t i = 0; i < shown; ++i) {
        const DiagramHop& h = hops[i];
        text += "    " + ids[h.from] + "->>" + ids[h.to] + ": " + mermaidLabel(h.label) + "\n";
        if (!h.note.empty()) {
            text += "    Note over " + ids[h.to] + ": " + mermaidLabel(h.note) + "\n";
        }
    }
    if (shown < hops.size()) {
        text += "%% " + std::to_string(hops.size() - shown) + " more hops left out (at most " +
                std::to_string(options.maxHops) + ")\n";
    }
    out.write(text);
    return hops.size() - shown;
}

} // namespace evsim
