#include "harness/run/order_watch.h"

#include "simulator/engine/simulation.h"

#include <algorithm>

namespace evsim {
namespace {

constexpr int kPartitionShift = 48;
constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kPartitionShift) - 1;

// Element `id` of a vector indexed by message or event id, grown as ids come.
std::uint64_t& slotOf(std::vector<std::uint64_t>& v, std::uint32_t id) {
    if (id >= v.size()) {
        v.resize(std::size_t{id} + 1 + v.size() / 2);
    }
    return v[id];
}

} // namespace

OrderWatch::OrderWatch(const Scenario& scenario, const Simulation& simulation)
    : m_entities(simulation.entities()), m_simulation(simulation) {
    for (std::size_t i = 0; i < scenario.expectations.size(); ++i) {
        const Expectation& e = scenario.expectations[i];
        if (e.kind != Expectation::Kind::Order) {
            continue;
        }
        Watched w;
        w.expectation = i;
        w.byKey = e.metric == "key_order";
        w.subject = m_entities.find(w.byKey ? EntityKind::Service : EntityKind::Queue, e.subject);
        if (w.byKey) {
            for (const ServiceSpec& s : scenario.services) {
                if (s.name != e.subject) {
                    continue;
                }
                for (const ConsumerSpec& c : s.consumes) {
                    w.sources.push_back(m_entities.find(EntityKind::Queue, c.queue));
                }
            }
        }
        m_watched.push_back(std::move(w));
    }
}

const OrderReport* OrderWatch::report(std::size_t expectation) const {
    for (const Watched& w : m_watched) {
        if (w.expectation == expectation) {
            return &w.report;
        }
    }
    return nullptr;
}

void OrderWatch::onRecord(const Record& r, const Message* message) {
    if (r.kind != RecordKind::Enqueued && r.kind != RecordKind::Processed) {
        return;
    }
    for (Watched& w : m_watched) {
        if (!w.byKey) {
            onPartitionRecord(w, r);
        } else if (message != nullptr) {
            onKeyRecord(w, r, *message);
        }
    }
}

void OrderWatch::onPartitionRecord(Watched& w, const Record& r) {
    if (r.kind == RecordKind::Enqueued && r.entity == w.subject) {
        const std::uint16_t partition = r.attempt; // a log's Enqueued carries its partition
        if (partition >= w.written.size()) {
            w.written.resize(std::size_t{partition} + 1);
        }
        slotOf(w.pending, r.message) =
            (std::uint64_t{partition} << kPartitionShift) | (++w.written[partition] & kIndexMask);
    } else if (r.kind == RecordKind::Processed && r.aux == w.subject) {
        std::uint64_t& place = slotOf(w.pending, r.message);
        if (place == 0) {
            return; // written before the group read, or processed before: a repeat
        }
        const auto partition = static_cast<std::uint16_t>(place >> kPartitionShift);
        const std::uint64_t index = place & kIndexMask;
        place = 0;
        check(w, w.fronts[partition], index, r, 0, nullptr, partition);
    }
}

void OrderWatch::onKeyRecord(Watched& w, const Record& r, const Message& m) {
    if (r.kind == RecordKind::Enqueued) {
        // An event's first write (a retry is a later message of the same event).
        if (m.eventId == m.id &&
            std::find(w.sources.begin(), w.sources.end(), r.entity) != w.sources.end()) {
            std::uint64_t& place = slotOf(w.pending, m.eventId);
            if (place == 0) {
                place = ++w.writtenEvents;
            }
        }
    } else if (m_entities[r.entity].parent == w.subject) {
        std::uint64_t& place = slotOf(w.pending, m.eventId);
        if (place == 0 || place == UINT64_MAX) {
            return; // written before the service read, or processed before
        }
        const std::uint64_t index = place;
        place = UINT64_MAX;
        check(w, w.fronts[m.routingKey], index, r, m.eventId, &m_simulation.strings()[m.routingKey],
              0);
    }
}

void OrderWatch::check(Watched& w, Front& front, std::uint64_t index, const Record& r,
                       std::uint32_t event, const std::string* key, std::uint16_t partition) {
    ++w.report.checked;
    if (!front.any || index > front.index) {
        front = Front{index, r.message, event, true};
        return;
    }
    ++w.report.breaks;
    if (!w.report.first) {
        OrderBreak b;
        b.at = r.time;
        b.late = r.message;
        b.overtaker = front.message;
        b.lateEvent = event;
        b.overtakerEvent = front.event;
        b.partition = partition;
        b.byKey = key != nullptr;
        b.key = key != nullptr ? *key : std::string();
        w.report.first = std::move(b);
    }
}

std::string describeOrder(const OrderReport& report) {
    if (!report.first) {
        return "held over " + std::to_string(report.checked) +
               (report.checked == 1 ? " record" : " records");
    }
    const OrderBreak& b = *report.first;
    const auto msg = [](std::uint32_t id) {
        return "msg-" + std::to_string(id);
    };
    const auto evt = [&](std::uint32_t event, std::uint32_t message) {
        return "evt-" + std::to_string(event) + " (" + msg(message) + ")";
    };
    const std::string what = b.byKey ? "key \"" + b.key + "\": " + evt(b.lateEvent, b.late) +
                                           " processed after " + evt(b.overtakerEvent, b.overtaker)
                                     : "partition " + std::to_string(b.partition) + ": " +
                                           msg(b.late) + " processed after " + msg(b.overtaker);
    return "broken " + std::to_string(report.breaks) + (report.breaks == 1 ? " time" : " times") +
           ", first at " + formatDurationShort(b.at) + ": " + what + ", which was written after it";
}

} // namespace evsim
