#include "gui/views/traces/trace_spans.h"

#include "harness/session/run_data.h"

#include <algorithm>
#include <functional>
#include <map>

namespace evsim::gui {
namespace {

// Where a dead-lettered copy went next: the queue it died in (as a row) and the exchange that
// takes it, until the copies it becomes are enqueued.
struct PendingDeadLetter {
    int row = -1;
    EntityId exchange = 0;
};

class SpanBuilder {
public:
    SpanBuilder(const RunData& data, std::uint32_t root) : m_data(data), m_root(root) {}

    void add(const Record& r) {
        switch (r.kind) {
        case RecordKind::Published:
            published(r);
            return;
        case RecordKind::Enqueued:
            enqueued(r);
            return;
        default:
            break;
        }
        const int row = rowFor(r);
        if (row < 0) {
            return;
        }
        SpanRow& s = m_rows[static_cast<std::size_t>(row)];
        s.end = std::max(s.end, r.time);
        s.times.push_back(r.time);
        switch (r.kind) {
        case RecordKind::Delivered:
            s.attempts.push_back({r.time, SimTime::max(), r.aux, r.attempt, false, r.detail == 1});
            return;
        case RecordKind::Processed:
        case RecordKind::Failed:
        case RecordKind::Deduplicated:
            for (auto it = s.attempts.rbegin(); it != s.attempts.rend(); ++it) {
                if (it->consumer == r.entity && it->done == SimTime::max()) {
                    it->done = r.time;
                    it->failed = r.kind == RecordKind::Failed;
                    break;
                }
            }
            return;
        case RecordKind::Acked:
            s.settled = true;
            break;
        case RecordKind::DeadLettered:
            s.settled = true;
            m_pending[r.message] = {row, r.aux};
            break;
        case RecordKind::Dropped:
        case RecordKind::LostInTransit:
            s.settled = true;
            break;
        default:
            break;
        }
        s.events.push_back({r.time, r.kind, r.detail, r.entity});
    }

    TraceSpans finish() {
        TraceSpans out;
        out.root = m_root;
        // Children under parents, siblings by time: an iterative depth-first walk.
        std::vector<std::vector<int>> children(m_rows.size());
        std::vector<int> tops;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            const int parent = m_rows[i].parentRow;
            (parent >= 0 ? children[static_cast<std::size_t>(parent)] : tops)
                .push_back(static_cast<int>(i));
        }
        const auto byTime = [this](int a, int b) {
            const SpanRow& x = m_rows[static_cast<std::size_t>(a)];
            const SpanRow& y = m_rows[static_cast<std::size_t>(b)];
            return x.published != y.published ? x.published < y.published : a < b;
        };
        std::vector<int> newIndex(m_rows.size(), -1);
        std::vector<int> order;
        const std::function<void(const std::vector<int>&, int)> walk =
            [&](const std::vector<int>& rows, int depth) {
                std::vector<int> sorted = rows;
                std::sort(sorted.begin(), sorted.end(), byTime);
                for (const int r : sorted) {
                    newIndex[static_cast<std::size_t>(r)] = static_cast<int>(order.size());
                    order.push_back(r);
                    m_rows[static_cast<std::size_t>(r)].depth = depth;
                    walk(children[static_cast<std::size_t>(r)], depth + 1);
                }
            };
        walk(tops, 0);
        out.rows.reserve(order.size());
        for (const int r : order) {
            SpanRow row = std::move(m_rows[static_cast<std::size_t>(r)]);
            if (row.parentRow >= 0) {
                row.parentRow = newIndex[static_cast<std::size_t>(row.parentRow)];
            }
            out.rows.push_back(std::move(row));
        }
        if (!out.rows.empty()) {
            out.start = out.rows.front().published;
            out.end = out.start;
            for (const SpanRow& row : out.rows) {
                out.start = std::min(out.start, row.published);
                out.end = std::max(out.end, row.end);
            }
        }
        return out;
    }

private:
    void published(const Record& r) {
        const Message* m = m_data.message(r.message);
        SpanRow s;
        s.message = r.message;
        s.eventType = m != nullptr ? m->eventType : 0;
        s.retries = m != nullptr ? m->retries : 0;
        s.publisher = r.entity;
        s.exchange = r.aux;
        s.publishRetry = r.detail == 1;
        s.published = r.time;
        s.end = r.time;
        s.times.push_back(r.time);
        // An emitted event nests under the copy whose consumer published it.
        const std::uint32_t parent = m != nullptr ? m->parent : 0;
        if (parent != 0) {
            s.parentRow = rowOfConsumer(parent, r.entity);
        }
        const int row = static_cast<int>(m_rows.size());
        m_rows.push_back(std::move(s));
        m_publishRow[r.message] = row;
    }

