#include "harness/query/dead_letters.h"

#include "simulator/engine/simulation.h"

#include <map>
#include <ostream>

namespace evsim {

std::ostream& operator<<(std::ostream& out, const DeadLetter& d) {
    return out << "msg-" << d.message << " " << d.reasonName << " " << d.from << " -> "
               << (d.into.empty() ? "nowhere" : d.into) << " at " << formatDurationShort(d.time);
}

std::vector<DeadLetter> deadLetters(const Simulation& sim) {
    const EntityTable& entities = sim.entities();
    std::vector<DeadLetter> out;
    // The broker enqueues a dead-lettered copy in its targets at the instant it records the
    // DeadLettered record, through the dead-letter exchange: an Enqueued record at the same
    // time, for the same message, with that exchange as aux, is where it went.
    struct Pending {
        std::size_t entry;
        EntityId exchange;
        SimTime time;
    };
    std::map<std::uint32_t, Pending> pending; // by message id
    for (const Record& r : sim.log().records()) {
        if (r.kind == RecordKind::DeadLettered) {
            const auto reason = static_cast<DeadLetterReason>(r.detail);
            out.push_back(DeadLetter{r.message, reason, std::string(deadLetterReasonName(reason)),
                                     entities[r.entity].name, "", r.time});
            pending[r.message] = Pending{out.size() - 1, r.aux, r.time};
            continue;
        }
        if (r.kind != RecordKind::Enqueued) {
            continue;
        }
        const auto it = pending.find(r.message);
        if (it == pending.end() || it->second.time != r.time || it->second.exchange != r.aux) {
            continue;
        }
        DeadLetter& first = out[it->second.entry];
        if (first.into.empty()) {
            first.into = entities[r.entity].name;
        } else {
            DeadLetter again = first;
            again.into = entities[r.entity].name;
            out.push_back(std::move(again));
        }
    }
    return out;
}

} // namespace evsim
