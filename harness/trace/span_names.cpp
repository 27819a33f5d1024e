#include "harness/trace/span_names.h"

namespace evsim {
namespace {

SpanAttribute text(std::string key, std::string value) {
    SpanAttribute a;
    a.key = std::move(key);
    a.text = std::move(value);
    return a;
}

SpanAttribute number(std::string key, std::int64_t value) {
    SpanAttribute a;
    a.key = std::move(key);
    a.type = SpanAttribute::Type::Int;
    a.number = value;
    return a;
}

SpanAttribute flag(std::string key, bool value) {
    SpanAttribute a;
    a.key = std::move(key);
    a.type = SpanAttribute::Type::Bool;
    a.flag = value;
    return a;
}

// The service entity of a producer, consumer or instance.
EntityId serviceEntity(EntityId id, const EntityTable& entities) {
    const EntityInfo& e = entities[id];
    return e.kind == EntityKind::Service ? id : e.parent;
}

} // namespace

std::string_view messagingSystem(const TraceNames& names) {
    return names.log ? "kafka" : "rabbitmq";
}

std::string_view operationType(const Span& span) {
    switch (span.operation) {
    case SpanOperation::Send:
        return "send";
    case SpanOperation::Process:
        return "process";
    case SpanOperation::Settle:
        return "settle";
    case SpanOperation::Broker:
        return "";
    }
    return "";
}

std::string_view operationName(const Span& span, const TraceNames& names) {
    switch (span.operation) {
    case SpanOperation::Send:
        return names.log ? "send" : "publish";
    case SpanOperation::Process:
        return "process";
    case SpanOperation::Broker:
        return names.log ? "log" : "queue";
    case SpanOperation::Settle:
        break;
    }
    if (names.log) {
        return span.settlement == SpanSettlement::Ack ? "commit" : "seek";
    }
    switch (span.settlement) {
    case SpanSettlement::Ack:
        return "ack";
    case SpanSettlement::Requeue:
        return "nack";
    case SpanSettlement::Reject:
        return "reject";
    }
    return "ack";
}

OtelSpanKind spanKind(const Span& span) {
    switch (span.operation) {
    case SpanOperation::Send:
        return OtelSpanKind::Producer;
    case SpanOperation::Process:
        return OtelSpanKind::Consumer;
    case SpanOperation::Settle:
        return OtelSpanKind::Client;
    case SpanOperation::Broker:
        break;
    }
    return OtelSpanKind::Internal;
}

std::string destinationOf(const Span& span, const TraceNames& names) {
    // A log's consumer reads a topic: its spans name the topic, and the group apart.
    const EntityId where = names.log && span.operation != SpanOperation::Send && span.via != 0
                               ? span.via
                               : span.destination;
    return where == 0 ? "" : names.entities[where].name;
}

std::string spanName(const Span& span, const TraceNames& names) {
    std::string destination = destinationOf(span, names);
    if (destination.empty()) {
        destination = span.operation == SpanOperation::Send ? "(default)" : "";
    }
    std::string name(operationName(span, names));
    return destination.empty() ? name : name + " " + destination;
}

std::string serviceOf(const Span& span, const TraceNames& names) {
    if (span.operation == SpanOperation::Broker || span.actor == 0) {
        return std::string(messagingSystem(names));
    }
    const EntityId service = serviceEntity(span.actor, names.entities);
    return service == 0 ? names.entities[span.actor].name : names.entities[service].name;
}

std::string instanceOf(const Span& span, const TraceNames& names) {
    if (span.operation == SpanOperation::Broker || span.actor == 0) {
        return "";
    }
    // Producers and consumers are named after their instance: "billing#2<-orders",
    // "orders#1/OrderPlaced".
    const std::string& name = names.entities[span.actor].name;
    const std::size_t hash = name.find('#');
    if (hash == std::string::npos) {
        return name;
    }
    std::size_t end = hash + 1;
    while (end < name.size() && name[end] >= '0' && name[end] <= '9') {
        ++end;
    }
    return name.substr(0, end);
}

std::string_view errorType(SpanError error) {
    switch (error) {
    case SpanError::None:
        return "";
    case SpanError::ProcessingFailed:
        return "processing_failed";
    case SpanError::Interrupted:
        return "interrupted";
    case SpanError::Nacked:
        return "nacked";
    case SpanError::Unroutable:
        return "unroutable";
    case SpanError::Lost:
        return "lost";
    case SpanError::Dropped:
        return "dropped";
    case SpanError::DeadLettered:
        return "dead_lettered";
    case SpanError::SchemaMismatch:
        return "schema_mismatch";
    }
    return "";
}

std::string messageLabel(const Span& span, const TraceSet& set, const TraceNames& names) {
    const auto it = set.facts.find(span.message);
    if (it == set.facts.end()) {
        return "msg-" + std::to_string(span.message);
    }
    return names.eventTypes[it->second.eventType] + " evt-" + std::to_string(it->second.eventId);
}

std::vector<SpanAttribute> spanAttributes(const Span& span, const TraceSet& set,
                                          const TraceNames& names) {
    std::vector<SpanAttribute> out;
    out.push_back(text("messaging.system", std::string(messagingSystem(names))));
    out.push_back(text("messaging.operation.name", std::string(operationName(span, names))));
    if (const std::string_view type = operationType(span); !type.empty()) {
        out.push_back(text("messaging.operation.type", std::string(type)));
    }
    out.push_back(text("messaging.destination.name", destinationOf(span, names)));
    const auto facts = set.facts.find(span.message);
    if (facts != set.facts.end()) {
        const MessageFacts& f = facts->second;
        out.push_back(text("messaging.message.id", "evt-" + std::to_string(f.eventId)));
        out.push_back(number("messaging.message.body.size", f.bodyBytes));
        out.push_back(text("cloudevents.event_id", "evt-" + std::to_string(f.eventId)));
        out.push_back(text("cloudevents.event_type", names.eventTypes[f.eventType]));
        out.push_back(text("cloudevents.event_source",
                           "/" + names.entities[serviceEntity(f.publisher, names.entities)].name));
        out.push_back(number("evsim.schema_version", f.schemaVersion));
        const std::string& key = names.strings[f.routingKey];
        if (!key.empty()) {
            out.push_back(text(names.log ? "messaging.kafka.message.key"
                                         : "messaging.rabbitmq.destination.routing_key",
                               key));
        }
    }
    if (span.partition >= 0) {
        out.push_back(text("messaging.destination.partition.id", std::to_string(span.partition)));
    }
    if (names.log && span.operation != SpanOperation::Send && span.destination != 0) {
        out.push_back(text("messaging.consumer.group.name", names.entities[span.destination].name));
    }
    if (span.operation == SpanOperation::Process && !names.log) {
        out.push_back(
            text("messaging.destination.subscription.name", names.entities[span.destination].name));
    }
    if (const std::string instance = instanceOf(span, names); !instance.empty()) {
        out.push_back(text("messaging.client.id", names.entities[span.actor].name));
    }
    if (span.operation == SpanOperation::Process || span.operation == SpanOperation::Settle) {
        out.push_back(number("evsim.delivery.attempt", span.attempt));
    }
    if (span.operation == SpanOperation::Send && span.attempt > 1) {
        out.push_back(number("evsim.publish.attempt", span.attempt));
    }
    if (span.redelivered) {
        out.push_back(flag("evsim.redelivered", true));
    }
    if (span.error != SpanError::None) {
        out.push_back(text("error.type", std::string(errorType(span.error))));
    }
    if (span.unfinished) {
        out.push_back(flag("evsim.unfinished", true));
    }
    return out;
}

std::string eventName(const SpanEvent& event) {
    switch (event.kind) {
    case RecordKind::DeadLettered:
        return "dead_lettered";
    case RecordKind::Expired:
        return "expired";
    case RecordKind::Requeued:
        return "requeued";
    case RecordKind::Returned:
        return "returned";
    case RecordKind::Confirmed:
        return event.detail == 1 ? "nacked" : "confirmed";
    case RecordKind::LostInTransit:
        return "lost";
    case RecordKind::Duplicated:
        return "duplicated";
    case RecordKind::Deduplicated:
        return "deduplicated";
    case RecordKind::SingledOut:
        return "message_fault";
    case RecordKind::Dropped:
        return "dropped";
    default:
        return std::string(recordKindName(event.kind));
    }
}

std::vector<SpanAttribute> eventAttributes(const SpanEvent& event, const TraceNames& names) {
    std::vector<SpanAttribute> out;
    switch (event.kind) {
    case RecordKind::DeadLettered:
        out.push_back(text("evsim.reason", std::string(deadLetterReasonName(
                                               static_cast<DeadLetterReason>(event.detail)))));
        out.push_back(text("evsim.dead_letter_exchange", names.entities[event.aux].name));
        break;
    case RecordKind::Dropped:
        out.push_back(text("evsim.reason",
                           std::string(dropReasonName(static_cast<DropReason>(event.detail)))));
        break;
    default:
        break;
    }
    if (event.entity != 0) {
        out.push_back(text("evsim.entity", names.entities[event.entity].name));
    }
    return out;
}

} // namespace evsim
