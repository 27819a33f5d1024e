#include "harness/io/events_writer.h"

#include "harness/io/envelope_json.h"
#include "harness/io/output_file.h"
#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"

#include <nlohmann/json.hpp>

namespace evsim {

EventsWriter::EventsWriter(const Simulation& simulation, const Scenario& scenario, OutputFile& out)
    : m_simulation(simulation), m_out(out),
      m_headers(scenario, simulation.entities(), simulation.strings()),
      m_log(scenario.broker.kind == BrokerKind::Kafka) {}

void EventsWriter::onRecord(const Record& r, const Message* message) {
    const EntityTable& entities = m_simulation.entities();
    nlohmann::ordered_json line;
    line["t_ns"] = r.time.nanos();
    line["t"] = formatDuration(r.time);
    line["kind"] = recordKindName(r.kind);
    if (message != nullptr || messageOf(r) != 0) {
        line["message"] = "msg-" + std::to_string(r.message);
    }
    line["entity"] = entities[r.entity].name;
    if (r.aux != 0) {
        line["aux"] = entities[r.aux].name;
    }
    if (r.kind == RecordKind::Rebalanced) {
        line["generation"] = r.attempt;
        line["members"] = r.detail;
    } else if (attemptIsPartition(r.kind, m_log)) {
        line["partition"] = r.attempt;
    } else if (r.attempt != 0 && !isGroupRecord(r.kind)) {
        line["attempt"] = r.attempt;
    }
    if (r.kind == RecordKind::Delivered) {
        line["redelivered"] = r.detail == 1;
    }
    std::optional<Message> returned; // a return's record names its message by id alone
    if (r.kind == RecordKind::Returned && message == nullptr) {
        returned = m_simulation.messages().findById(r.message);
        message = returned ? &*returned : nullptr;
    }
    if (auto headers = m_headers.onRecord(r, message)) {
        line["headers"] = std::move(*headers);
    }
    switch (r.kind) {
    case RecordKind::Dropped:
        line["reason"] = dropReasonName(static_cast<DropReason>(r.detail));
        break;
    case RecordKind::DeadLettered:
        line["reason"] = deadLetterReasonName(static_cast<DeadLetterReason>(r.detail));
        if (message != nullptr) {
            line["routing_key"] = m_headers.deadLetterRoutingKey(r, *message);
        }
        break;
    case RecordKind::ChannelClosed:
        line["cause"] = channelCloseCauseName(static_cast<ChannelCloseCause>(r.detail));
        break;
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded:
        line["fault"] = faultKindName(static_cast<FaultKind>(r.detail));
        line["intervention"] = r.message;
        break;
    case RecordKind::Confirmed:
        line["nack"] = r.detail == 1;
        break;
    case RecordKind::Returned: // basic.return's reply, as a client library reports it
        line["reply_code"] = 312;
        line["reply_text"] = "NO_ROUTE";
        break;
    case RecordKind::Published:
        if (r.detail == 1) {
            line["retry"] = true;
        }
        break;
    case RecordKind::TransactionCommitted:
        line["transaction"] = r.message;
        break;
    case RecordKind::TransactionAborted:
        line["transaction"] = r.message;
        line["reason"] = transactionAbortName(static_cast<TransactionAbort>(r.detail));
        break;
    case RecordKind::LeaderElected:
        line["offline"] = r.aux == 0; // no in-sync replica is up to lead it
        line["cut"] = r.message;      // records its old leader wrote that nobody copied
        if (r.detail == 1) {          // a running leader gave way to the preferred one
            line["preferred"] = true;
        }
        break;
    default:
        break;
    }
    if (message != nullptr && message->eventId != message->id) {
        line["event"] = "evt-" + std::to_string(message->eventId);
    }
    if (r.kind == RecordKind::Published && message != nullptr) {
        line["envelope"] = envelopeJson(envelopeOf(m_simulation, *message, r.entity));
    }
    m_out.write(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    m_out.write('\n');
}

} // namespace evsim
