#include "gui/models/traces_model.h"

#include "gui/theme/theme.h"
#include "gui/widgets/counted.h"
#include "harness/session/run_data.h"

#include <QColor>
#include <QStringList>
#include <algorithm>

namespace evsim::gui {
namespace {

bool aboutAMessage(const Record& r) {
    return messageOf(r) != 0;
}

template <typename Table, typename T> void growTo(Table& v, std::size_t size, T fill) {
    if (v.size() < size) {
        v.resize(size, fill);
    }
}

} // namespace

TraceStatus TraceSummary::status() const {
    if (dropped > 0) {
        return TraceStatus::Dropped;
    }
    const bool troubled = deadLettered > 0 || failures > 0;
    if (open == 0) {
        return troubled ? TraceStatus::Recovered : TraceStatus::Ok;
    }
    if (deadLettered > 0) {
        return TraceStatus::DeadLettered;
    }
    return failures > 0 ? TraceStatus::Failed : TraceStatus::InProgress;
}

TracesModel::TracesModel(const RunData& data, QObject* parent)
    : QAbstractTableModel(parent), m_data(data) {}

int TracesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_shown);
}

int TracesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString TracesModel::statusText(TraceStatus status) {
    switch (status) {
    case TraceStatus::Ok:
        return tr("ok");
    case TraceStatus::Recovered:
        return tr("recovered");
    case TraceStatus::InProgress:
        return tr("in progress");
    case TraceStatus::Failed:
        return tr("failed");
    case TraceStatus::DeadLettered:
        return tr("dead-lettered");
    case TraceStatus::Dropped:
        return tr("dropped");
    }
    return {};
}

QColor TracesModel::statusColor(TraceStatus status) {
    switch (status) {
    case TraceStatus::Ok:
    case TraceStatus::Recovered:
        return Theme::ok();
    case TraceStatus::InProgress:
        return Theme::neutral();
    case TraceStatus::Failed:
        return Theme::warning();
    case TraceStatus::DeadLettered:
    case TraceStatus::Dropped:
        return Theme::error();
    }
    return {};
}

QString TracesModel::servicesText(const TraceSummary& trace) const {
    QStringList names;
    for (const EntityId id : trace.services) {
        names << QString::fromStdString(m_data.entities()[id].name);
    }
    return names.join(QStringLiteral(", "));
}

QVariant TracesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= m_shown) {
        return {};
    }
    const TraceSummary& t = m_traces[static_cast<std::size_t>(index.row())];
    const auto eventName = [&] {
        return t.eventType < m_data.eventTypes().size()
                   ? QString::fromStdString(m_data.eventTypes()[t.eventType])
                   : QString();
    };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Start:
            return QString::fromStdString(formatDurationShort(t.first));
        case Root:
            return QStringLiteral("msg-%1").arg(t.root);
        case Event:
            return eventName();
        case Services:
            return servicesText(t);
        case Spans:
            return t.spans;
        case Duration:
            return QString::fromStdString(formatDurationShort(t.duration()));
        case Status:
            return statusText(t.status());
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Start:
            return QVariant::fromValue<qlonglong>(t.first.nanos());
        case Root:
            return t.root;
        case Event:
            return eventName();
        case Services:
            return servicesText(t);
        case Spans:
            return t.spans;
        case Duration:
            return QVariant::fromValue<qlonglong>(t.duration().nanos());
        case Status:
            return static_cast<int>(t.status());
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Event) {
        return Theme::eventType(t.eventType);
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        return Theme::readable(statusColor(t.status()));
    }
    if (role == Qt::ToolTipRole && index.column() == Status) {
        return tr("%1, %2 dead-lettered, %3 dropped, %4 not settled")
            .arg(counted(t.failures, tr("failed processing attempt"),
                         tr("failed processing attempts")))
            .arg(t.deadLettered)
            .arg(t.dropped)
            .arg(std::max(0, t.open));
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Start || index.column() == Spans || index.column() == Duration)) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant TracesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Start:
        return tr("Start");
    case Root:
        return tr("Root");
    case Event:
        return tr("Event");
    case Services:
        return tr("Services");
    case Spans:
        return tr("Spans");
    case Duration:
        return tr("Duration");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

int TracesModel::rowOfRoot(std::uint32_t root) const {
    if (root >= m_rowOfRoot.size() || m_rowOfRoot[root] < 0 ||
        static_cast<std::size_t>(m_rowOfRoot[root]) >= m_shown) {
        return -1;
    }
    return m_rowOfRoot[root];
}

int TracesModel::rowOfMessage(std::uint32_t message) const {
    const evsim::Message* m = m_data.message(message);
    return m == nullptr ? -1 : rowOfRoot(m->traceRoot != 0 ? m->traceRoot : m->id);
}

