#include "run/summary_report.h"

#include "io/terminal.h"
#include "scenario/printable.h"

#include <fmt/format.h>

namespace evsim {
namespace {

std::string latencyCell(const QueueStats& q, double p) {
    return q.latency.count() ? formatDurationShort(q.latency.percentile(p)) : "-";
}

// Names from the scenario file, as a table shows them: escaped, and long ones cut in the
// middle so the columns stay readable.
constexpr std::size_t kNameColumn = 40;

std::string cell(const std::string& name) {
    return shortened(printable(name), kNameColumn);
}

void appendQueueTable(std::string& out, const RunSummary& s, std::size_t rows) {
    const std::size_t shown = std::min(rows, s.queues.size());
    std::vector<std::string> names;
    std::size_t width = 5;
    for (std::size_t i = 0; i < shown; ++i) {
        names.push_back(cell(s.queues[i].name));
        width = std::max(width, displayWidth(names.back()));
    }
    out += fmt::format("{}  {:>9}  {:>9}  {:>9}  {:>8}  {:>7}  {:>9}  {:>8}  {:>8}\n",
                       padRight("queue", width), "published", "delivered", "acked", "requeued",
                       "dropped", "max depth", "p50", "p99");
    for (std::size_t i = 0; i < shown; ++i) {
        const QueueStats& q = s.queues[i];
        out += fmt::format("{}  {:>9}  {:>9}  {:>9}  {:>8}  {:>7}  {:>9}  {:>8}  {:>8}\n",
                           padRight(names[i], width), q.published, q.delivered, q.acked, q.requeued,
                           q.dropped, q.maxDepth, latencyCell(q, 50), latencyCell(q, 99));
    }
    if (shown < s.queues.size()) {
        out += fmt::format("… and {} more queues (--rows all shows every one)\n",
                           s.queues.size() - shown);
    }
}

void appendConsumerTable(std::string& out, const RunSummary& s, std::size_t rows) {
    if (s.consumers.empty()) {
        return;
    }
    const std::size_t shown = std::min(rows, s.consumers.size());
    std::vector<std::pair<std::string, std::string>> names;
    std::size_t width = 8;
    std::size_t queueWidth = 5;
    for (std::size_t i = 0; i < shown; ++i) {
        names.emplace_back(cell(s.consumers[i].service), cell(s.consumers[i].queue));
        width = std::max(width, displayWidth(names.back().first));
        queueWidth = std::max(queueWidth, displayWidth(names.back().second));
    }
    out += fmt::format("\n{}  {}  {:>9}  {:>9}  {:>6}\n", padRight("consumer", width),
                       padRight("queue", queueWidth), "instances", "processed", "failed");
    for (std::size_t i = 0; i < shown; ++i) {
        const ConsumerStats& c = s.consumers[i];
        out +=
            fmt::format("{}  {}  {:>9}  {:>9}  {:>6}\n", padRight(names[i].first, width),
                        padRight(names[i].second, queueWidth), c.instances, c.processed, c.failed);
    }
    if (shown < s.consumers.size()) {
        out += fmt::format("… and {} more consumers (--rows all shows every one)\n",
                           s.consumers.size() - shown);
    }
}

// What holds the memory, largest first, and what to do about each large part.
std::string memoryNote(const RunOutcome& outcome) {
    const MemoryUsage& m = outcome.memory;
    const RunSummary& s = outcome.summary;
    const std::size_t waiting = m.queues + m.messages + m.events + m.consumers;
    std::vector<std::pair<std::size_t, std::string>> parts{
        {m.records, fmt::format("{} records kept", s.records)},
        {m.messages, "messages"},
        {m.queues, "queue copies"},
        {m.events, "pending events"},
        {m.consumers, "deliveries at consumers"},
    };
    std::stable_sort(parts.begin(), parts.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string held;
    for (const auto& [bytes, what] : parts) {
        if (bytes > 0) {
            held += fmt::format("{}{} {}", held.empty() ? "" : ", ", formatBytes(bytes), what);
        }
    }
    std::string fixes;
    if (m.records * 4 >= m.total()) {
        fixes += "\n  - keep no records with --stream (the digest, the summary and --events "
                 "still work)";
    }
    if (waiting * 4 >= m.total()) {
        const QueueStats* deepest = nullptr;
        for (const QueueStats& q : s.queues) {
            if (deepest == nullptr || q.ready + q.unacked > deepest->ready + deepest->unacked) {
                deepest = &q;
            }
        }
        fixes += "\n  - messages pile up faster than they are consumed";
        if (deepest != nullptr && deepest->ready + deepest->unacked > 0) {
            fixes += fmt::format(" ({} holds {})", printable(deepest->name),
                                 deepest->ready + deepest->unacked);
        }
        fixes += ": add consumer instances or capacity, or publish less";
    }
    fixes += "\n  - or run a shorter time with --until, or allow more with --max-memory";
    return fmt::format("\nSTOPPED at {}: the run holds {} ({}), more than its memory budget of "
                       "{} (--max-memory; under ulimit -v at most a third of that limit). To "
                       "finish it:{}\n",
                       formatDuration(s.endTime), formatBytes(m.total()), held,
                       formatBytes(outcome.maxMemoryBytes), fixes);
}

std::string stopNote(const RunOutcome& outcome) {
    const RunSummary& s = outcome.summary;
    switch (outcome.stop) {
    case RunStop::Completed:
        return "";
    case RunStop::Stalled:
        return fmt::format(
            "\nSTALLED at {}: more than {} events without time passing, so the run stopped "
            "there. Usually a message requeued forever with zero processing time and zero "
            "network latency, or consumers emitting to each other in zero time: give them a "
            "processing time or the network a latency. For an intended burst, raise "
            "--max-events-per-instant.\n",
            formatDuration(s.endTime), outcome.simulation->maxEventsPerInstant());
    case RunStop::OutOfMessageIds:
        return fmt::format("\nSTOPPED at {}: 4294967295 messages were published, the most one "
                           "run can number. Split the run with --until, or lower the rates.\n",
                           formatDuration(s.endTime));
    case RunStop::MemoryBudget:
        return memoryNote(outcome);
    case RunStop::Cancelled:
        return fmt::format("\nINTERRUPTED at {} of virtual time; the summary covers the run "
                           "until then.\n",
                           formatDuration(s.endTime));
    }
    return "";
}

} // namespace

std::string formatRunReport(const RunOutcome& outcome, bool quiet, std::size_t rows) {
    const RunSummary& s = outcome.summary;
    std::string out;
    if (!quiet) {
        out += fmt::format("{} · seed {} · ran {} of virtual time (last event at {}) · {} events, "
                           "{} records · {} wall\n\n",
                           cell(s.scenario), s.seed, formatDurationShort(s.endTime),
                           formatDurationShort(s.lastEventTime), s.events, s.records,
                           formatDurationShort(SimTime::fromNanos(
                               static_cast<std::int64_t>(outcome.wallSeconds * 1e9))));
        appendQueueTable(out, s, rows);
        appendConsumerTable(out, s, rows);
        const Conservation& k = s.conservation;
        out += fmt::format("\nmessages: {} published, {} unroutable, {} in flight to the broker; "
                           "copies: {} acked, {} dropped, {} still held\n",
                           k.published, k.unroutable, k.inPublishHop, k.acked, k.dropped, k.held);
    }
    if (!outcome.expectations.empty()) {
        const std::size_t failed = outcome.failedCount();
        if (!quiet) {
            out += fmt::format("\nexpectations: {} passed, {} failed\n",
                               outcome.expectations.size() - failed, failed);
        }
        for (const ExpectationResult& r : outcome.expectations) {
            if (!r.passed || !quiet) {
                out += fmt::format("  {}  {}  {}\n", r.passed ? "PASS" : "FAIL",
                                   printable(r.expectation.jsonPath), printable(describe(r)));
            }
        }
    }
    out += stopNote(outcome);
    if (!quiet) {
        out += "\n";
    }
    out += "digest: " + formatDigest(s.digest) + "\n";
    return out;
}

} // namespace evsim