    void enqueued(const Record& r) {
        // Through a dead-letter exchange: a new row under the copy that died.
        if (const auto dl = m_pending.find(r.message);
            dl != m_pending.end() && dl->second.exchange == r.aux) {
            const SpanRow& from = m_rows[static_cast<std::size_t>(dl->second.row)];
            SpanRow s;
            s.message = r.message;
            s.eventType = from.eventType;
            s.retries = from.retries;
            s.parentRow = dl->second.row;
            s.publisher = from.queue;
            s.exchange = r.aux;
            s.queue = r.entity;
            s.deadLettered = true;
            s.published = m_deadLetteredAt[r.message];
            s.enqueued = r.time;
            s.end = r.time;
            s.times.push_back(r.time);
            m_copies[{r.message, r.entity}] = static_cast<int>(m_rows.size());
            m_rows.push_back(std::move(s));
            return;
        }
        const auto publish = m_publishRow.find(r.message);
        if (publish == m_publishRow.end()) {
            return; // published before the trace's range: not this trace's
        }
        int row = publish->second;
        if (m_rows[static_cast<std::size_t>(row)].queue != 0) {
            // A second copy (a fanout, or the network delivering the publish twice).
            SpanRow copy = m_rows[static_cast<std::size_t>(row)];
            copy.attempts.clear();
            copy.events.clear();
            copy.times = {copy.published};
            copy.settled = false;
            copy.enqueued = SimTime::max();
            row = static_cast<int>(m_rows.size());
            m_rows.push_back(std::move(copy));
        }
        SpanRow& s = m_rows[static_cast<std::size_t>(row)];
        s.queue = r.entity;
        s.enqueued = r.time;
        s.end = std::max(s.end, r.time);
        s.times.push_back(r.time);
        m_copies[{r.message, r.entity}] = row;
    }

    // The row a record about a copy belongs to: by its queue where the record names one.
    int rowFor(const Record& r) {
        const auto kindOf = [this](EntityId id) {
            return m_data.entities()[id].kind;
        };
        EntityId queue = 0;
        switch (r.kind) {
        case RecordKind::Delivered:
        case RecordKind::Acked:
        case RecordKind::Requeued:
        case RecordKind::Expired:
        case RecordKind::DeadLettered:
            queue = r.entity;
            break;
        case RecordKind::Processed:
        case RecordKind::Failed:
        case RecordKind::Deduplicated:
            queue = r.aux;
            break;
        case RecordKind::Dropped:
            queue = kindOf(r.entity) == EntityKind::Queue      ? r.entity
                    : kindOf(r.entity) == EntityKind::Consumer ? r.aux
                                                               : 0;
            break;
        default:
            break;
        }
        if (r.kind == RecordKind::DeadLettered) {
            m_deadLetteredAt[r.message] = r.time;
        }
        if (queue != 0) {
            if (const auto it = m_copies.find({r.message, queue}); it != m_copies.end()) {
                return it->second;
            }
        }
        const auto publish = m_publishRow.find(r.message);
        return publish == m_publishRow.end() ? -1 : publish->second;
    }

    // The row of `message`'s copy that `consumer` processed, else the message's first row.
    int rowOfConsumer(std::uint32_t message, EntityId consumer) const {
        int fallback = -1;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            const SpanRow& s = m_rows[i];
            if (s.message != message) {
                continue;
            }
            if (fallback < 0) {
                fallback = static_cast<int>(i);
            }
            for (const SpanRow::Attempt& a : s.attempts) {
                if (a.consumer == consumer) {
                    fallback = static_cast<int>(i);
                }
            }
        }
        return fallback;
    }

    const RunData& m_data;
    std::uint32_t m_root;
    std::vector<SpanRow> m_rows;
    std::map<std::uint32_t, int> m_publishRow;                  // by message
    std::map<std::pair<std::uint32_t, EntityId>, int> m_copies; // by (message, queue)
    std::map<std::uint32_t, PendingDeadLetter> m_pending;       // by message
    std::map<std::uint32_t, SimTime> m_deadLetteredAt;          // by message
};

} // namespace

TraceSpans buildTraceSpans(const RunData& data, std::uint32_t root, std::size_t firstRecord,
                           std::size_t lastRecord) {
    SpanBuilder builder(data, root);
    const auto& records = data.records();
    lastRecord = std::min(lastRecord, records.empty() ? 0 : records.size() - 1);
    for (std::size_t i = firstRecord; i <= lastRecord && i < records.size(); ++i) {
        const Record& r = records[i];
        if (r.message == 0 || r.kind == RecordKind::FaultStarted ||
            r.kind == RecordKind::FaultEnded) {
            continue;
        }
        const Message* m = data.message(r.message);
        if (m == nullptr || (m->traceRoot != 0 ? m->traceRoot : m->id) != root) {
            continue;
        }
        builder.add(r);
    }
    return builder.finish();
}

} // namespace evsim::gui