void TracesModel::addService(TraceSummary& trace, EntityId producerOrConsumer) const {
    const EntityInfo& e = m_data.entities()[producerOrConsumer];
    if (e.kind != EntityKind::Producer && e.kind != EntityKind::Consumer) {
        return; // an operator's publish, say: no service involved
    }
    const auto at = std::lower_bound(trace.services.begin(), trace.services.end(), e.parent);
    if (at == trace.services.end() || *at != e.parent) {
        trace.services.insert(at, e.parent);
    }
}

TraceSummary* TracesModel::traceOf(const Record& r, std::size_t index) {
    const evsim::Message* m = m_data.message(r.message);
    if (m == nullptr) {
        return nullptr;
    }
    const std::uint32_t root = m->traceRoot != 0 ? m->traceRoot : m->id;
    growTo(m_rowOfRoot, std::size_t{root} + 1, std::int32_t{-1});
    if (m_rowOfRoot[root] < 0) {
        m_rowOfRoot[root] = static_cast<std::int32_t>(m_traces.size());
        TraceSummary fresh;
        fresh.root = root;
        const evsim::Message* rootMessage = m_data.message(root);
        fresh.eventType = rootMessage != nullptr ? rootMessage->eventType : m->eventType;
        fresh.first = r.time;
        fresh.firstRecord = index;
        m_traces.push_back(std::move(fresh));
        m_touched.push_back(0);
    }
    const auto row = static_cast<std::size_t>(m_rowOfRoot[root]);
    if (m_touched[row] != m_refreshes) {
        m_touched[row] = m_refreshes;
        m_changed.push_back(static_cast<std::uint32_t>(row));
    }
    return &m_traces[row];
}

void TracesModel::refresh(bool announce) {
    ++m_refreshes;
    const auto& records = m_data.records();
    for (; m_scanned < records.size(); ++m_scanned) {
        const Record& r = records[m_scanned];
        if (!aboutAMessage(r)) {
            continue;
        }
        TraceSummary* t = traceOf(r, m_scanned);
        if (t == nullptr) {
            continue;
        }
        t->last = r.time;
        t->lastRecord = m_scanned;
        growTo(m_onWire, std::size_t{r.message} + 1, std::uint8_t{0});
        // A message on the wire has not reached the broker; what ends that trip (the first
        // routing, a loss, a refusal) settles the publish, and a copy in a queue is open until
        // it is acknowledged, dead-lettered or dropped.
        const auto arrive = [&] {
            if (m_onWire[r.message] != 0) {
                m_onWire[r.message] = 0;
                --t->open;
                return true;
            }
            return false;
        };
        switch (r.kind) {
        case RecordKind::Published:
            ++t->spans;
            ++t->open;
            m_onWire[r.message] = 1;
            addService(*t, r.entity);
            break;
        case RecordKind::Enqueued:
            arrive();
            ++t->open;
            break;
        case RecordKind::Delivered:
            addService(*t, r.aux);
            break;
        case RecordKind::Failed:
            ++t->failures;
            break;
        case RecordKind::Acked:
            t->open = std::max(0, t->open - 1);
            break;
        case RecordKind::DeadLettered:
            ++t->deadLettered;
            t->open = std::max(0, t->open - 1);
            break;
        case RecordKind::Dropped:
            ++t->dropped;
            if (!arrive()) {
                t->open = std::max(0, t->open - 1);
            }
            break;
        case RecordKind::LostInTransit:
            arrive(); // a lost publish is sent again as a new message, with its own trip
            break;
        default:
            break;
        }
    }
    if (!announce) {
        return;
    }
    // Rows that existed before this refresh and changed, in contiguous ranges (rows changed
    // in refreshes that did not announce may be listed twice).
    std::sort(m_changed.begin(), m_changed.end());
    m_changed.erase(std::unique(m_changed.begin(), m_changed.end()), m_changed.end());
    for (std::size_t i = 0; i < m_changed.size() && m_changed[i] < m_shown;) {
        std::size_t j = i;
        while (j + 1 < m_changed.size() && m_changed[j + 1] == m_changed[j] + 1 &&
               m_changed[j + 1] < m_shown) {
            ++j;
        }
        Q_EMIT dataChanged(index(static_cast<int>(m_changed[i]), 0),
                           index(static_cast<int>(m_changed[j]), ColumnCount - 1));
        i = j + 1;
    }
    m_changed.clear();
    if (m_traces.size() > m_shown) {
        beginInsertRows({}, static_cast<int>(m_shown), static_cast<int>(m_traces.size()) - 1);
        m_shown = m_traces.size();
        endInsertRows();
    }
}

void TracesModel::reset() {
    beginResetModel();
    m_traces.clear();
    m_shown = 0;
    m_scanned = 0;
    m_rowOfRoot.clear();
    m_onWire.clear();
    m_touched.clear();
    m_changed.clear();
    endResetModel();
    refresh();
}

} // namespace evsim::gui
