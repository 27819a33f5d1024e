#include "gui/views/sequence/sequence_hops.h"

#include "harness/session/run_data.h"

#include <algorithm>

namespace evsim::gui {

void SequenceHops::clear() {
    m_arrival.clear();
    m_lost.clear();
    m_used.clear();
    m_usedCount = 0;
    m_scanned = 0;
    m_longestTrip = SimTime::zero();
    m_longTrips.clear();
    m_publishRecord.clear();
}

void SequenceHops::update(const RunData& data) {
    const auto& records = data.records();
    const EntityTable& entities = data.entities();
    for (; m_scanned < records.size(); ++m_scanned) {
        const Record& r = records[m_scanned];
        if (r.kind != RecordKind::FaultStarted && r.kind != RecordKind::FaultEnded) {
            m_used.resize(entities.size(), 0);
            for (const EntityId id : {r.entity, r.aux}) {
                if (id != kNoEntity && id < m_used.size() && m_used[id] == 0) {
                    m_used[id] = 1;
                    ++m_usedCount;
                }
            }
        }
        const bool endsTrip =
            r.kind == RecordKind::Enqueued || r.kind == RecordKind::LostInTransit ||
            (r.kind == RecordKind::Dropped && entities[r.entity].kind != EntityKind::Queue &&
             entities[r.entity].kind != EntityKind::Consumer);
        if (r.kind == RecordKind::Published) {
            if (m_arrival.size() <= r.message) {
                m_arrival.resize(std::size_t{r.message} + 1, SimTime::max());
                m_lost.resize(std::size_t{r.message} + 1, 0);
                m_publishRecord.resize(std::size_t{r.message} + 1, 0);
            }
            m_publishRecord[r.message] = m_scanned;
            m_arrival[r.message] = SimTime::max();
            m_lost[r.message] = 0;
        } else if (endsTrip && r.message < m_arrival.size() &&
                   m_arrival[r.message] == SimTime::max()) {
            const Message* m = data.message(r.message);
            if (m == nullptr) {
                continue;
            }
            m_arrival[r.message] = r.time;
            // Lost on the way: on a link (the sender may try again) or dropped there for good.
            m_lost[r.message] =
                r.kind == RecordKind::LostInTransit || (r.kind == RecordKind::Dropped &&
                                                        entities[r.entity].kind == EntityKind::Link)
                    ? 1
                    : 0;
            if (r.time - m->publishedAt > kLongTrip) {
                m_longTrips.push_back({m_publishRecord[r.message], m->publishedAt, r.time});
            } else {
                m_longestTrip = std::max(m_longestTrip, r.time - m->publishedAt);
            }
        }
    }
}

bool SequenceHops::hopOf(const RunData& data, std::size_t index, Hop& hop) const {
    const Record& r = data.records()[index];
    if (r.message == 0 || r.kind == RecordKind::FaultStarted || r.kind == RecordKind::FaultEnded) {
        return false;
    }
    hop = Hop{};
    hop.message = r.message;
    hop.start = r.time;
    hop.end = r.time;
    hop.record = index;
    hop.detail = r.detail;
    switch (r.kind) {
    case RecordKind::Published:
        hop.from = r.entity;
        hop.to = r.aux;
        if (r.message < m_arrival.size()) {
            hop.end = m_arrival[r.message];
            hop.kind = m_lost[r.message] != 0 ? Hop::Kind::Lost : Hop::Kind::Publish;
        } else {
            hop.end = SimTime::max();
        }
        return true;
    case RecordKind::Enqueued:
        hop.kind = Hop::Kind::Route;
        hop.from = r.aux;
        hop.to = r.entity;
        return true;
    case RecordKind::Delivered:
        hop.kind = Hop::Kind::Deliver;
        hop.from = r.entity;
        hop.to = r.aux;
        hop.redelivered = r.detail == 1;
        return true;
    case RecordKind::Acked:
    case RecordKind::Requeued: // both travel back from the consumer to its queue
        hop.kind = r.kind == RecordKind::Acked ? Hop::Kind::Ack : Hop::Kind::Requeue;
        hop.from = r.aux;
        hop.to = r.entity;
        return true;
    case RecordKind::DeadLettered:
        hop.kind = Hop::Kind::DeadLetter;
        hop.from = r.entity;
        hop.to = r.aux;
        return true;
    case RecordKind::Failed:
        hop.kind = Hop::Kind::Failed;
        hop.from = r.entity;
        return true;
    case RecordKind::Dropped:
        hop.kind = Hop::Kind::Dropped;
        hop.from = r.entity;
        return true;
    case RecordKind::Expired:
        hop.kind = Hop::Kind::Expired;
        hop.from = r.entity;
        return true;
    case RecordKind::Returned:
        hop.kind = Hop::Kind::Return;
        hop.from = r.aux;
        hop.to = r.entity;
        return true;
    case RecordKind::ChannelClosed: // a consumer's close is about no message: not here
        hop.kind = Hop::Kind::NotFound;
        hop.from = r.aux;
        hop.to = r.entity;
        return true;
    default:
        return false;
    }
}

std::size_t SequenceHops::firstRecordFor(const RunData& data, SimTime from) const {
    // A publish is the only hop that starts before it ends.
    return data.firstRecordAt(from - m_longestTrip);
}

std::size_t SequenceHops::forEach(const RunData& data, SimTime from, SimTime to,
                                  const std::function<void(const Hop&)>& f) const {
    const std::size_t first = firstRecordFor(data, from);
    const std::size_t last = std::min(data.firstRecordAt(to + SimTime::fromNanos(1)), m_scanned);
    Hop hop;
    std::size_t read = last > first ? last - first : 0;
    // Long trips that started before the records read and reach into the window.
    for (const LongTrip& trip : m_longTrips) {
        if (trip.record < first && trip.end >= from && trip.start <= to &&
            hopOf(data, trip.record, hop)) {
            ++read;
            f(hop);
        }
    }
    for (std::size_t i = first; i < last; ++i) {
        if (!hopOf(data, i, hop)) {
            continue;
        }
        const SimTime end = hop.end == SimTime::max() ? hop.start : hop.end;
        if (end >= from) {
            f(hop);
        }
    }
    return read;
}

} // namespace evsim::gui
