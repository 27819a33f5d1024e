#include "harness/run/summary_report.h"

#include "harness/io/terminal.h"
#include "harness/run/intervention_text.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/printable.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

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

// A numeric column of the queue table: shown always, or only when some queue has a value.
struct QueueColumn {
    const char* header;
    std::uint64_t (*value)(const QueueStats&);
    bool optional;
};

constexpr QueueColumn kQueueColumns[] = {
    {"published", [](const QueueStats& q) { return q.published; }, false},
    {"delivered", [](const QueueStats& q) { return q.delivered; }, false},
    {"acked", [](const QueueStats& q) { return q.acked; }, false},
    {"requeued", [](const QueueStats& q) { return q.requeued; }, false},
    {"dropped", [](const QueueStats& q) { return q.dropped; }, false},
    {"expired", [](const QueueStats& q) { return q.expired; }, true},
    {"dead-lettered", [](const QueueStats& q) { return q.deadLetteredTotal(); }, true},
    {"held", [](const QueueStats& q) { return q.ready + q.unacked; }, true},
    {"max depth", [](const QueueStats& q) { return q.maxDepth; }, false},
};

void appendQueueTable(std::string& out, const RunSummary& s, std::size_t rows) {
    const std::size_t shown = std::min(rows, s.queues.size());
    std::vector<std::string> names;
    std::size_t width = 5;
    for (std::size_t i = 0; i < shown; ++i) {
        names.push_back(cell(s.queues[i].name));
        width = std::max(width, displayWidth(names.back()));
    }
    std::vector<const QueueColumn*> columns;
    for (const QueueColumn& c : kQueueColumns) {
        const bool any = std::any_of(s.queues.begin(), s.queues.end(),
                                     [&c](const QueueStats& q) { return c.value(q) > 0; });
        if (!c.optional || any) {
            columns.push_back(&c);
        }
    }
    // A log's group holds records as lag.
    const bool groups = s.sourceNoun == "group";
    const auto header = [groups](const QueueColumn* c) {
        const std::string_view h = c->header;
        return !groups            ? h
               : h == "held"      ? "lag"
               : h == "max depth" ? "max lag"
               : h == "acked"     ? "committed"
               : h == "requeued"  ? "retried"
               : h == "dropped"   ? "skipped"
                                  : h;
    };
    const auto columnWidth = [&header](const QueueColumn* c) {
        return std::max<std::size_t>(7, header(c).size());
    };
    out += padRight(std::string(s.sourceNoun), width);
    for (const QueueColumn* c : columns) {
        out += fmt::format("  {:>{}}", header(c), columnWidth(c));
    }
    out += fmt::format("  {:>8}  {:>8}\n", "p50", "p99");
    for (std::size_t i = 0; i < shown; ++i) {
        const QueueStats& q = s.queues[i];
        out += padRight(names[i], width);
        for (const QueueColumn* c : columns) {
            out += fmt::format("  {:>{}}", c->value(q), columnWidth(c));
        }
        out += fmt::format("  {:>8}  {:>8}\n", latencyCell(q, 50), latencyCell(q, 99));
    }
    if (shown < s.queues.size()) {
        out += fmt::format("… and {} more {}s (--rows all shows every one)\n",
                           s.queues.size() - shown, s.sourceNoun);
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
    const bool idempotency = std::any_of(s.consumers.begin(), s.consumers.end(), [](const auto& c) {
        return c.deduplicated > 0 || c.duplicatesProcessed > 0;
    });
    // Of the failures, those where the consumer could not read the event (docs/schemas.md).
    const bool schemas = std::any_of(s.consumers.begin(), s.consumers.end(),
                                     [](const auto& c) { return c.schemaMismatches > 0; });
    out += fmt::format("\n{}  {}  {:>9}  {:>9}  {:>6}", padRight("consumer", width),
                       padRight(std::string(s.sourceNoun), queueWidth), "instances", "processed",
                       "failed");
    out += schemas ? fmt::format("  {:>15}", "schema mismatch") : "";
    out +=
        idempotency ? fmt::format("  {:>12}  {:>20}\n", "deduplicated", "processed again") : "\n";
    for (std::size_t i = 0; i < shown; ++i) {
        const ConsumerStats& c = s.consumers[i];
        out +=
            fmt::format("{}  {}  {:>9}  {:>9}  {:>6}", padRight(names[i].first, width),
                        padRight(names[i].second, queueWidth), c.instances, c.processed, c.failed);
        out += schemas ? fmt::format("  {:>15}", c.schemaMismatches) : "";
        out += idempotency
                   ? fmt::format("  {:>12}  {:>20}\n", c.deduplicated, c.duplicatesProcessed)
                   : "\n";
    }
    if (shown < s.consumers.size()) {
        out += fmt::format("… and {} more consumers (--rows all shows every one)\n",
                           s.consumers.size() - shown);
    }
}

// What was done to the run, in the order it happened.
void appendInterventions(std::string& out, const Simulation& sim, std::size_t rows) {
    const auto& all = sim.interventions();
    if (all.empty()) {
        return;
    }
    out += "\ninterventions:\n";
    for (std::size_t i = 0; i < all.size() && i < rows; ++i) {
        out += fmt::format("  {:>8}  {}{}\n", formatDurationShort(all[i].at),
                           printable(describe(all[i].action)),
                           all[i].name.empty() ? "" : "  (" + cell(all[i].name) + ")");
    }
    if (all.size() > rows) {
        out += fmt::format("  … and {} more\n", all.size() - rows);
    }
}

// `groups`: the broker's sources are a log's groups, whose depth is their lag.
std::string alertValue(const AlertRule& rule, double value, bool groups) {
    switch (rule.condition) {
    case AlertRule::Condition::DepthAbove:
    case AlertRule::Condition::NotEmpty:
        return fmt::format("{} {}", groups ? "lag" : "depth", static_cast<std::uint64_t>(value));
    case AlertRule::Condition::NoConsumer:
        return fmt::format("{} consumers", static_cast<std::uint64_t>(value));
    case AlertRule::Condition::OldestMessageAgeAbove:
        return (groups ? "time lag " : "oldest ") +
               formatDurationShort(SimTime::fromNanos(static_cast<std::int64_t>(value)));
    case AlertRule::Condition::PublishRateBelow:
        return fmt::format("{:.3g}/s published", value);
    case AlertRule::Condition::LatencyAbove:
        return fmt::format("p{:g} ", rule.percentile) +
               formatDurationShort(SimTime::fromNanos(static_cast<std::int64_t>(value)));
    }
    return "";
}

void appendAlerts(std::string& out, const Simulation& sim, std::size_t rows, bool groups) {
    const auto& rules = sim.alertRules();
    if (rules.empty()) {
        return;
    }
    out += "\nalerts:\n";
    std::vector<std::string> lines(rules.size());
    for (const AlertEvent& e : sim.alertEvents()) {
        lines[e.rule] += fmt::format("{}{} at {} ({})", lines[e.rule].empty() ? "" : ", ",
                                     e.raised ? "raised" : "resolved", formatDurationShort(e.time),
                                     alertValue(rules[e.rule], e.value, groups));
    }
    std::size_t width = 5;
    for (std::size_t r = 0; r < rules.size() && r < rows; ++r) {
        width = std::max(width, displayWidth(cell(rules[r].name)));
    }
    for (std::size_t r = 0; r < rules.size() && r < rows; ++r) {
        out += fmt::format("  {}  {}\n", padRight(cell(rules[r].name), width),
                           lines[r].empty() ? "never fired" : lines[r]);
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
    if (m.records * 5 >= m.total()) { // a fifth or more: dropping them is worth it
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
    const std::string over =
        m.total() > outcome.maxMemoryBytes
            ? std::string("more than")
            : fmt::format("and growing its largest table ({}, which doubles) would take it past",
                          formatBytes(m.largestTable));
    return fmt::format("\nSTOPPED at {}: the run holds {} ({}), {} its memory budget of {} "
                       "(--max-memory; under ulimit -v at most a third of that limit). To "
                       "finish it:{}\n",
                       formatDuration(s.endTime), formatBytes(m.total()), held, over,
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
    case RunStop::Failed:
        return fmt::format("\nFAILED at {}: {}\nThis is a bug in EventSim, not in the scenario: "
                           "please report it with the scenario and the seed.\n",
                           formatDuration(s.endTime), outcome.failure);
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
        appendInterventions(out, *outcome.simulation, rows);
        appendAlerts(out, *outcome.simulation, rows, outcome.summary.sourceNoun == "group");
        const Conservation& k = s.conservation;
        out += fmt::format("\nmessages: {} published, {} unroutable", k.published, k.unroutable);
        if (s.returned > 0) {
            out += fmt::format(" ({} returned to their publishers)", s.returned);
        }
        if (k.channelErrors > 0) {
            out += fmt::format(", {} refused with a channel error (no exchange)", k.channelErrors);
        }
        out += fmt::format(", {} in flight to the broker", k.inPublishHop);
        if (k.lostOnTheWay > 0) {
            out += fmt::format(", {} lost on the way", k.lostOnTheWay);
        }
        const RunSummary::Cluster& c = s.cluster;
        if (c.notLeader + c.notEnoughReplicas + c.cut > 0) {
            out += fmt::format("; writes refused: {} without a leader, {} without enough in-sync "
                               "replicas; cut from a log: {} ({} of them acknowledged: lost)",
                               c.notLeader, c.notEnoughReplicas, c.cut, c.cutAcknowledged);
        }
        if (s.transactionsCommitted + s.transactionsAborted > 0) {
            out += fmt::format("; transactions: {} committed, {} aborted", s.transactionsCommitted,
                               s.transactionsAborted);
        }
        if (s.sourceNoun == "group") {
            // Each group reads every record of its topic: one copy per group.
            out += fmt::format("; read by groups: {} committed, {} skipped, {} lag\n", k.acked,
                               k.dropped, k.held);
        } else {
            out += fmt::format("; copies: {} acked, {} dropped, ", k.acked, k.dropped);
            if (k.deadLettered > 0) {
                out += fmt::format("{} dead-lettered, ", k.deadLettered);
            }
            out += fmt::format("{} still held\n", k.held);
        }
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
