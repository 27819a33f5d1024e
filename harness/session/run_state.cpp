#include "harness/session/run_state.h"

namespace evsim {
namespace {

// Which copies a drop or a dead-lettering takes from the ready ones (the rest were delivered).
bool fromReady(DropReason reason) {
    switch (reason) {
    case DropReason::Expired:
    case DropReason::MaxLength:
    case DropReason::BrokerRestart:
    case DropReason::Purged:
    // A log's group skips these without handing them out (KAFKA09-11).
    case DropReason::Retention:
    case DropReason::Compacted:
    case DropReason::Aborted:
    case DropReason::Skipped: // passed by a seek, or handed back before it (KAFKA07)
        return true;
    default:
        return false;
    }
}

bool fromReady(DeadLetterReason reason) {
    return reason == DeadLetterReason::Expired || reason == DeadLetterReason::MaxLength;
}

} // namespace

void RunState::resize(std::size_t entities) {
    if (queues.size() < entities) {
        queues.resize(entities);
        held.resize(entities, 0);
        instances.resize(entities);
        alerts.resize(entities, false);
        notConsuming.resize(entities, false);
        deleted.resize(entities, false);
        nodeDown.resize(entities, false);
        nodeSlow.resize(entities, false);
    }
}

void RunState::apply(const Record& r, const EntityTable& entities) {
    ++applied;
    resize(entities.size());
    switch (r.kind) {
    case RecordKind::Enqueued:
        ++queues[r.entity].ready;
        break;
    case RecordKind::Delivered:
        --queues[r.entity].ready;
        ++queues[r.entity].unacked;
        ++held[r.aux];
        break;
    case RecordKind::Acked:
        --queues[r.entity].unacked;
        break;
    case RecordKind::Requeued:
        --queues[r.entity].unacked;
        ++queues[r.entity].ready;
        break;
    case RecordKind::Processed:
    case RecordKind::Failed:
    case RecordKind::Deduplicated:
        if (held[r.entity] > 0) {
            --held[r.entity];
        }
        break;
    case RecordKind::Dropped: {
        const auto reason = static_cast<DropReason>(r.detail);
        const EntityKind kind = entities[r.entity].kind;
        if (kind != EntityKind::Queue || reason == DropReason::RefusedPublish ||
            reason == DropReason::DeadLetterCycle) {
            break; // not a copy that was in the queue
        }
        (fromReady(reason) ? queues[r.entity].ready : queues[r.entity].unacked) -= 1;
        break;
    }
    case RecordKind::DeadLettered: {
        const auto reason = static_cast<DeadLetterReason>(r.detail);
        (fromReady(reason) ? queues[r.entity].ready : queues[r.entity].unacked) -= 1;
        break;
    }
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded: {
        const bool on = r.kind == RecordKind::FaultStarted;
        Instance& i = instances[r.entity];
        switch (static_cast<FaultKind>(r.detail)) {
        case FaultKind::Crash:
            i.crashed = on;
            i.hung = false;
            break;
        case FaultKind::Pause:
            i.paused = on;
            break;
        case FaultKind::Hang:
            i.hung = on;
            break;
        case FaultKind::SlowDown:
            i.slow = on;
            break;
        case FaultKind::ErrorBurst:
            i.erroring = on;
            break;
        case FaultKind::LinkFault:
            i.linkFault = on;
            break;
        case FaultKind::BrokerDown:
            // The broker restarts whole, or one broker of a cluster ("broker-2") stops.
            if (isClusterBroker(entities[r.entity])) {
                nodeDown[r.entity] = on;
            } else {
                brokerDown = on;
            }
            break;
        case FaultKind::SlowBroker:
            nodeSlow[r.entity] = on;
            break;
        case FaultKind::NotConsuming:
            notConsuming[r.entity] = on;
            break;
        case FaultKind::ExchangeDeleted:
            deleted[r.entity] = on;
            break;
        case FaultKind::RollingDeploy:
            i.schemaVersion = static_cast<std::uint8_t>(r.attempt);
            break;
        default:
            break;
        }
        break;
    }
    case RecordKind::ChannelClosed:
        held[r.entity] = 0; // what it held went back to the queue
        break;
    case RecordKind::AlertRaised:
    case RecordKind::AlertResolved:
        alerts[r.entity] = r.kind == RecordKind::AlertRaised;
        break;
    default:
        break;
    }
}

} // namespace evsim
