#include "events_export.h"

#include "engine/envelope.h"
#include "engine/simulation.h"

#include <nlohmann/json.hpp>

namespace evsim {

void writeEventsJsonl(const Simulation& sim, std::ostream& out) {
    const EntityTable& entities = sim.entities();
    for (const Record& r : sim.log().records()) {
        nlohmann::ordered_json line;
        line["t_ns"] = r.time.nanos();
        line["t"] = formatDuration(r.time);
        line["kind"] = recordKindName(r.kind);
        line["message"] = "msg-" + std::to_string(r.message);
        line["entity"] = entities[r.entity].name;
        if (r.aux != 0) {
            line["aux"] = entities[r.aux].name;
        }
        if (r.attempt != 0) {
            line["attempt"] = r.attempt;
        }
        if (r.kind == RecordKind::Delivered) {
            line["redelivered"] = r.detail == 1;
        }
        if (r.kind == RecordKind::Dropped) {
            line["reason"] = dropReasonName(static_cast<DropReason>(r.detail));
        }
        if (r.kind == RecordKind::Published) {
            if (const Message* m = sim.messages().findById(r.message)) {
                const Envelope e = envelopeOf(sim, *m);
                nlohmann::ordered_json env;
                env["specversion"] = e.specversion;
                env["id"] = e.id;
                env["source"] = e.source;
                env["type"] = e.type;
                env["time"] = e.time;
                env["datacontenttype"] = e.datacontenttype;
                env["subject"] = e.subject;
                env["schemaversion"] = e.schemaVersion;
                env["traceparent"] = e.trace.traceparent();
                env["data"] = nlohmann::json::parse(e.data, nullptr, false);
                line["envelope"] = std::move(env);
            }
        }
        out << line.dump() << '\n';
    }
}

} // namespace evsim
