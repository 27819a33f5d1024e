#include "harness/trace/correlated_log.h"

#include "harness/io/output_file.h"
#include "harness/trace/span_builder.h"
#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"

#include <nlohmann/json.hpp>

namespace evsim {

struct CorrelatedLog::Line {
    SimTime time;
    EntityId who = 0; // producer or consumer; 0 for the broker
    const char* level = "INFO";
    std::string message;
    std::uint32_t root = 0;
    std::uint64_t span = 0;
};

namespace {

std::string eventOf(const Simulation& sim, const Message* m, std::uint32_t id) {
    if (m == nullptr) {
        return "msg-" + std::to_string(id);
    }
    return sim.eventTypes()[m->eventType] + " evt-" + std::to_string(m->eventId);
}

} // namespace

CorrelatedLog::CorrelatedLog(const Simulation& simulation, bool log, OutputFile& out)
    : m_simulation(simulation), m_out(out), m_log(log) {}

std::uint32_t CorrelatedLog::rootOf(std::uint32_t message) const {
    return message - 1 < m_roots.size() ? m_roots[message - 1] : message;
}

void CorrelatedLog::onRecord(const Record& r, const Message* m) {
    if (isGroupRecord(r.kind) || messageOf(r) == 0) {
        return;
    }
    const EntityTable& entities = m_simulation.entities();
    const std::uint64_t seed = m_simulation.seed();
    const std::string what = eventOf(m_simulation, m, r.message);
    const auto name = [&entities](EntityId id) {
        return id == 0 ? std::string("(default)") : entities[id].name;
    };
    Line line;
    line.time = r.time;
    switch (r.kind) {
    case RecordKind::Published: {
        if (m != nullptr) {
            if (m_roots.size() < r.message) {
                m_roots.resize(r.message, 0);
            }
            m_roots[r.message - 1] = m->traceRoot != 0 ? m->traceRoot : m->id;
        }
        line.who = r.entity;
        line.message = (r.detail == 1 ? "published again " : "published ") + what + " to " +
                       name(r.aux) +
                       (r.detail == 1 ? " (attempt " + std::to_string(r.attempt) + ")" : "");
        line.span = sendSpanIdOf(seed, r.message);
        break;
    }
    case RecordKind::Enqueued:
        ++m_copies[(std::uint64_t{r.message} << 32) | r.entity];
        return;
    case RecordKind::Processed:
    case RecordKind::Failed:
    case RecordKind::Deduplicated:
        line.who = r.entity;
        line.level = r.kind == RecordKind::Failed ? "ERROR" : "INFO";
        line.message = (r.kind == RecordKind::Processed ? "processed "
                        : r.kind == RecordKind::Failed  ? "failed to process "
                                                        : "skipped a repeat of ") +
                       what + " from " + name(r.aux) +
                       (r.attempt > 1 ? " (attempt " + std::to_string(r.attempt) + ")" : "") +
                       (r.kind == RecordKind::Failed &&
                                static_cast<FailureCause>(r.detail) == FailureCause::SchemaMismatch
                            ? ": schema_mismatch, it cannot read this version"
                            : "");
        line.span = processSpanIdOf(seed, r.message, r.entity, r.attempt);
        break;
    case RecordKind::Requeued:
    case RecordKind::Expired:
    case RecordKind::DeadLettered: {
        line.level = "WARN";
        line.message =
            r.kind == RecordKind::Requeued ? "requeued " + what + " in " + name(r.entity)
            : r.kind == RecordKind::Expired
                ? what + " expired in " + name(r.entity)
                : "dead-lettered " + what + " from " + name(r.entity) + " to " + name(r.aux) +
                      " (" +
                      std::string(deadLetterReasonName(static_cast<DeadLetterReason>(r.detail))) +
                      ")";
        line.span = brokerSpanOf(r.message, r.entity);
        break;
    }
    case RecordKind::Dropped: {
        const auto reason = static_cast<DropReason>(r.detail);
        if (reason == DropReason::Deduplicated || reason == DropReason::Compacted) {
            return; // not a loss: the record is in the log once, or its key's latest is
        }
        line.level = "ERROR";
        line.message = "dropped " + what + " at " + name(r.entity) + " (" +
                       std::string(dropReasonName(reason)) + ")";
        const EntityKind kind = entities[r.entity].kind;
        if (kind == EntityKind::Queue) {
            line.span = brokerSpanOf(r.message, r.entity);
        } else if (kind == EntityKind::Consumer) {
            line.who = r.entity;
            line.span = processSpanIdOf(seed, r.message, r.entity, r.attempt);
        } else {
            line.span = sendSpanIdOf(seed, r.message);
        }
        break;
    }
    case RecordKind::Returned:
    case RecordKind::Confirmed:
        if (r.kind == RecordKind::Confirmed && r.detail != 1) {
            return; // a confirm is not worth a line; a nack is
        }
        line.who = r.entity;
        line.level = "WARN";
        line.message = r.kind == RecordKind::Returned
                           ? what + " came back unroutable from " + name(r.aux)
                           : "the broker nacked " + what;
        line.span = sendSpanIdOf(seed, r.message);
        break;
    default:
        return;
    }
    line.root = rootOf(r.message);
    write(line);
}

std::uint64_t CorrelatedLog::brokerSpanOf(std::uint32_t message, EntityId queue) const {
    const auto copies = m_copies.find((std::uint64_t{message} << 32) | queue);
    return brokerSpanIdOf(m_simulation.seed(), message, queue,
                          copies == m_copies.end() ? 1 : copies->second);
}

void CorrelatedLog::write(const Line& line) {
    const EntityTable& entities = m_simulation.entities();
    nlohmann::ordered_json json;
    json["time"] = formatRfc3339(line.time);
    if (line.who == 0) {
        json["service"] = m_log ? "kafka" : "rabbitmq";
    } else {
        const EntityInfo& who = entities[line.who];
        json["service"] = who.parent != 0 ? entities[who.parent].name : who.name;
        const std::size_t cut = who.name.find_first_of("/<");
        json["instance"] = who.name.substr(0, cut);
    }
    json["level"] = line.level;
    json["message"] = line.message;
    json["trace_id"] = hexId(traceIdOf(m_simulation.seed(), line.root));
    json["span_id"] = hexId(line.span);
    m_out.write(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    m_out.write('\n');
}

} // namespace evsim
