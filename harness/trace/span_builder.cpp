#include "harness/trace/span_builder.h"

#include "simulator/kernel/random.h"

#include <algorithm>

namespace evsim {
namespace {

std::uint64_t key(std::uint32_t message, EntityId entity) {
    return (std::uint64_t{message} << 32) | entity;
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t state = a ^ (b * 0x9e3779b97f4a7c15ULL);
    const std::uint64_t v = splitMix64(state);
    return v == 0 ? 1 : v;
}

} // namespace

std::uint64_t brokerSpanIdOf(std::uint64_t seed, std::uint32_t message, EntityId queue,
                             std::uint32_t copy) {
    return mix(seed ^ 0x42524f4bULL, (key(message, queue) << 8) ^ copy);
}

std::uint64_t settleSpanIdOf(std::uint64_t process) {
    return mix(process, 0x534554544cULL);
}

SpanBuilder::SpanBuilder(std::uint64_t seed, const EntityTable& entities, bool log,
                         TraceLimits limits)
    : m_seed(seed), m_entities(entities), m_log(log), m_limits(limits) {}

bool SpanBuilder::admit(std::uint32_t root) {
    if (m_roots.contains(root)) {
        return true;
    }
    if (m_leftOut.contains(root)) {
        return false;
    }
    if (m_limits.only && traceIdOf(m_seed, root) != *m_limits.only) {
        return false; // not one asked for: not counted as left out
    }
    if (m_roots.size() >= m_limits.maxTraces || m_out.spans.size() >= m_limits.maxSpans) {
        m_leftOut.insert(root);
        return false;
    }
    m_roots.insert(root);
    return true;
}

int SpanBuilder::add(Span span) {
    if (m_out.spans.size() >= 2 * m_limits.maxSpans) {
        m_out.cut = true;
        return -1;
    }
    m_out.spans.push_back(std::move(span));
    return static_cast<int>(m_out.spans.size() - 1);
}

Span* SpanBuilder::spanAt(int index) {
    return index < 0 ? nullptr : &m_out.spans[static_cast<std::size_t>(index)];
}

void SpanBuilder::onRecord(const Record& r, const Message* message) {
    if (isGroupRecord(r.kind) || messageOf(r) == 0) {
        return; // about a group, a partition or a fault, not one message
    }
    if (r.kind == RecordKind::Published) {
        if (message != nullptr) {
            published(r, *message);
        }
        return;
    }
    const auto state = m_messages.find(r.message);
    if (state == m_messages.end()) {
        return; // a trace not kept
    }
    switch (r.kind) {
    case RecordKind::Enqueued:
        enqueued(r, state->second);
        return;
    case RecordKind::Delivered:
        delivered(r, state->second);
        return;
    case RecordKind::Processed:
    case RecordKind::Failed:
    case RecordKind::Deduplicated:
        processed(r);
        return;
    case RecordKind::Acked:
        settled(r, SpanSettlement::Ack);
        return;
    case RecordKind::Requeued:
        settled(r, SpanSettlement::Requeue);
        return;
    case RecordKind::Expired:
        brokerEvent(r, r.entity, false, SpanError::None);
        return;
    case RecordKind::DeadLettered:
        m_deadLettered[r.message] = {m_copies[key(r.message, r.entity)].broker, r.aux};
        brokerEvent(r, r.entity, true, SpanError::DeadLettered);
        return;
    case RecordKind::Dropped:
        dropped(r);
        return;
    case RecordKind::Confirmed:
        sendEvent(r, r.detail == 1 ? SpanError::Nacked : SpanError::None);
        return;
    case RecordKind::Returned:
        sendEvent(r, SpanError::Unroutable);
        return;
    case RecordKind::LostInTransit:
    case RecordKind::Duplicated:
    case RecordKind::SingledOut:
        sendEvent(r, SpanError::None);
        return;
    default:
        return;
    }
}

void SpanBuilder::published(const Record& r, const Message& m) {
    const std::uint32_t root = m.traceRoot != 0 ? m.traceRoot : m.id;
    if (!admit(root)) {
        return;
    }
    Span s;
    s.trace = traceIdOf(m_seed, root);
    s.id = sendSpanIdOf(m_seed, m.id);
    s.parent = parentSpanIdOf(m_seed, m, r.entity);
    s.operation = SpanOperation::Send;
    s.message = m.id;
    s.root = root;
    s.attempt = r.attempt;
    s.actor = r.entity;
    s.destination = r.aux;
    s.start = r.time;
    s.end = SimTime::max(); // until the broker has it, or confirms it
    const int index = add(std::move(s));
    if (index < 0) {
        return;
    }
    m_messages[m.id] = {index, root};
    m_out.facts[m.id] = {m.eventId,       m.routingKey, m.bodyBytes, m.eventType,
                         m.schemaVersion, m.retries,    r.entity};
}

void SpanBuilder::enqueued(const Record& r, const MessageState& state) {
    Span* send = spanAt(state.send);
    if (send == nullptr) {
        return;
    }
    if (send->end == SimTime::max()) {
        send->end = r.time;
    }
    CopyState& copy = m_copies[key(r.message, r.entity)];
    ++copy.copies;
    Span s;
    s.trace = send->trace;
    s.id = brokerSpanIdOf(m_seed, r.message, r.entity, copy.copies);
    s.parent = send->id;
    // Through a dead-letter exchange: under the copy that died.
    if (const auto dl = m_deadLettered.find(r.message);
        dl != m_deadLettered.end() && dl->second.second == r.aux) {
        if (const Span* died = spanAt(dl->second.first)) {
            s.parent = died->id;
        }
    }
    s.operation = SpanOperation::Broker;
    s.message = r.message;
    s.root = state.root;
    s.actor = r.entity;
    s.destination = r.entity;
    s.via = r.aux;
    s.partition = m_log ? static_cast<std::int32_t>(r.attempt) : -1;
    s.start = r.time;
    s.end = SimTime::max();
    copy.broker = add(std::move(s));
    copy.lastProcess = -1;
}

void SpanBuilder::delivered(const Record& r, const MessageState& state) {
    const Span* send = spanAt(state.send);
    CopyState& copy = m_copies[key(r.message, r.entity)];
    const Span* broker = spanAt(copy.broker);
    if (send == nullptr) {
        return;
    }
    Span s;
    s.trace = send->trace;
    s.id = processSpanIdOf(m_seed, r.message, r.aux, r.attempt);
    // Push delivery of one message: its creation context is the parent, and linked too, as
    // the conventions ask of every Process span.
    s.parent = send->id;
    s.link = send->id;
    s.operation = SpanOperation::Process;
    s.message = r.message;
    s.root = state.root;
    s.attempt = r.attempt;
    s.redelivered = r.detail == 1;
    s.actor = r.aux;
    s.destination = r.entity;
    s.via = broker != nullptr ? broker->via : 0;
    s.partition = broker != nullptr ? broker->partition : -1;
    s.start = r.time;
    s.end = SimTime::max();
    const int index = add(std::move(s));
    m_processing[key(r.message, r.aux)] = index;
    copy.lastProcess = index;
}

void SpanBuilder::processed(const Record& r) {
    const auto it = m_processing.find(key(r.message, r.entity));
    Span* s = it == m_processing.end() ? nullptr : spanAt(it->second);
    if (s == nullptr || s->end != SimTime::max()) {
        return;
    }
    s->end = r.time;
    if (r.kind == RecordKind::Failed) {
        s->error = static_cast<FailureCause>(r.detail) == FailureCause::SchemaMismatch
                       ? SpanError::SchemaMismatch
                       : SpanError::ProcessingFailed;
    }
    if (r.kind == RecordKind::Deduplicated) {
        s->events.push_back({r.time, r.kind, r.detail, r.entity, r.aux});
    }
}

void SpanBuilder::settled(const Record& r, SpanSettlement how) {
    // entity: the queue; aux: the consumer.
    CopyState& copy = m_copies[key(r.message, r.entity)];
    const auto it = m_processing.find(key(r.message, r.aux));
    Span* process = it == m_processing.end() ? nullptr : spanAt(it->second);
    if (process != nullptr && process->end == SimTime::max()) {
        // Taken back before the processing ended: the instance crashed or disconnected.
        process->end = r.time;
        process->error = SpanError::Interrupted;
    }
    if (how == SpanSettlement::Requeue) {
        brokerEvent(r, r.entity, false, SpanError::None);
    }
    if (process != nullptr && process->error != SpanError::Interrupted) {
        addSettle(*process, how, r.entity, r.time);
    }
    if (how == SpanSettlement::Ack) {
        if (Span* broker = spanAt(copy.broker);
            broker != nullptr && broker->end == SimTime::max()) {
            broker->end = r.time;
        }
    }
}

void SpanBuilder::addSettle(const Span& process, SpanSettlement how, EntityId queue, SimTime at) {
    Span s;
    s.trace = process.trace;
    s.id = settleSpanIdOf(process.id);
    s.parent = process.id;
    s.operation = SpanOperation::Settle;
    s.settlement = how;
    s.message = process.message;
    s.root = process.root;
    s.attempt = process.attempt;
    s.actor = process.actor;
    s.destination = queue;
    s.partition = process.partition;
    s.start = std::min(process.end, at);
    s.end = at;
    add(std::move(s)); // last: it may move `process`
}

void SpanBuilder::brokerEvent(const Record& r, EntityId queue, bool ends, SpanError error) {
    const auto it = m_copies.find(key(r.message, queue));
    if (it == m_copies.end()) {
        return;
    }
    Span* broker = spanAt(it->second.broker);
    if (broker == nullptr) {
        return;
    }
    broker->events.push_back({r.time, r.kind, r.detail, r.entity, r.aux});
    if (ends && broker->end == SimTime::max()) {
        broker->end = r.time;
        broker->error = error;
    }
    // A rejection that dead-letters or drops the copy settles the delivery that failed.
    Span* process = spanAt(it->second.lastProcess);
    const bool rejected = (r.kind == RecordKind::DeadLettered &&
                           static_cast<DeadLetterReason>(r.detail) == DeadLetterReason::Rejected) ||
                          (r.kind == RecordKind::Dropped &&
                           static_cast<DropReason>(r.detail) == DropReason::Rejected);
    const bool failed = process != nullptr && (process->error == SpanError::ProcessingFailed ||
                                               process->error == SpanError::SchemaMismatch);
    if (rejected && failed) {
        it->second.lastProcess = -1;
        addSettle(*process, SpanSettlement::Reject, queue, r.time);
    }
}

void SpanBuilder::sendEvent(const Record& r, SpanError error) {
    const auto it = m_messages.find(r.message);
    Span* send = it == m_messages.end() ? nullptr : spanAt(it->second.send);
    if (send == nullptr) {
        return;
    }
    send->events.push_back({r.time, r.kind, r.detail, r.entity, r.aux});
    if (r.kind == RecordKind::Confirmed || r.kind == RecordKind::Returned) {
        // The publish call lasts until the broker answers it.
        send->end = send->end == SimTime::max() ? r.time : std::max(send->end, r.time);
    }
    if (error != SpanError::None) {
        send->error = error;
    }
}

void SpanBuilder::dropped(const Record& r) {
    const EntityKind kind = m_entities[r.entity].kind;
    const auto reason = static_cast<DropReason>(r.detail);
    if (kind == EntityKind::Queue) {
        brokerEvent(r, r.entity, true,
                    reason == DropReason::Compacted ? SpanError::None : SpanError::Dropped);
        return;
    }
    if (kind == EntityKind::Consumer) {
        // Lost in the consumer's hands: under auto-ack, or when its instance crashed.
        const auto it = m_processing.find(key(r.message, r.entity));
        if (Span* s = it == m_processing.end() ? nullptr : spanAt(it->second)) {
            s->events.push_back({r.time, r.kind, r.detail, r.entity, r.aux});
            if (s->end == SimTime::max()) {
                s->end = r.time;
                s->error = SpanError::Interrupted;
            }
        }
        brokerEvent(r, r.aux, true, SpanError::Dropped);
        return;
    }
    // An exchange or topic (unroutable, no exchange, a repeat written once) or a link.
    const bool lost = reason != DropReason::Deduplicated;
    sendEvent(r, !lost                              ? SpanError::None
                 : reason == DropReason::Unroutable ? SpanError::Unroutable
                                                    : SpanError::Lost);
    const auto it = m_messages.find(r.message);
    if (Span* send = it == m_messages.end() ? nullptr : spanAt(it->second.send);
        send != nullptr && send->end == SimTime::max()) {
        send->end = r.time;
    }
}

TraceSet SpanBuilder::finish(SimTime end) {
    for (Span& s : m_out.spans) {
        if (s.end == SimTime::max()) {
            s.end = std::max(end, s.start);
            s.unfinished = true;
        }
    }
    m_out.traces = m_roots.size();
    m_out.tracesLeftOut = m_leftOut.size();
    return std::move(m_out);
}

} // namespace evsim
