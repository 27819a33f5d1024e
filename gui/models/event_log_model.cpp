#include "gui/models/event_log_model.h"

#include "gui/theme/theme.h"
#include "harness/session/run_data.h"

#include <QColor>
#include <QFont>
#include <algorithm>

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

QString EventLogModel::kindText(const Record& r) {
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
        return text(faultKindName(static_cast<FaultKind>(r.detail)));
    case RecordKind::Delivered:
        return r.detail == 1 ? QStringLiteral("redelivered") : QString();
    case RecordKind::Published:
        return r.detail == 1 ? QStringLiteral("retry") : QString();
    case RecordKind::Confirmed:
        return r.detail == 1 ? QStringLiteral("nack") : QStringLiteral("ack");
    default:
        return {};
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= m_rows.size()) {
        return {};
    }
    const Record& r = m_data.records()[m_rows[static_cast<std::size_t>(index.row())]];
    const bool aboutMessage =
        r.kind != RecordKind::FaultStarted && r.kind != RecordKind::FaultEnded && r.message != 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return QString::fromStdString(formatDuration(r.time));
        case Kind:
            return kindText(r);
        case Message:
            return aboutMessage ? QStringLiteral("msg-%1").arg(r.message) : QString();
        case Entity:
            return QString::fromStdString(m_data.entities()[r.entity].name);
        case Other:
            return r.aux != 0 ? QString::fromStdString(m_data.entities()[r.aux].name) : QString();
        case Detail:
            return detailText(r);
        case Attempt:
            return r.attempt != 0 ? QVariant(r.attempt) : QVariant();
        default:
            return {};
        }
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
        case RecordKind::AlertRaised:
            return Theme::error();
        case RecordKind::DeadLettered:
        case RecordKind::Expired:
        case RecordKind::Requeued:
        case RecordKind::LostInTransit:
        case RecordKind::Duplicated:
            return Theme::warning();
        case RecordKind::Processed:
        case RecordKind::Acked:
        case RecordKind::AlertResolved:
        case RecordKind::FaultEnded:
            return Theme::ok();
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
        return tr("Time");
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
            Term t{kind, word.mid(static_cast<int>(qstrlen(prefix))), 0};
            QString number = t.text;
            number.remove(QStringLiteral("msg-")).remove(QStringLiteral("evt-"));
            t.number = number.toUInt();
            m_terms.push_back(t);
            return true;
        };
        if (!prefixed("msg:", Term::Kind::Message) && !prefixed("trace:", Term::Kind::Trace) &&
            !prefixed("entity:", Term::Kind::Entity) &&
            !prefixed("kind:", Term::Kind::RecordKindIs)) {
            m_terms.push_back({Term::Kind::Text, word, 0});
        }
    }
    reset();
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
            if (!QString::fromStdString(m_data.entities()[r.entity].name)
                     .contains(t.text, Qt::CaseInsensitive) &&
                (r.aux == 0 || !QString::fromStdString(m_data.entities()[r.aux].name)
                                    .contains(t.text, Qt::CaseInsensitive))) {
                return false;
            }
            break;
        case Term::Kind::RecordKindIs:
            if (!kindText(r)
                     .replace(QLatin1Char(' '), QLatin1Char('_'))
                     .startsWith(QString(t.text).replace(QLatin1Char(' '), QLatin1Char('_')),
                                 Qt::CaseInsensitive)) {
                return false;
            }
            break;
        case Term::Kind::Text: {
            bool any = false;
            for (int c = 0; c < ColumnCount && !any; ++c) {
                // Rows are checked before they are rows: build the text the same way.
                const QString cell =
                    c == Kind      ? kindText(r)
                    : c == Entity  ? QString::fromStdString(m_data.entities()[r.entity].name)
                    : c == Other   ? QString::fromStdString(m_data.entities()[r.aux].name)
                    : c == Detail  ? detailText(r)
                    : c == Message ? QStringLiteral("msg-%1").arg(r.message)
                                   : QString();
                any = cell.contains(t.text, Qt::CaseInsensitive);
            }
            if (!any) {
                return false;
            }
            break;
        }
        }
    }
    return true;
}

void EventLogModel::refresh() {
    const std::size_t total = m_data.records().size();
    std::vector<std::size_t> fresh;
    for (; m_scanned < total; ++m_scanned) {
        if (m_terms.empty() || matches(m_scanned)) {
            fresh.push_back(m_scanned);
        }
    }
    if (fresh.empty()) {
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_rows.insert(m_rows.end(), fresh.begin(), fresh.end());
    endInsertRows();
}

void EventLogModel::reset() {
    beginResetModel();
    m_rows.clear();
    m_scanned = 0;
    endResetModel();
    refresh();
}

int EventLogModel::rowOf(std::size_t record) const {
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), record);
    return it != m_rows.end() && *it == record ? static_cast<int>(it - m_rows.begin()) : -1;
}

} // namespace evsim::gui
