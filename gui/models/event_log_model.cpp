#include "gui/models/event_log_model.h"

#include "gui/theme/theme.h"
#include "harness/session/run_data.h"
#include "simulator/scenario/intervention.h"

#include <QColor>
#include <QFont>
#include <algorithm>
#include <charconv>
#include <string_view>

namespace evsim::gui {

EventLogModel::EventLogModel(const RunData& data, QObject* parent)
    : QAbstractTableModel(parent), m_data(data) {}

void EventLogModel::setHighlighted(std::uint32_t message) {
    if (message == m_highlighted) {
        return;
    }
    m_highlighted = message;
    if (!m_rows.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
    }
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::timeText(SimTime t) {
    const std::int64_t micros = (t.nanos() + 500) / 1000;
    return QStringLiteral("%1.%2")
        .arg(micros / 1'000'000)
        .arg(micros % 1'000'000, 6, 10, QLatin1Char('0'));
}

QString EventLogModel::kindText(const Record& r) {
    // Short enough for the column; the detail names the transaction.
    if (r.kind == RecordKind::TransactionCommitted) {
        return QStringLiteral("txn committed");
    }
    if (r.kind == RecordKind::TransactionAborted) {
        return QStringLiteral("txn aborted");
    }
    return QString::fromUtf8(recordKindName(r.kind).data(),
                             static_cast<int>(recordKindName(r.kind).size()))
        .replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString EventLogModel::detailText(const Record& r) {
    const auto text = [](std::string_view s) {
        return QString::fromUtf8(s.data(), static_cast<int>(s.size()));
    };
    switch (r.kind) {
    case RecordKind::Dropped:
        return text(dropReasonName(static_cast<DropReason>(r.detail)));
    case RecordKind::DeadLettered:
        return text(deadLetterReasonName(static_cast<DeadLetterReason>(r.detail)));
    case RecordKind::ChannelClosed:
        return text(channelCloseCauseName(static_cast<ChannelCloseCause>(r.detail)));
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded:
        if (static_cast<FaultKind>(r.detail) == FaultKind::RollingDeploy) {
            return QStringLiteral("rolling deploy, now schema v%1").arg(r.attempt);
        }
        return text(faultKindName(static_cast<FaultKind>(r.detail)));
    case RecordKind::Failed: // why, when it is not the consumer's own error
        return static_cast<FailureCause>(r.detail) == FailureCause::SchemaMismatch
                   ? text(failureCauseName(FailureCause::SchemaMismatch))
                   : QString();
    case RecordKind::SingledOut:
        return text(messageFaultName(static_cast<MessageFaultKind>(r.detail)))
            .replace(QLatin1Char('_'), QLatin1Char(' '));
    case RecordKind::Delivered:
        return r.detail == 1 ? QStringLiteral("redelivered") : QString();
    case RecordKind::Published:
        return r.detail == 1 ? QStringLiteral("retry") : QString();
    case RecordKind::Confirmed:
        return r.detail == 1 ? QStringLiteral("nack") : QStringLiteral("ack");
    case RecordKind::Returned:
        return QStringLiteral("312 NO_ROUTE");
    case RecordKind::PartitionRevoked:
    case RecordKind::PartitionAssigned:
    case RecordKind::WrittenToLeader:
        return QStringLiteral("partition %1").arg(r.attempt);
    case RecordKind::LeaderElected:
        if (r.aux == 0) {
            return QStringLiteral("partition %1 offline").arg(r.attempt);
        }
        {
            // detail 1: the controller gave it back to its preferred leader (KAFKA12).
            QString text =
                r.detail == 1
                    ? QStringLiteral("partition %1, back to its preferred leader").arg(r.attempt)
                    : QStringLiteral("partition %1").arg(r.attempt);
            return r.message == 0 ? text : QStringLiteral("%1, %2 cut").arg(text).arg(r.message);
        }
    case RecordKind::Seeked: // the message column names the record it reads next
        return r.message == 0 ? QStringLiteral("partition %1, at the log's end").arg(r.attempt)
                              : QStringLiteral("partition %1, reads it next").arg(r.attempt);
    case RecordKind::Rebalanced:
        return QStringLiteral("generation %1, %2 members").arg(r.attempt).arg(r.detail);
    case RecordKind::TransactionCommitted:
        return QStringLiteral("transaction %1").arg(r.message);
    case RecordKind::TransactionAborted:
        return QStringLiteral("transaction %1, %2")
            .arg(r.message)
            .arg(text(transactionAbortName(static_cast<TransactionAbort>(r.detail))));
    default:
        return {};
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= m_rows.size()) {
        return {};
    }
    const Record& r = m_data.records()[m_rows[static_cast<std::size_t>(index.row())]];
    const bool aboutMessage = messageOf(r) != 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return timeText(r.time);
        case Kind:
            return kindText(r);
        case Message:
            return aboutMessage ? QStringLiteral("msg-%1").arg(r.message) : QString();
        case Entity:
            return QString::fromStdString(m_data.entities()[r.entity].name);
        case Other:
            return r.aux != 0 ? QString::fromStdString(m_data.entities()[r.aux].name) : QString();
        case Detail:
            if (r.kind == RecordKind::Enqueued && m_data.summary().sourceNoun == "group") {
                return QStringLiteral("partition %1").arg(r.attempt);
            }
            return detailText(r);
        case Attempt:
            // A deploy's record holds its schema version there, not an attempt.
            return r.attempt != 0 && !isGroupRecord(r.kind) && r.kind != RecordKind::FaultStarted &&
                           !attemptIsPartition(r.kind, m_data.summary().sourceNoun == "group")
                       ? QVariant(r.attempt)
                       : QVariant();
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Time) {
        return QString::fromStdString(formatDuration(r.time)); // to the nanosecond
    }
    if (role == Qt::FontRole && aboutMessage && r.message == m_highlighted) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ForegroundRole && index.column() == Kind) {
        switch (r.kind) {
        case RecordKind::Dropped:
        case RecordKind::Failed:
        case RecordKind::FaultStarted:
        case RecordKind::LeaderElected:
        case RecordKind::SingledOut:
        case RecordKind::AlertRaised:
            return Theme::readable(Theme::error());
        case RecordKind::DeadLettered:
        case RecordKind::Expired:
        case RecordKind::Requeued:
        case RecordKind::LostInTransit:
        case RecordKind::Duplicated:
        case RecordKind::Returned:
        case RecordKind::MemberLost:
        case RecordKind::PartitionRevoked:
        case RecordKind::TransactionAborted:
        case RecordKind::Seeked:
            return Theme::readable(Theme::warning());
        case RecordKind::Processed:
        case RecordKind::Acked:
        case RecordKind::AlertResolved:
        case RecordKind::FaultEnded:
        case RecordKind::TransactionCommitted:
            return Theme::readable(Theme::ok());
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Time || index.column() == Attempt)) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Time (s)");
    case Kind:
        return tr("What");
    case Message:
        return tr("Message");
    case Entity:
        return tr("Where");
    case Other:
        return tr("With");
    case Detail:
        return tr("Detail");
    case Attempt:
        return tr("Attempt");
    default:
        return {};
    }
}

void EventLogModel::setFilter(const QString& filter) {
    m_filterText = filter;
    m_terms.clear();
    for (const QString& word : filter.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const auto prefixed = [&](const char* prefix, Term::Kind kind) {
            if (!word.startsWith(QLatin1String(prefix))) {
                return false;
            }
            Term t;
            t.kind = kind;
            t.text = word.mid(static_cast<int>(qstrlen(prefix)));
            QString number = t.text;
            number.remove(QStringLiteral("msg-")).remove(QStringLiteral("evt-"));
            t.number = number.toUInt();
            m_terms.push_back(t);
            return true;
        };
        if (!prefixed("msg:", Term::Kind::Message) && !prefixed("trace:", Term::Kind::Trace) &&
            !prefixed("entity:", Term::Kind::Entity) &&
            !prefixed("kind:", Term::Kind::RecordKindIs)) {
            Term t;
            t.text = word;
            m_terms.push_back(t);
        }
    }
    reset();
}

void EventLogModel::compileTerms() {
    constexpr int kKinds = 256; // a record kind is one byte
    const EntityTable& entities = m_data.entities();
    m_compiledFor = entities.size();
    for (Term& t : m_terms) {
        t.entities.assign(entities.size(), false);
        t.kinds.assign(kKinds, false);
        t.details.clear();
        t.messageText.clear();
        if (t.kind == Term::Kind::Entity || t.kind == Term::Kind::Text) {
            for (std::size_t e = 0; e < entities.size(); ++e) {
                t.entities[e] = QString::fromStdString(entities[static_cast<EntityId>(e)].name)
                                    .contains(t.text, Qt::CaseInsensitive);
            }
        }
        if (t.kind == Term::Kind::RecordKindIs || t.kind == Term::Kind::Text) {
            const QString wanted = QString(t.text).replace(QLatin1Char(' '), QLatin1Char('_'));
            for (int k = 1; k < kKinds; ++k) {
                Record r{};
                r.kind = static_cast<RecordKind>(k);
                const QString name = kindText(r);
                t.kinds[static_cast<std::size_t>(k)] =
                    t.kind == Term::Kind::Text ? name.contains(t.text, Qt::CaseInsensitive)
                                               : QString(name)
                                                     .replace(QLatin1Char(' '), QLatin1Char('_'))
                                                     .startsWith(wanted, Qt::CaseInsensitive);
            }
        }
        if (t.kind != Term::Kind::Text) {
            continue;
        }
        t.details.assign(static_cast<std::size_t>(kKinds) * 256, false);
        for (int k = 1; k < kKinds; ++k) {
            Record r{};
            r.kind = static_cast<RecordKind>(k);
            for (int d = 0; d < 256; ++d) {
                r.detail = static_cast<std::uint8_t>(d);
                const QString detail = detailText(r);
                t.details[static_cast<std::size_t>(k * 256 + d)] =
                    !detail.isEmpty() && detail.contains(t.text, Qt::CaseInsensitive);
            }
        }
        const QString lower = t.text.toLower();
        if (std::all_of(lower.begin(), lower.end(),
                        [](QChar c) { return QStringLiteral("msg-0123456789").contains(c); })) {
            t.messageText = lower.toStdString();
        }
    }
}

bool EventLogModel::matchesText(const Term& t, const Record& r) const {
    const auto kind = static_cast<std::size_t>(r.kind);
    if (t.kinds[kind] || t.entities[r.entity] || (r.aux != 0 && t.entities[r.aux]) ||
        t.details[kind * 256 + r.detail]) {
        return true;
    }
    if (t.messageText.empty() || r.message == 0 || r.kind == RecordKind::FaultStarted ||
        r.kind == RecordKind::FaultEnded) {
        return false;
    }
    char cell[16] = "msg-";
    const auto end = std::to_chars(cell + 4, cell + sizeof cell, r.message).ptr;
    return std::string_view(cell, static_cast<std::size_t>(end - cell)).find(t.messageText) !=
           std::string_view::npos;
}

bool EventLogModel::matches(std::size_t index) const {
    const Record& r = m_data.records()[index];
    for (const Term& t : m_terms) {
        switch (t.kind) {
        case Term::Kind::Message:
            if (r.message != t.number || r.kind == RecordKind::FaultStarted ||
                r.kind == RecordKind::FaultEnded) {
                return false;
            }
            break;
        case Term::Kind::Trace: {
            const evsim::Message* m = m_data.message(r.message);
            if (m == nullptr || m->traceRoot != t.number) {
                return false;
            }
            break;
        }
        case Term::Kind::Entity:
            if (!t.entities[r.entity] && (r.aux == 0 || !t.entities[r.aux])) {
                return false;
            }
            break;
        case Term::Kind::RecordKindIs:
            if (!t.kinds[static_cast<std::size_t>(r.kind)]) {
                return false;
            }
            break;
        case Term::Kind::Text:
            if (!matchesText(t, r)) {
                return false;
            }
            break;
        }
    }
    return true;
}

template <typename Rows> void EventLogModel::scanInto(Rows& rows) {
    const std::size_t total = m_data.records().size();
    if (m_compiledFor != m_data.entities().size()) {
        compileTerms();
    }
    if (m_terms.empty()) {
        for (; m_scanned < total; ++m_scanned) {
            rows.push_back(m_scanned);
        }
        return;
    }
    for (; m_scanned < total; ++m_scanned) {
        if (matches(m_scanned)) {
            rows.push_back(m_scanned);
        }
    }
}

void EventLogModel::refresh() {
    std::vector<std::size_t> fresh;
    scanInto(fresh);
    if (fresh.empty()) {
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    for (const std::size_t record : fresh) {
        m_rows.push_back(record);
    }
    endInsertRows();
}

void EventLogModel::reset() {
    // Rows are scanned straight into the table inside the reset: no second copy of them, and
    // no insertion for the view to process.
    beginResetModel();
    m_rows.clear();
    m_scanned = 0;
    compileTerms(); // a new run may have other entities
    scanInto(m_rows);
    endResetModel();
}

int EventLogModel::rowOf(std::size_t record) const {
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), record);
    return it != m_rows.end() && *it == record ? static_cast<int>(it - m_rows.begin()) : -1;
}

} // namespace evsim::gui
